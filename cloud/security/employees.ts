// Runtime: Node. Employee accounts managed by the outlet: creation from role templates, permission changes,
// copy-from-another-account with an exact preview, limits, disabling. Invariants:
// - nobody grants (or takes away) a permission they do not hold themselves; a non-master cannot raise a
//   limit above their own;
// - nobody edits their own permissions or limits, and the master account is never edited here;
// - every change is audited in the same transaction with before/after, and alerts the owner.
import { v4 as uuidv4 } from 'uuid';
import { z } from 'zod';
import { zText } from '../../shared/text';
import { AppError } from '../../shared/errors';
import { zFen } from '../../shared/money';
import {
  PERMISSIONS,
  ROLE_TEMPLATES,
  SENSITIVE_PERMISSIONS,
  zPermission,
  type Permission,
} from '../../shared/permissions';
import { zPassword, zUsername } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { effectivePermissions } from '../auth/accounts';
import { hashPassword } from '../auth/passwords';
import type { SecureEmployeeRow } from './session-auth';

export const zRoleTemplate = z.enum(
  Object.keys(ROLE_TEMPLATES) as [keyof typeof ROLE_TEMPLATES, ...(keyof typeof ROLE_TEMPLATES)[]],
);
/** An employee's limits. The discount share (basis points off, 10000 = any) and the refund amount are the
 *  till's limits for discounts and returns (issue 11): optional, so an older back office that sends only the
 *  first two leaves them as they are. */
export const zLimits = z
  .object({
    maxDiscountFen: zFen,
    dailyTransferCapFen: zFen,
    maxDiscountBps: z.number().int().min(0).max(10_000).optional(),
    maxRefundFen: zFen.optional(),
  })
  .strict();

export const zCreateEmployee = z
  .object({
    username: zUsername,
    name: zText().trim().min(1).max(64),
    password: zPassword,
    role: zRoleTemplate.optional(),
    permissions: z.array(zPermission).max(PERMISSIONS.length).default([]),
    limits: zLimits.optional(),
    superPassword: zText().max(128).optional(),
    totpCode: zText().max(16).optional(),
  })
  .strict();
export const zSetPermissions = z
  .object({
    permissions: z.array(zPermission).max(PERMISSIONS.length),
    superPassword: zText().max(128).optional(),
    totpCode: zText().max(16).optional(),
  })
  .strict();
export const zCopyPermissions = z
  .object({
    fromEmployeeId: z.uuid(),
    superPassword: zText().max(128).optional(),
    totpCode: zText().max(16).optional(),
  })
  .strict();
export const zIdParam = z.object({ id: z.uuid() });

export interface EmployeeView {
  id: string;
  username: string;
  name: string;
  isMaster: boolean;
  permissions: Permission[];
  limits: { maxDiscountFen: number; dailyTransferCapFen: number; maxDiscountBps: number; maxRefundFen: number };
  disabled: boolean;
  superPasswordSet: boolean;
  totpEnrolled: boolean;
  ipAllowlist: string[];
  phoneVerified: boolean;
  emailVerified: boolean;
  /** the staff card's last 4 characters (员工卡 尾号 1234), or null without a card */
  cardHint: string | null;
}

export function viewOf(e: SecureEmployeeRow): EmployeeView {
  return {
    id: e.id,
    username: e.username,
    name: e.name,
    isMaster: e.is_master,
    permissions: effectivePermissions(e),
    limits: {
      maxDiscountFen: Number(e.max_discount_fen),
      dailyTransferCapFen: Number(e.daily_transfer_cap_fen),
      maxDiscountBps: Number(e.max_discount_bps),
      maxRefundFen: Number(e.max_refund_fen),
    },
    disabled: e.disabled_at !== null,
    superPasswordSet: e.super_password_hash !== null,
    totpEnrolled: e.totp_secret !== null,
    ipAllowlist: e.ip_allowlist,
    phoneVerified: e.phone_verified_at !== null,
    emailVerified: e.email_verified_at !== null,
    cardHint: e.card_hash !== null ? e.card_hint : null,
  };
}

const sorted = (ps: Iterable<Permission>): Permission[] => PERMISSIONS.filter((p) => new Set(ps).has(p));

/** Throws FORBIDDEN unless the actor holds every permission in `touched`. */
export function assertCanGrant(actor: SecureEmployeeRow, touched: readonly Permission[]): void {
  const held = new Set(effectivePermissions(actor));
  const missing = touched.filter((p) => !held.has(p));
  if (missing.length)
    throw new AppError('FORBIDDEN', `You cannot grant or remove permissions you do not hold: ${missing.join(', ')}`, {
      reason: 'GRANT_EXCEEDS_OWN',
      permissions: missing,
    });
}

export interface Limits {
  maxDiscountFen: number;
  dailyTransferCapFen: number;
  maxDiscountBps?: number | undefined;
  maxRefundFen?: number | undefined;
}

export function assertLimitsWithin(actor: SecureEmployeeRow, limits: Limits): void {
  if (actor.is_master) return;
  if (
    limits.maxDiscountFen > Number(actor.max_discount_fen) ||
    limits.dailyTransferCapFen > Number(actor.daily_transfer_cap_fen) ||
    (limits.maxDiscountBps ?? 0) > Number(actor.max_discount_bps) ||
    (limits.maxRefundFen ?? 0) > Number(actor.max_refund_fen)
  ) {
    throw new AppError('FORBIDDEN', 'You cannot give limits above your own', { reason: 'LIMIT_EXCEEDS_OWN' });
  }
}

