// Runtime: Node. The limits on a member top-up (shared/limits.ts), checked in the top-up's transaction:
// the outlet's maximum for one top-up (organizations.member_topup_max_fen, default ¥5,000), and the
// employee's daily money-movement cap, which member top-ups count against like transfers (one
// money_movements row per booked top-up, kind 'member_topup', id = the top-up's clientId). The cap is
// checked under the same per-employee advisory lock as transfers, so two concurrent acts cannot both fit
// under it. A retry of a booked top-up is not checked again (it books nothing new).
import { AppError } from '../../shared/errors';
import { DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../shared/limits';
import type { Queryable } from '../db/types';
import { movedToday } from '../security/money';
import type { SecureEmployeeRow } from '../security/session-auth';

export async function memberTopupMax(q: Queryable, outletId: string): Promise<number> {
  const { rows } = await q.query<{ m: string | number }>(
    'SELECT member_topup_max_fen AS m FROM organizations WHERE id = $1',
    [outletId],
  );
  return Number(rows[0]?.m ?? DEFAULT_MEMBER_TOPUP_MAX_FEN);
}

/** Refuses a new top-up beyond the outlet's maximum or the employee's cap; 'repeat' for a booked one. */
export async function checkMemberTopup(
  q: Queryable,
  emp: SecureEmployeeRow,
  outletId: string,
  clientId: string,
  amountFen: number,
  now: number,
): Promise<'new' | 'repeat'> {
  // booked already (also a top-up booked before top-ups were counted: its ledger transfer has the clientId as id)
  const booked = await q.query(
    'SELECT 1 FROM money_movements WHERE id = $1::uuid UNION ALL SELECT 1 FROM ledger_transfers WHERE id = $1::uuid',
    [clientId],
  );
  if (booked.rows.length > 0) return 'repeat';
  const max = await memberTopupMax(q, outletId);
  if (amountFen > max)
    throw new AppError('LIMIT_EXCEEDED', 'A member top-up may not exceed the outlet’s maximum for one top-up', {
      reason: 'MEMBER_TOPUP_MAX',
      maxFen: max,
      amountFen,
    });
  if (emp.is_master) return 'new';
  await q.query("SELECT pg_advisory_xact_lock(hashtext('money:' || $1::text))", [emp.id]);
  const before = await movedToday(q, emp, now);
  const cap = Number(emp.daily_transfer_cap_fen);
  if (before + amountFen > cap)
    throw new AppError('LIMIT_EXCEEDED', 'This top-up exceeds your daily money-movement cap', {
      reason: 'DAILY_CAP',
      capFen: cap,
      movedTodayFen: before,
      amountFen,
    });
  return 'new';
}

/** Books the top-up against the employee's day, in the top-up's transaction. */
export async function recordMemberTopup(
  q: Queryable,
  emp: SecureEmployeeRow,
  clientId: string,
  amountFen: number,
  now: number,
): Promise<void> {
  await q.query(
    `INSERT INTO money_movements (id, org_id, employee_id, to_account, amount, ledger_ref, created_at, kind)
     VALUES ($1, $2, $3, NULL, $4, $5, $6, 'member_topup') ON CONFLICT (id) DO NOTHING`,
    [clientId, emp.org_id, emp.id, amountFen, `member_topup:${clientId}`, now],
  );
}
