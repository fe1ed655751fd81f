// Runtime: Node. Members of an outlet: create, find, update, and their snapshot in the outlet's change feed.
// Every write that changes what a device should know about a member (details or balance) appends an
// entity 'member' upsert to catalog_changes under the outlet's catalog lock, in the same transaction.
// Lock order everywhere: member row → ledger account rows → outlet catalog lock (no deadlock cycle).
// A closed member (0007) is in the feed once more, as a 'delete', and never again: publishMember skips it.
// The reads of the member routes live here too (a member by id, the overdraft list); acts on money live in ledger.ts.
import { v4 as uuidv4 } from 'uuid';
import { z } from 'zod';
import { zText } from '../../shared/text';
import { AppError } from '../../shared/errors';
import { halfWidth, zMobile } from '../../shared/input';
import { zFen } from '../../shared/money';
import type { Member } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { lockOutletCatalog } from '../catalog/repository';
import { isClosed, memberBalance, openMemberAccounts, type MemberRow } from './ledger';

export const zNewMember = z
  .object({
    cardNo: zText()
      .overwrite((s) => halfWidth(s).trim())
      .min(1)
      .max(32),
    phone: zMobile.optional(),
    name: zText().trim().min(1).max(64),
    level: zText().trim().min(1).max(32).default('normal'),
    discountBps: z.number().int().min(0).max(10000).default(10000),
    offlineAllowance: zFen.default(0 as never),
  })
  .strict();
export const zMemberUpdate = zNewMember.partial().strict();

export async function memberView(
  q: Queryable,
  m: MemberRow,
): Promise<Member & { owed: number; storedValue: number; closedAt: number | null }> {
  const b = await memberBalance(q, m.id);
  return {
    id: m.id,
    cardNo: m.card_no,
    phone: m.phone,
    name: m.name,
    level: m.level,
    discountBps: Number(m.discount_bps),
    balance: b.balance,
    storedValue: b.storedValue,
    owed: b.owed,
    offlineAllowance: Number(m.offline_allowance) as Member['offlineAllowance'],
    closedAt: isClosed(m) ? Number(m.closed_at) : null,
  };
}

/** Appends the member's current snapshot to the outlet's feed. Call after the member's money moved. A closed member is not published (it left the tills). */
export async function publishMember(q: Queryable, m: MemberRow, now: number): Promise<void> {
  if (isClosed(m)) return;
  const { owed: _o, storedValue: _s, closedAt: _c, ...snapshot } = await memberView(q, m);
  await lockOutletCatalog(q, m.outlet_id);
  await q.query(
    "INSERT INTO catalog_changes (outlet_id, entity, entity_id, op, data, created_at) VALUES ($1, 'member', $2, 'upsert', $3::jsonb, $4)",
    [m.outlet_id, m.id, JSON.stringify(snapshot satisfies Member), now],
  );
}

/** `id`: the caller's clientId when it gave one (a retry is recognised by it), else a fresh one. */
export async function createMember(
  q: Queryable,
  outletId: string,
  input: z.infer<typeof zNewMember>,
  now: number,
  id: string = uuidv4(),
): Promise<MemberRow> {
  const dup = await q.query('SELECT 1 FROM members WHERE outlet_id = $1 AND card_no = $2 AND closed_at IS NULL', [
    outletId,
    input.cardNo,
  ]);
  if (dup.rows.length > 0)
    throw new AppError('CONFLICT', 'A member with this card number already exists', { cardNo: input.cardNo });
  const accountId = await openMemberAccounts(q, outletId, id, now);
  const { rows } = await q.query<MemberRow>(
    `INSERT INTO members (id, outlet_id, card_no, phone, name, level, discount_bps, offline_allowance, account_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *`,
    [
      id,
      outletId,
      input.cardNo,
      input.phone ?? null,
      input.name,
      input.level,
      input.discountBps,
      input.offlineAllowance,
      accountId,
      now,
    ],
  );
  await publishMember(q, rows[0]!, now);
  return rows[0]!;
}

export async function updateMember(
  q: Queryable,
  m: MemberRow,
  input: z.infer<typeof zMemberUpdate>,
  now: number,
): Promise<MemberRow> {
  if (input.cardNo && input.cardNo !== m.card_no) {
    const dup = await q.query('SELECT 1 FROM members WHERE outlet_id = $1 AND card_no = $2 AND closed_at IS NULL', [
      m.outlet_id,
      input.cardNo,
    ]);
    if (dup.rows.length > 0)
      throw new AppError('CONFLICT', 'A member with this card number already exists', { cardNo: input.cardNo });
  }
  const { rows } = await q.query<MemberRow>(
    `UPDATE members SET card_no = $2, phone = $3, name = $4, level = $5, discount_bps = $6, offline_allowance = $7, updated_at = $8
      WHERE id = $1 RETURNING *`,
    [
      m.id,
      input.cardNo ?? m.card_no,
      input.phone ?? m.phone,
      input.name ?? m.name,
      input.level ?? m.level,
      input.discountBps ?? m.discount_bps,
      input.offlineAllowance ?? m.offline_allowance,
      now,
    ],
  );
  await publishMember(q, rows[0]!, now);
  return rows[0]!;
}

/** Exact card number or phone first, then name contains; at most `limit`. Closed members only when asked (the back office). */
export async function findMembers(
  q: Queryable,
  outletId: string,
  query: string,
  limit: number,
  includeClosed = false,
): Promise<MemberRow[]> {
  const { rows } = await q.query<MemberRow>(
    `SELECT * FROM members WHERE outlet_id = $1 AND (card_no = $2 OR phone = $2 OR strpos(name, $2) > 0) AND ($4 OR closed_at IS NULL)
      ORDER BY closed_at IS NOT NULL, (card_no = $2 OR phone = $2) DESC, name LIMIT $3`,
    [outletId, query, limit, includeClosed],
  );
  return rows;
}

/** The member with this id in any outlet, unlocked (a retried create looks for what its clientId made). */
export async function memberById(q: Queryable, id: string): Promise<MemberRow | undefined> {
  const { rows } = await q.query<MemberRow>('SELECT * FROM members WHERE id = $1', [id]);
  return rows[0];
}

export type OverdraftStatus = 'open' | 'resolved' | 'all';

/** An overdraft found at sync, with its member's card, name and closing, and who resolved it. */
export interface OverdraftListRow {
  id: string;
  member_id: string;
  card_no: string;
  name: string;
  amount: string;
  ref: string;
  order_id: string | null;
  beyond_allowance: boolean;
  detected_at: string;
  resolved_at: string | null;
  resolution: string | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_transfer_id: string | null;
  member_closed_at: string | null;
}

/** The outlet's overdrafts by status: open ones first, then each group newest first; at most 500. */
export async function listOverdrafts(
  q: Queryable,
  outletId: string,
  status: OverdraftStatus,
): Promise<OverdraftListRow[]> {
  const { rows } = await q.query<OverdraftListRow>(
    `SELECT o.*, m.card_no, m.name, m.closed_at AS member_closed_at, e.name AS resolved_by_name
       FROM member_overdrafts o JOIN members m ON m.id = o.member_id LEFT JOIN employees e ON e.id = o.resolved_by
      WHERE o.outlet_id = $1 AND ($2 = 'all' OR ($2 = 'open') = (o.resolved_at IS NULL))
      ORDER BY o.resolved_at IS NOT NULL, coalesce(o.resolved_at, o.detected_at) DESC, o.detected_at DESC LIMIT 500`,
    [outletId, status],
  );
  return rows;
}
