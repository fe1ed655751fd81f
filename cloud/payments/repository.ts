// Runtime: Node. The SQL of payments (0011): the payment rows, their event trail, refunds, and the use of a
// paid payment by an order or a member top-up. Every status change goes through `transition`, which only
// moves a row that is still in the status the caller saw (the row is locked FOR UPDATE by the caller's
// transaction), and writes the event in the same transaction.
import type { CodeScheme } from '../../shared/payments/schemes';
import type { PaymentMethod } from '../../shared/payments/methods';
import type {
  PaymentFailureReason,
  PaymentStatus,
  PaymentView,
  ProviderId,
  RefundView,
} from '../../shared/payments/wire';
import type { Queryable } from '../db/types';

export interface PaymentRow {
  id: string;
  out_trade_no: string;
  outlet_id: string;
  device_id: string;
  employee_id: string;
  payload_sha256: string;
  scheme: CodeScheme;
  method: PaymentMethod;
  provider: ProviderId;
  purpose: 'sale' | 'member_topup';
  amount: number;
  description: string;
  code_masked: string;
  status: PaymentStatus;
  customer_confirming: boolean;
  failure_reason: PaymentFailureReason | null;
  failure_code: string | null;
  failure_message: string | null;
  provider_trade_no: string | null;
  paid_at: number | null;
  submitted: boolean;
  confirm_deadline: number;
  queries: number;
  reverse_attempts: number;
  cancel_requested: boolean;
  reverse_reason: 'customer_timeout' | 'provider_unreachable' | 'cancelled' | null;
  used_kind: 'order' | 'member_topup' | null;
  used_ref: string | null;
  refunded: number;
  created_at: number;
  updated_at: number;
}

/** the columns a payment's life changes; everything else is fixed when it is submitted */
type Mutable =
  | 'status'
  | 'customer_confirming'
  | 'failure_reason'
  | 'failure_code'
  | 'failure_message'
  | 'provider_trade_no'
  | 'paid_at'
  | 'submitted'
  | 'queries'
  | 'reverse_attempts'
  | 'cancel_requested'
  | 'reverse_reason'
  | 'used_kind'
  | 'used_ref'
  | 'refunded';

export async function insertPayment(q: Queryable, p: Omit<PaymentRow, Mutable | 'updated_at'>): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO payments (id, out_trade_no, outlet_id, device_id, employee_id, payload_sha256, scheme, method, provider, purpose, amount,
       description, code_masked, status, confirm_deadline, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $14, $15, $15)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      p.id,
      p.out_trade_no,
      p.outlet_id,
      p.device_id,
      p.employee_id,
      p.payload_sha256,
      p.scheme,
      p.method,
      p.provider,
      p.purpose,
      p.amount,
      p.description,
      p.code_masked,
      p.confirm_deadline,
      p.created_at,
    ],
  );
  if (rows.length === 1)
    await event(q, p.id, null, 'pending', 'submit', `${p.method} ${p.amount} fen, code ${p.code_masked}`, p.created_at);
  return rows.length === 1;
}

