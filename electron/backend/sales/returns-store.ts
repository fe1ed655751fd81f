// What the order history, returns and voids (returns-handlers.ts) and the returns refunded to a payment code
// (code-returns.ts) read and write: the sales and their returns in sales.db (sales 0010, 0013), the catalog's
// barcodes in catalog.db (a search by barcode), and the one transaction a return commits in — its rows, its
// cash movement (shifts/drawer.ts), its audit row and its outbox row run inside `transaction`, so a crash leaves
// all of them or none. The act decides what to write; this store only holds the SQL.
import type { PaymentMethod } from '../../../shared/payments/methods';
import type { OverrideRecord } from '../../../shared/sale/overrides';
import type { ReturnReason, ReturnWire } from '../../../shared/sale/returns';
import { appendAudit, type AuditEntry } from '../audit/chain';
import type { Db } from '../db/open';
import { createCodeRefundStore, type CodeRefundStore } from './code-returns-store';
import { createOrderSearch, type OrderSearch } from './order-search-store';

export interface OrderRow {
  id: string;
  number: string;
  created_at: number;
  employee_id: string;
  subtotal: number;
  discount: number;
  total: number;
  seat: string | null;
  member_discount: number;
  order_discount: number;
  rounding: number;
}
export interface LineRow {
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  qty: number;
  unit_price: number;
  list_price: number | null;
  discount: number;
  line_total: number;
}
export interface PaymentRow {
  method: PaymentMethod;
  amount: number;
  tendered: number | null;
  change: number | null;
  member_id: string | null;
  payment_id: string | null;
}
export type RefundRow = { method: PaymentMethod; amount: number; payment_id: string | null };
/** a committed return with its lines and refunds (refund i is seq i + 1) */
export interface ReturnRows {
  id: string;
  number: string;
  created_at: number;
  reason: ReturnReason;
  total: number;
  employee_id: string;
  lines: { order_line_no: number | null; name: string; qty: number; amount: number }[];
  refunds: RefundRow[];
}

/** a return as it is written: its rows, the shift its cash leaves, the override that allowed it */
export interface NewReturn {
  id: string;
  number: string;
  at: number;
  employeeId: string;
  orderId: string | null;
  reason: ReturnReason;
  total: number;
  shiftId: string;
  lines: ReturnWire['lines'];
  refunds: ReturnWire['refunds'];
  override: OverrideRecord | null;
}

export interface ReturnsStore extends CodeRefundStore {
  /** runs `act` in one sales.db transaction (a savepoint inside a caller's); a throw rolls the whole act back */
  transaction<T>(act: () => T): T;
  /** appends the act's row to the audit chain (inside the act's transaction) */
  audit(entry: AuditEntry): void;
  order(id: string): OrderRow | undefined;
  orderLines(orderId: string): LineRow[];
  /** the sale's payments in the order they were taken */
  orderPayments(orderId: string): PaymentRow[];
  /** the sale's returns, oldest first */
  returnsOf(orderId: string): ReturnRows[];
  returnById(id: string): ReturnRows | undefined;
  /** the supervisor overrides recorded on a sale or a return */
  overridesOf(ref: string): { act: string; supervisor_id: string }[];
  /** the id of the last sale rung up on this till (the only one that may be voided) */
  lastOrderId(): string | undefined;
  /** the cloud has acknowledged the sale's outbox row */
  orderSynced(orderId: string): boolean;
  /** the ids of the sales that match, newest first (order-search-store.ts) */
  searchOrders: OrderSearch;
  /** the next return number of the day `T<yyyymmdd>` (its counter bumped; inside the return's transaction) */
  nextReturnNumber(day: string): number;
  /** writes the return, its lines, its refunds and its override (inside the return's transaction) */
  insertReturn(r: NewReturn): void;
}

export function createReturnsStore(dbs: { sales: Db; catalog: Db }): ReturnsStore {
  const db = dbs.sales;
  const q = {
    order: db.prepare('SELECT * FROM orders WHERE id = ?'),
    lines: db.prepare('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no'),
    payments: db.prepare(
      'SELECT method, amount, tendered, change, member_id, payment_id FROM payments WHERE order_id = ? ORDER BY id',
    ),
    returns: db.prepare('SELECT * FROM returns WHERE order_id = ? ORDER BY created_at, id'),
    returnLines: db.prepare('SELECT * FROM return_lines WHERE return_id = ? ORDER BY line_no'),
    returnRefunds: db.prepare('SELECT method, amount, payment_id FROM return_refunds WHERE return_id = ? ORDER BY seq'),
    returnRow: db.prepare('SELECT * FROM returns WHERE id = ?'),
    overrides: db.prepare('SELECT act, supervisor_id FROM overrides WHERE ref = ?'),
    last: db.prepare('SELECT id FROM orders ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck(),
    acked: db.prepare("SELECT acked_at IS NOT NULL FROM outbox WHERE kind = 'order' AND ref_id = ?").pluck(),
    bump: db
      .prepare(
        'INSERT INTO order_counters (day, last) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last',
      )
      .pluck(),
    insReturn: db.prepare(`INSERT INTO returns (id, number, created_at, employee_id, order_id, reason, total, shift_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    insLine:
      db.prepare(`INSERT INTO return_lines (return_id, line_no, order_line_no, product_id, sku, name, qty, amount)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    insRefund: db.prepare(
      'INSERT INTO return_refunds (return_id, seq, method, amount, member_id, payment_id) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insOverride: db.prepare('INSERT INTO overrides (ref, act, supervisor_id, cashier_id, at) VALUES (?, ?, ?, ?, ?)'),
  };
  const withRows = (r: Omit<ReturnRows, 'lines' | 'refunds'>): ReturnRows => ({
    ...r,
    lines: q.returnLines.all(r.id) as ReturnRows['lines'],
    refunds: q.returnRefunds.all(r.id) as RefundRow[],
  });

  return {
    ...createCodeRefundStore(db),
    transaction: (act) => db.transaction(act)(),
    audit: (entry) => appendAudit(db, entry),
    order: (id) => q.order.get(id) as OrderRow | undefined,
    orderLines: (orderId) => q.lines.all(orderId) as LineRow[],
    orderPayments: (orderId) => q.payments.all(orderId) as PaymentRow[],
    returnsOf: (orderId) => (q.returns.all(orderId) as Omit<ReturnRows, 'lines' | 'refunds'>[]).map(withRows),
    returnById(id) {
      const r = q.returnRow.get(id) as Omit<ReturnRows, 'lines' | 'refunds'> | undefined;
      return r && withRows(r);
    },
    overridesOf: (ref) => q.overrides.all(ref) as { act: string; supervisor_id: string }[],
    lastOrderId: () => q.last.get() as string | undefined,
    orderSynced: (orderId) => q.acked.get(orderId) === 1,
    searchOrders: createOrderSearch(dbs),
    nextReturnNumber: (day) => q.bump.get(`T${day}`) as number,
    insertReturn(r) {
      q.insReturn.run(r.id, r.number, r.at, r.employeeId, r.orderId, r.reason, r.total, r.shiftId);
      for (const l of r.lines)
        q.insLine.run(r.id, l.lineNo, l.orderLineNo ?? null, l.productId, l.sku, l.name, l.qty, l.amount);
      r.refunds.forEach((x, i) =>
        q.insRefund.run(r.id, i + 1, x.method, x.amount, x.memberId ?? null, x.paymentId ?? null),
      );
      if (r.override) q.insOverride.run(r.id, r.override.act, r.override.supervisorId, r.employeeId, r.override.at);
    },
  };
}
