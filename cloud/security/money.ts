// Runtime: Node. Money movement out of the outlet's prepaid balance (the act of the ¥50,000 theft).
// The gates in front of the ledger: 'money.transfer' (route), super password + TOTP (route, sensitive),
// the employee's daily cap (here, under a per-employee advisory lock so two concurrent transfers cannot
// both fit under the cap), then the prepaid ledger (cloud/ledger) moves the money — all in one transaction
// with the movement record and its audit row.
import { v4 as uuidv4 } from 'uuid';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { zFen, type Fen } from '../../shared/money';
import type { MoneyToday } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { ensureOrgAccount, getAccount, outletPrepaidId } from '../ledger/accounts';
import { createTransfers } from '../ledger/transfers';
import type { SecureEmployeeRow } from './session-auth';

export const zMoneyTransfer = z
  .object({
    /** ledger account id of the receiving account (another outlet's prepaid account) */
    toAccountId: z.uuid(),
    amountFen: zFen.refine((n) => n > 0, 'must be positive'),
    memo: z.string().max(200).optional(),
    superPassword: z.string().max(128).optional(),
    totpCode: z.string().max(16).optional(),
  })
  .strict();

/** The seam to the prepaid ledger: debit the outlet's prepaid account, credit another account. */
export interface PrepaidLedger {
  transferOut(
    q: Queryable,
    t: { outletId: string; toAccountId: string; amountFen: number; transferId: string; ref: string; now: number },
  ): Promise<void>;
}

export const cloudPrepaidLedger: PrepaidLedger = {
  async transferOut(q, t) {
    const from = await ensureOrgAccount(q, 'outlet_prepaid', t.outletId, t.now);
    const to = await getAccount(q, t.toAccountId);
    if (!to || to.kind !== 'outlet_prepaid' || to.id === from.id)
      throw new AppError('VALIDATION', 'The receiving account must be another outlet’s prepaid account', [
        { path: 'toAccountId', message: 'not a prepaid account' },
      ]);
    const [r] = await createTransfers(
      q,
      [
        {
          id: t.transferId,
          debitAccountId: outletPrepaidId(t.outletId),
          creditAccountId: to.id,
          amount: t.amountFen,
          code: 'prepaid_transfer',
          ref: t.ref,
        },
      ],
      t.now,
    );
    if (r?.result === 'exceeds_credits')
      throw new AppError('VALIDATION', 'The prepaid balance is too low for this transfer', [
        { path: 'amountFen', message: 'exceeds balance' },
      ]);
    if (r?.result !== 'ok')
      throw new AppError('CONFLICT', `The ledger refused the transfer: ${r?.result ?? 'no result'}`);
  },
};

/** Sum moved today (the org's calendar day in its timezone) by this employee: every MONEY_MOVEMENT_KINDS row. */
export async function movedToday(q: Queryable, emp: Pick<SecureEmployeeRow, 'id'>, now: number): Promise<number> {
  const { rows } = await q.query<{ total: number | null }>(
    `SELECT COALESCE(SUM(m.amount), 0)::bigint AS total
       FROM money_movements m JOIN organizations o ON o.id = m.org_id
      WHERE m.employee_id = $1
        AND (to_timestamp(m.created_at / 1000.0) AT TIME ZONE o.timezone)::date = (to_timestamp($2 / 1000.0) AT TIME ZONE o.timezone)::date`,
    [emp.id, now],
  );
  return Number(rows[0]?.total ?? 0);
}

/**
 * Checks the cap and moves the money. The master account has no cap (it is the owner's money); every other
 * account is held to daily_transfer_cap_fen (0 by default: nothing).
 */
export async function moveMoney(
  q: Queryable,
  ledger: PrepaidLedger,
  emp: SecureEmployeeRow,
  input: z.infer<typeof zMoneyTransfer>,
  now: number,
) {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('money:' || $1::text))", [emp.id]);
  const before = await movedToday(q, emp, now);
  const cap = Number(emp.daily_transfer_cap_fen);
  if (!emp.is_master && before + input.amountFen > cap) {
    throw new AppError('LIMIT_EXCEEDED', 'This transfer exceeds your daily money-movement cap', {
      capFen: cap,
      movedTodayFen: before,
      amountFen: input.amountFen,
    });
  }
  const id = uuidv4();
  await ledger.transferOut(q, {
    outletId: emp.org_id,
    toAccountId: input.toAccountId,
    amountFen: input.amountFen,
    transferId: id,
    ref: `employee:${emp.id}`,
    now,
  });
  await q.query(
    "INSERT INTO money_movements (id, org_id, employee_id, to_account, amount, ledger_ref, created_at, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, 'transfer')",
    [id, emp.org_id, emp.id, input.toAccountId, input.amountFen, id, now],
  );
  return { transferId: id, movedTodayFen: before + input.amountFen, capFen: emp.is_master ? null : cap };
}

/** The employee's cap and what they moved today, for the till (login): it holds pay-outs to the cap offline. */
export async function moneyToday(q: Queryable, employeeId: string, now: number): Promise<MoneyToday> {
  const { rows } = await q.query<{ is_master: boolean; daily_transfer_cap_fen: string | number }>(
    'SELECT is_master, daily_transfer_cap_fen FROM employees WHERE id = $1',
    [employeeId],
  );
  const e = rows[0];
  return {
    dailyCapFen: !e || e.is_master ? null : (Number(e.daily_transfer_cap_fen) as Fen),
    movedTodayFen: (await movedToday(q, { id: employeeId }, now)) as Fen,
    asOf: now,
  };
}
