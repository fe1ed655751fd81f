// Runtime: Node. Employee accounts: credential checks with failure counting and lockout (guesses.ts).
// Failure counts are written outside any request transaction so a rejected attempt still counts.
import { AppError } from '../../shared/errors';
import { PERMISSIONS, type Permission } from '../../shared/permissions';
import type { Queryable } from '../db/types';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { guess, LOGIN_GUESSES } from './guesses';
import { limitsOf } from './policy';

export interface EmployeeRow {
  id: string;
  org_id: string;
  username: string;
  name: string;
  password_hash: string;
  is_master: boolean;
  permissions: string[];
  failed_logins: number;
  locked_until: number | null;
  max_discount_fen: number | string;
  max_discount_bps: number;
  max_refund_fen: number | string;
  /** set when the owner disabled the account: its logins are refused */
  disabled_at: number | null;
}

export async function findEmployeeByUsername(q: Queryable, username: string): Promise<EmployeeRow | undefined> {
  const { rows } = await q.query<EmployeeRow>('SELECT * FROM employees WHERE username = $1', [username]);
  return rows[0];
}

/** The addresses (CIDR) the employee may log in from; empty = anywhere (cloud/security/ip.ts ipAllowed). */
export async function employeeIpAllowlist(q: Queryable, employeeId: string): Promise<string[]> {
  const { rows } = await q.query<{ ip_allowlist: string[] }>('SELECT ip_allowlist FROM employees WHERE id = $1', [
    employeeId,
  ]);
  return rows[0]?.ip_allowlist ?? [];
}

/**
 * Whether a login of `username` was already refused LOCKED_OUT in the org's audit chain after `since` — i.e.
 * whether this lock period was already announced to the owner.
 */
export async function lockoutAlreadyAudited(
  q: Queryable,
  orgId: string,
  username: string,
  since: number,
): Promise<boolean> {
  const { rows } = await q.query(
    "SELECT 1 FROM audit_log WHERE org_id = $1 AND action = 'auth.login' AND target = $2 AND error_code = 'LOCKED_OUT' AND at > $3 LIMIT 1",
    [orgId, username, since],
  );
  return rows.length > 0;
}

export interface CredentialOptions {
  /** only an employee of this organisation (the device's): another organisation's is treated as unknown */
  onlyOrgId?: string;
  /**
   * Whether this account may do what it is logging in for (e.g. register a device). An account it refuses
   * is answered exactly like a wrong password — the same BAD_CREDENTIALS, the same count toward the lock —
   * so the answer never tells whether the password was right. Returns the refusal's code (kept on the
   * error's `cause` for the audit, never sent), or null to admit.
   */
  refuse?: (emp: EmployeeRow) => Promise<string | null> | string | null;
}

const badCredentials = (refusal?: string): AppError => {
  const e = new AppError('BAD_CREDENTIALS', 'Wrong username or password');
  if (refusal) e.cause = { refusal };
  return e;
};

/** The refusal a `refuse` hook gave, for the audit row (the answer itself says BAD_CREDENTIALS). */
export function refusalOf(e: unknown): string | undefined {
  const c = e instanceof AppError ? (e.cause as { refusal?: string } | undefined) : undefined;
  return c?.refusal;
}

/**
 * Checks username + password. Unknown user and wrong password give the same BAD_CREDENTIALS (and cost the
 * same scrypt); a locked account gives LOCKED_OUT without looking at the password. The guess is counted
 * before the comparison (cloud/auth/guesses.ts), so concurrent attempts cannot race past the limit; the one
 * that reaches LOCKOUT.maxFailures locks the account for LOCKOUT.lockMs.
 */
export async function checkCredentials(
  q: Queryable,
  username: string,
  password: string,
  now: number,
  opts: CredentialOptions = {},
): Promise<EmployeeRow> {
  const found = await findEmployeeByUsername(q, username);
  // An account of another organisation is treated exactly like an unknown one: nothing to learn by probing.
  const emp = found && (opts.onlyOrgId === undefined || found.org_id === opts.onlyOrgId) ? found : undefined;
  if (!emp) {
    await verifyPassword(password, await dummyPasswordHash());
    throw badCredentials();
  }
  let refusal: string | null = null;
  const outcome = await guess(q, LOGIN_GUESSES, emp.id, now, async () => {
    if (!(await verifyPassword(password, emp.password_hash))) return false;
    refusal = (await opts.refuse?.(emp)) ?? null;
    return refusal === null;
  });
  if (outcome.kind === 'right') return emp;
  if (outcome.kind === 'locked' || outcome.locked) {
    throw new AppError('LOCKED_OUT', 'Too many failed attempts; try again later', { lockedUntil: outcome.lockedUntil });
  }
  throw badCredentials(refusal ?? undefined);
}

/**
 * A logged-in employee proving their login password again (e.g. before setting a super password): the
 * same guess counter as the login, so a session cannot be used to guess the password without limit.
 */
export async function checkOwnPassword(q: Queryable, emp: EmployeeRow, password: string, now: number): Promise<void> {
  const outcome = await guess(q, LOGIN_GUESSES, emp.id, now, () => verifyPassword(password, emp.password_hash));
  if (outcome.kind === 'right') return;
  if (outcome.kind === 'locked' || outcome.locked)
    throw new AppError('LOCKED_OUT', 'Too many failed attempts; try again later', { lockedUntil: outcome.lockedUntil });
  throw new AppError('BAD_CREDENTIALS', 'Wrong login password');
}

/** The master account holds every permission; others hold what was granted, filtered to the known catalog. */
export function effectivePermissions(emp: Pick<EmployeeRow, 'is_master' | 'permissions'>): Permission[] {
  if (emp.is_master) return [...PERMISSIONS];
  const known = new Set<string>(PERMISSIONS);
  return emp.permissions.filter((p): p is Permission => known.has(p));
}

/** The employee as the login and override answers carry them: who, what they may do, their limits at the till. */
export function employeeView(emp: EmployeeRow) {
  return {
    id: emp.id,
    username: emp.username,
    name: emp.name,
    isMaster: emp.is_master,
    permissions: effectivePermissions(emp),
    limits: limitsOf(emp),
  };
}