export async function getPayment(q: Queryable, id: string, lock = false): Promise<PaymentRow | undefined> {
  const { rows } = await q.query<PaymentRow>(`SELECT * FROM payments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function event(
  q: Queryable,
  paymentId: string,
  from: PaymentStatus | null,
  to: PaymentStatus,
  source: string,
  detail: string,
  now: number,
): Promise<void> {
  await q.query(
    'INSERT INTO payment_events (payment_id, at, from_status, to_status, source, detail) VALUES ($1, $2, $3, $4, $5, $6)',
    [paymentId, now, from, to, source, detail.slice(0, 500)],
  );
}

type Changes = Partial<Pick<PaymentRow, Mutable>>;

/** Applies changes to a row still in `p.status`; false when it moved meanwhile (nothing written). */
export async function transition(
  q: Queryable,
  p: PaymentRow,
  changes: Changes,
  source: string,
  detail: string,
  now: number,
): Promise<boolean> {
  const keys = Object.keys(changes) as (keyof Changes)[];
  const sets = keys.map((k, i) => `${k} = $${i + 3}`);
  const { rows } = await q.query(
    `UPDATE payments SET ${[...sets, `updated_at = $${keys.length + 3}`].join(', ')} WHERE id = $1 AND status = $2 RETURNING id`,
    [p.id, p.status, ...keys.map((k) => changes[k]), now],
  );
  if (rows.length === 0) return false;
  const to = changes.status ?? p.status;
  await event(q, p.id, p.status, to, source, detail, now);
  Object.assign(p, changes, { updated_at: now });
  return true;
}

/** The outlet's name: the description a payment carries to the provider when the till gives none; undefined if unknown. */
export async function outletName(q: Queryable, outletId: string): Promise<string | undefined> {
  const { rows } = await q.query<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [outletId]);
  return rows[0]?.name;
}

/** This device's payments the till has not settled: unsettled at the provider, or paid and not used yet. */
export async function openPayments(q: Queryable, deviceId: string): Promise<PaymentRow[]> {
  const { rows } = await q.query<PaymentRow>(
    `SELECT * FROM payments WHERE device_id = $1 AND (status IN ('pending', 'reversing') OR (status = 'paid' AND used_kind IS NULL))
     ORDER BY created_at LIMIT 200`,
    [deviceId],
  );
  return rows;
}

export const paymentView = (r: PaymentRow): PaymentView => ({
  paymentId: r.id,
  scheme: r.scheme,
  method: r.method,
  provider: r.provider,
  amountFen: Number(r.amount) as PaymentView['amountFen'],
  purpose: r.purpose,
  status: r.status,
  customerConfirming: r.customer_confirming,
  failure: r.failure_reason
    ? { reason: r.failure_reason, providerCode: r.failure_code, message: r.failure_message ?? '' }
    : null,
  providerTradeNo: r.provider_trade_no,
  paidAt: r.paid_at === null ? null : Number(r.paid_at),
  usedBy: r.used_kind && r.used_ref ? { kind: r.used_kind, ref: r.used_ref } : null,
  refundedFen: Number(r.refunded) as PaymentView['refundedFen'],
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export type UseRefusal = { code: 'NOT_FOUND' | 'CONFLICT' | 'PAYMENT_NOT_PAID'; message: string };

/**
 * Marks a paid payment as used by an order or a member top-up, in the caller's transaction. Answers why not:
 * unknown here, another outlet's, not paid (yet), another amount or method, or used by something else.
 * Using it again for the same thing is fine (a retried push).
 */
export async function useCodePayment(
  q: Queryable,
  u: {
    outletId: string;
    paymentId: string;
    kind: 'order' | 'member_topup';
    ref: string;
    amountFen: number;
    method?: PaymentMethod;
  },
  now: number,
): Promise<UseRefusal | null> {
  const p = await getPayment(q, u.paymentId, true);
  if (!p || p.outlet_id !== u.outletId) return { code: 'NOT_FOUND', message: `Unknown payment ${u.paymentId}` };
  if (p.used_kind === u.kind && p.used_ref === u.ref) return null;
  if (p.used_kind)
    return { code: 'CONFLICT', message: `Payment ${u.paymentId} was already used by ${p.used_kind} ${p.used_ref}` };
  if (p.status !== 'paid' || p.cancel_requested)
    return { code: 'PAYMENT_NOT_PAID', message: `Payment ${u.paymentId} is ${p.status}, not paid` };
  if (Number(p.amount) !== u.amountFen)
    return { code: 'CONFLICT', message: `Payment ${u.paymentId} is for ${p.amount} fen, not ${u.amountFen}` };
  if (u.method && p.method !== u.method)
    return { code: 'CONFLICT', message: `Payment ${u.paymentId} was paid by ${p.method}, not ${u.method}` };
  const purpose = u.kind === 'order' ? 'sale' : 'member_topup';
  if (p.purpose !== purpose)
    return { code: 'CONFLICT', message: `Payment ${u.paymentId} was taken for a ${p.purpose}` };
  await transition(q, p, { used_kind: u.kind, used_ref: u.ref }, 'use', `used by ${u.kind} ${u.ref}`, now);
  return null;
}

export interface RefundRow {
  id: string;
  payment_id: string;
  out_refund_no: string;
  amount: number;
  reason: string;
  payload_sha256: string;
  status: 'pending' | 'succeeded' | 'failed';
  failure: string | null;
  provider_refund_no: string | null;
  attempts: number;
  device_id: string | null;
  created_at: number;
  updated_at: number;
  /** failed after the till was told it was accepted (migration 0021) */
  failed_late_at: number | null;
  /** the return that used this refund, once it reached the cloud */
  return_id: string | null;
  /** when the owner was e-mailed about its late failure */
  alerted_at: number | null;
}

export async function getRefund(q: Queryable, id: string, lock = false): Promise<RefundRow | undefined> {
  const { rows } = await q.query<RefundRow>(`SELECT * FROM payment_refunds WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return rows[0];
}

export const refundView = (r: RefundRow): RefundView => ({
  refundId: r.id,
  paymentId: r.payment_id,
  amountFen: Number(r.amount) as RefundView['amountFen'],
  reason: r.reason,
  status: r.status,
  failure: r.failure,
  providerRefundNo: r.provider_refund_no,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
