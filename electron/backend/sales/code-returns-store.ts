// The SQL of the returns refunded to a payment code (code-returns.ts, sales 0013): the intent (return_intents),
// written with its code parts (code_refunds) BEFORE any refund is asked, each part moved on only from the status
// its caller saw, and the intent closed once (returned or abandoned). Part of the returns' store
// (returns-store.ts), whose `transaction` the return's commit and the intent's close share.
import type { Db } from '../db/open';

export type CodeRefundStatus = 'asking' | 'pending' | 'succeeded' | 'failed';
export interface IntentRow {
  id: string;
  order_id: string;
  employee_id: string;
  /** the return's plan (code-returns.ts ReturnPlan) as JSON */
  plan: string;
  closed_at: number | null;
  outcome: 'returned' | 'abandoned' | null;
  reason: string | null;
}
export interface CodePartRow {
  seq: number;
  refund_id: string;
  payment_id: string;
  method: string;
  amount: number;
  status: CodeRefundStatus;
  failure: string | null;
}

export interface CodeRefundStore {
  /**
   * Writes the intent and its code parts (each 'asking') in one transaction; when the sale already has an open
   * intent nothing is written and that intent's id is returned (else null).
   */
  openIntent(x: {
    id: string;
    orderId: string;
    employeeId: string;
    plan: string;
    at: number;
    parts: { seq: number; refundId: string; paymentId: string; method: string; amount: number }[];
  }): string | null;
  intent(id: string): IntentRow | undefined;
  /** the intents not yet closed, oldest first */
  openIntents(): string[];
  /** the return's code parts by seq */
  codeParts(returnId: string): CodePartRow[];
  /** moves a part on from the status `from` (nothing when it moved meanwhile) */
  setCodePart(
    returnId: string,
    seq: number,
    from: CodeRefundStatus,
    to: CodeRefundStatus,
    failure: string | null,
    at: number,
  ): void;
  /** closes the open intent; false when it was closed already */
  closeIntent(id: string, at: number, outcome: 'returned' | 'abandoned', reason: string | null): boolean;
}

export function createCodeRefundStore(db: Db): CodeRefundStore {
  const q = {
    insIntent: db.prepare(
      'INSERT INTO return_intents (id, order_id, employee_id, plan, opened_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insPart:
      db.prepare(`INSERT INTO code_refunds (return_id, seq, refund_id, payment_id, method, amount, status, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'asking', ?)`),
    intent: db.prepare('SELECT * FROM return_intents WHERE id = ?'),
    openOf: db.prepare('SELECT id FROM return_intents WHERE order_id = ? AND closed_at IS NULL').pluck(),
    open: db.prepare('SELECT id FROM return_intents WHERE closed_at IS NULL ORDER BY opened_at').pluck(),
    parts: db.prepare('SELECT * FROM code_refunds WHERE return_id = ? ORDER BY seq'),
    setPart: db.prepare(
      'UPDATE code_refunds SET status = ?, failure = ?, updated_at = ? WHERE return_id = ? AND seq = ? AND status = ?',
    ),
    close: db.prepare(
      'UPDATE return_intents SET closed_at = ?, outcome = ?, reason = ? WHERE id = ? AND closed_at IS NULL',
    ),
  };
  return {
    openIntent: (x) =>
      db.transaction(() => {
        const open = q.openOf.get(x.orderId) as string | undefined;
        if (open) return open;
        q.insIntent.run(x.id, x.orderId, x.employeeId, x.plan, x.at);
        for (const p of x.parts) q.insPart.run(x.id, p.seq, p.refundId, p.paymentId, p.method, p.amount, x.at);
        return null;
      })(),
    intent: (id) => q.intent.get(id) as IntentRow | undefined,
    openIntents: () => q.open.all() as string[],
    codeParts: (returnId) => q.parts.all(returnId) as CodePartRow[],
    setCodePart(returnId, seq, from, to, failure, at) {
      q.setPart.run(to, failure, at, returnId, seq, from);
    },
    closeIntent: (id, at, outcome, reason) => q.close.run(at, outcome, reason, id).changes === 1,
  };
}