export async function loadEmployee(
  q: Queryable,
  orgId: string,
  id: string,
  forUpdate = false,
): Promise<SecureEmployeeRow> {
  const { rows } = await q.query<SecureEmployeeRow>(
    `SELECT * FROM employees WHERE id = $1 AND org_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [id, orgId],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', 'No such employee in this outlet');
  return rows[0];
}

/** A target the actor may edit: same org, not the master, not themselves. */
export async function editableTarget(q: Queryable, actor: SecureEmployeeRow, id: string): Promise<SecureEmployeeRow> {
  if (id === actor.id)
    throw new AppError('FORBIDDEN', 'Nobody can change their own permissions or limits', { reason: 'SELF_EDIT' });
  const t = await loadEmployee(q, actor.org_id, id, true);
  if (t.is_master) throw new AppError('FORBIDDEN', 'The master account cannot be edited here', { reason: 'MASTER' });
  return t;
}

export const limitsOf = (input: z.infer<typeof zCreateEmployee>): Limits =>
  input.limits ?? { maxDiscountFen: 0, dailyTransferCapFen: 0 };

export function permissionsForCreate(input: z.infer<typeof zCreateEmployee>): Permission[] {
  return sorted([...(input.role ? ROLE_TEMPLATES[input.role] : []), ...input.permissions]);
}

export async function insertEmployee(
  q: Queryable,
  actor: SecureEmployeeRow,
  input: z.infer<typeof zCreateEmployee>,
  perms: Permission[],
  now: number,
): Promise<SecureEmployeeRow> {
  const exists = await q.query('SELECT 1 FROM employees WHERE username = $1', [input.username]);
  if (exists.rows.length) throw new AppError('CONFLICT', 'This username is taken', { reason: 'USERNAME_TAKEN' });
  const { rows } = await q.query<SecureEmployeeRow>(
    `INSERT INTO employees (id, org_id, username, name, password_hash, is_master, permissions, max_discount_fen, daily_transfer_cap_fen, created_by, created_at, max_discount_bps, max_refund_fen)
     VALUES ($1, $2, $3, $4, $5, false, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
    [
      uuidv4(),
      actor.org_id,
      input.username,
      input.name,
      await hashPassword(input.password),
      perms,
      limitsOf(input).maxDiscountFen,
      limitsOf(input).dailyTransferCapFen,
      actor.id,
      now,
      limitsOf(input).maxDiscountBps ?? 10_000, // the column's default: only the amount limit binds
      limitsOf(input).maxRefundFen ?? 0,
    ],
  );
  return rows[0]!;
}

export interface PermissionDiff {
  /** the exact permission set the target will hold */
  result: Permission[];
  added: Permission[];
  removed: Permission[];
  /** added permissions that are sensitive: the change needs the super password */
  sensitiveAdded: Permission[];
  needsSuperPassword: boolean;
  /** permissions the actor cannot grant/remove (the change would be refused) */
  notAllowed: Permission[];
}

export function diffPermissions(
  actor: SecureEmployeeRow,
  target: SecureEmployeeRow,
  next: readonly Permission[],
): PermissionDiff {
  const cur = new Set(effectivePermissions(target));
  const nxt = new Set(next);
  const added = sorted([...nxt].filter((p) => !cur.has(p)));
  const removed = sorted([...cur].filter((p) => !nxt.has(p)));
  const held = new Set(effectivePermissions(actor));
  const sensitiveAdded = added.filter((p) => SENSITIVE_PERMISSIONS.has(p));
  return {
    result: sorted(nxt),
    added,
    removed,
    sensitiveAdded,
    needsSuperPassword: sensitiveAdded.length > 0,
    notAllowed: [...added, ...removed].filter((p) => !held.has(p)),
  };
}

/** Every employee of the org, the master first, then by username. */
export async function listEmployees(q: Queryable, orgId: string): Promise<SecureEmployeeRow[]> {
  const { rows } = await q.query<SecureEmployeeRow>(
    'SELECT * FROM employees WHERE org_id = $1 ORDER BY is_master DESC, username',
    [orgId],
  );
  return rows;
}

/** The addresses (normalised CIDRs) the employee may log in from; empty = anywhere. */
export async function writeIpAllowlist(q: Queryable, targetId: string, cidrs: string[]): Promise<void> {
  await q.query('UPDATE employees SET ip_allowlist = $2 WHERE id = $1', [targetId, cidrs]);
}

export async function writePermissions(q: Queryable, targetId: string, perms: Permission[]): Promise<void> {
  await q.query('UPDATE employees SET permissions = $2 WHERE id = $1', [targetId, perms]);
}

export async function writeLimits(q: Queryable, targetId: string, l: Limits): Promise<void> {
  await q.query(
    `UPDATE employees SET max_discount_fen = $2, daily_transfer_cap_fen = $3,
       max_discount_bps = coalesce($4, max_discount_bps), max_refund_fen = coalesce($5, max_refund_fen)
     WHERE id = $1`,
    [targetId, l.maxDiscountFen, l.dailyTransferCapFen, l.maxDiscountBps ?? null, l.maxRefundFen ?? null],
  );
}

/** Disabling ends every session of the account at once. */
export async function disableEmployee(q: Queryable, targetId: string, now: number): Promise<void> {
  await q.query('UPDATE employees SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL', [targetId, now]);
  await q.query('DELETE FROM sessions WHERE employee_id = $1', [targetId]);
}

/** Lets a disabled employee log in again (with the same password and permissions as before). */
export async function enableEmployee(q: Queryable, targetId: string): Promise<void> {
  await q.query('UPDATE employees SET disabled_at = NULL WHERE id = $1', [targetId]);
}
