// The SQL of the till's payment journal (sales 0011): code_payments (every payment code this till asked the
// cloud to charge, written before the request leaves) and tenders (the payment of a cart once it takes more
// than cash). Synchronous, so callers can run these inside the transaction of the act they belong to.
import type { CodePaymentStatus, CodePaymentView } from '../../../shared/api/pay-methods';
import { schemeOfMethod, type PaymentMethod } from '../../../shared/payments/methods';
import type { Db } from '../db/open';

export interface CodePaymentRow {
  id: string;
  purpose: 'sale' | 'member_topup';
  tender_id: string | null;
  member_id: string | null;
  topup_id: string | null;
  method: PaymentMethod;
  amount: number;
  code_masked: string;
  employee_id: string;
  status: CodePaymentStatus;
  confirming: number;
  failure_reason: string | null;
  failure_message: string | null;
  provider_trade_no: string | null;
  paid_at: number | null;
  used_ref: string | null;
  shift_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface TenderRow {
  id: string;
  opened_at: number;
  employee_id: string;
  total: number;
  plan: string;
  parts: string;
  closed_at: number | null;
  outcome: 'sold' | 'abandoned' | null;
  order_id: string | null;
  reason: string | null;
}

/** A part of a tender that is not a payment code (member balance, static QR code), as `tenders.parts` keeps it. */
export interface HeldPart {
  id: string;
  method: PaymentMethod;
  amount: number;
  memberId?: string;
  confirmedBy?: string;
}

export const UNSETTLED: readonly CodePaymentStatus[] = ['submitting', 'pending', 'paid', 'cancelling'];

export function codePaymentView(r: CodePaymentRow): CodePaymentView {
  return {
    paymentId: r.id,
    purpose: r.purpose,
    method: r.method,
    scheme: schemeOfMethod(r.method)!,
    amount: r.amount as CodePaymentView['amount'],
    codeMasked: r.code_masked,
    status: r.status,
    customerConfirming: r.confirming === 1,
    failure: r.failure_reason
      ? {
          reason: r.failure_reason as NonNullable<CodePaymentView['failure']>['reason'],
          message: r.failure_message ?? '',
        }
      : null,
    providerTradeNo: r.provider_trade_no,
    memberId: r.member_id,
    topupId: r.topup_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createJournal(db: Db) {
  const q = {
    insert: db.prepare(`INSERT INTO code_payments (id, purpose, tender_id, member_id, topup_id, method, amount,
        code_masked, employee_id, status, created_at, updated_at)
      VALUES (@id, @purpose, @tenderId, @memberId, @topupId, @method, @amount, @codeMasked, @employeeId, 'submitting', @now, @now)`),
    get: db.prepare('SELECT * FROM code_payments WHERE id = ?'),
    unsettled: db.prepare(
      "SELECT * FROM code_payments WHERE status IN ('submitting', 'pending', 'paid', 'cancelling') ORDER BY created_at, id",
    ),
    ofTender: db.prepare('SELECT * FROM code_payments WHERE tender_id = ? ORDER BY created_at, id'),
    update: db.prepare(`UPDATE code_payments SET status = @status, confirming = @confirming,
        failure_reason = @failure_reason, failure_message = @failure_message, provider_trade_no = @provider_trade_no,
        paid_at = @paid_at, updated_at = @updated_at WHERE id = @id AND status = @was`),
    use: db.prepare(`UPDATE code_payments SET status = 'used', used_ref = ?, shift_id = ?, updated_at = ?
        WHERE id = ? AND status = 'paid'`),
    tender: db.prepare('SELECT * FROM tenders WHERE id = ?'),
    openTenders: db.prepare('SELECT * FROM tenders WHERE closed_at IS NULL ORDER BY opened_at'),
    insTender: db.prepare(`INSERT INTO tenders (id, opened_at, employee_id, total, plan)
      VALUES (@id, @openedAt, @employeeId, @total, @plan)`),
    setParts: db.prepare('UPDATE tenders SET parts = ? WHERE id = ? AND closed_at IS NULL'),
    closeTender:
      db.prepare(`UPDATE tenders SET closed_at = @at, outcome = @outcome, order_id = @orderId, reason = @reason
      WHERE id = @id AND closed_at IS NULL`),
  };

  return {
    /** runs `act` in one sales.db transaction (a savepoint inside a caller's): a payment used with its act's rows */
    transaction: <T>(act: () => T): T => db.transaction(act)(),
    insert(p: {
      id: string;
      purpose: 'sale' | 'member_topup';
      tenderId: string | null;
      memberId: string | null;
      topupId: string | null;
      method: PaymentMethod;
      amount: number;
      codeMasked: string;
      employeeId: string;
      now: number;
    }): CodePaymentRow {
      q.insert.run(p);
      return q.get.get(p.id) as CodePaymentRow;
    },
    get: (id: string) => (q.get.get(id) as CodePaymentRow | undefined) ?? null,
    unsettled: () => q.unsettled.all() as CodePaymentRow[],
    ofTender: (tenderId: string) => q.ofTender.all(tenderId) as CodePaymentRow[],
    /** Moves a row on from the status the caller saw (false: it moved meanwhile, nothing written). */
    update(row: CodePaymentRow, next: Partial<CodePaymentRow>, now: number): boolean {
      const merged = { ...row, ...next, updated_at: now };
      return q.update.run({ ...merged, was: row.status }).changes === 1;
    },
    /** Marks a paid payment used by its sale or top-up; throws when it is not paid (rolls the caller back). */
    use(id: string, ref: string, shiftId: string | null, now: number): void {
      if (q.use.run(ref, shiftId, now, id).changes !== 1)
        throw new Error(`code payment ${id} is not paid and unused: it cannot pay ${ref}`);
    },
    tender: (id: string) => (q.tender.get(id) as TenderRow | undefined) ?? null,
    openTenders: () => q.openTenders.all() as TenderRow[],
    openTender(p: { id: string; openedAt: number; employeeId: string; total: number; plan: unknown }): TenderRow {
      q.insTender.run({ ...p, plan: JSON.stringify(p.plan) });
      return q.tender.get(p.id) as TenderRow;
    },
    setParts: (tenderId: string, parts: HeldPart[]) => q.setParts.run(JSON.stringify(parts), tenderId),
    closeTender(p: {
      id: string;
      at: number;
      outcome: 'sold' | 'abandoned';
      orderId: string | null;
      reason: string | null;
    }): boolean {
      return q.closeTender.run(p).changes === 1;
    },
  };
}
export type Journal = ReturnType<typeof createJournal>;
