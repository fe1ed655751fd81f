// Runtime: Node. The owner's takings by payment method (资金 tab): what sales took per method (order payments,
// cash net of change), what member top-ups took by payment code, and what refunds gave back: payment-code
// refunds as the provider confirmed them, and returns (退货/作废, cloud/returns) to cash and member cards on
// the day the till made them — so sales minus refunds is the outlet's takings net of returns. Over Beijing days. Sales are counted on the day the till rang them up (orders.created_at).
import { AppError } from '../../shared/errors';
import {
  emptyTakings,
  isCodeMethod,
  PAYMENT_METHODS,
  type PaymentMethod,
  type TakingsByMethod,
} from '../../shared/payments/methods';
import type { TakingsReport } from '../../shared/payments/owner';
import type { Queryable } from '../db/types';
import { beijingDay } from './reconcile';

const DAY = 86_400_000;
export const TAKINGS_MAX_DAYS = 92;

function add(t: TakingsByMethod, method: string, fen: number): void {
  if ((PAYMENT_METHODS as string[]).includes(method)) t[method as PaymentMethod] += fen;
}

export async function takings(q: Queryable, outletId: string, from: string, to: string): Promise<TakingsReport> {
  const start = beijingDay(from).start;
  const end = beijingDay(to).end;
  if (!(end > start)) throw new AppError('VALIDATION', 'Invalid input: to is before from');
  if ((end - start) / DAY > TAKINGS_MAX_DAYS)
    throw new AppError('VALIDATION', `Invalid input: at most ${TAKINGS_MAX_DAYS} days`);
  const report: TakingsReport = {
    from,
    to,
    sales: emptyTakings(),
    memberTopups: emptyTakings(),
    refunds: emptyTakings(),
    byDay: [],
  };
  const { rows: sales } = await q.query<{ day: number; method: string; fen: number }>(
    `SELECT floor((o.created_at - $2) / ${DAY})::int AS day, p.method, sum(p.amount)::bigint AS fen
       FROM order_payments p JOIN orders o ON o.id = p.order_id
      WHERE o.outlet_id = $1 AND o.created_at >= $2 AND o.created_at < $3
      GROUP BY 1, 2 ORDER BY 1`,
    [outletId, start, end],
  );
  const days = new Map<number, TakingsByMethod>();
  for (const r of sales) {
    add(report.sales, r.method, Number(r.fen));
    if (!days.has(r.day)) days.set(r.day, emptyTakings());
    add(days.get(r.day)!, r.method, Number(r.fen));
  }
  report.byDay = [...days.entries()].map(([d, t]) => ({
    date: new Date(start + d * DAY + 8 * 3600_000).toISOString().slice(0, 10),
    sales: t,
  }));
  const { rows: topups } = await q.query<{ method: string; fen: number }>(
    `SELECT method, sum(amount)::bigint AS fen FROM payments
      WHERE outlet_id = $1 AND used_kind = 'member_topup' AND paid_at >= $2 AND paid_at < $3 GROUP BY method`,
    [outletId, start, end],
  );
  for (const r of topups) add(report.memberTopups, r.method, Number(r.fen));
  const { rows: refunds } = await q.query<{ method: string; fen: number }>(
    `SELECT p.method, sum(r.amount)::bigint AS fen FROM payment_refunds r JOIN payments p ON p.id = r.payment_id
      WHERE p.outlet_id = $1 AND r.status = 'succeeded' AND r.updated_at >= $2 AND r.updated_at < $3 GROUP BY p.method`,
    [outletId, start, end],
  );
  for (const r of refunds) add(report.refunds, r.method, Number(r.fen));
  // A return's refund to a payment code goes through the provider and is counted above (payment_refunds):
  // only the tenders the till itself gives back are counted here, so nothing is counted twice.
  const { rows: returned } = await q.query<{ method: string; fen: number }>(
    `SELECT f.method, sum(f.amount)::bigint AS fen FROM return_refunds f JOIN returns r ON r.id = f.return_id
      WHERE r.outlet_id = $1 AND r.created_at >= $2 AND r.created_at < $3 GROUP BY f.method`,
    [outletId, start, end],
  );
  for (const r of returned)
    if ((PAYMENT_METHODS as string[]).includes(r.method) && !isCodeMethod(r.method as PaymentMethod))
      add(report.refunds, r.method, Number(r.fen));
  return report;
}
