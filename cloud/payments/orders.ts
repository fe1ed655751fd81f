// Runtime: Node. Orders paid (in part) by payment code: each such line names its cloud payment, which must
// be this outlet's, paid, of that amount and method, for a sale, and used by no other order. The order and
// the payment's use commit together (cloud/orders/repository.ts), so a payment backs exactly one order and an
// order is stored only with the payments that back it — an order naming anything else is rejected, loudly.
import type { OrderWire } from '../../shared/sync/protocol';
import type { OrderResult } from '../../shared/sync/records';
import type { Queryable } from '../db/types';
import { getPayment, useCodePayment } from './repository';

/** Why this (not yet stored) order cannot be backed by its code payments, or null. Locks the payments. */
export async function codePaymentRefusal(q: Queryable, outletId: string, o: OrderWire): Promise<OrderResult | null> {
  for (const line of o.payments) {
    if (!line.paymentId) continue;
    const p = await getPayment(q, line.paymentId, true);
    const refuse = (code: 'NOT_FOUND' | 'CONFLICT' | 'PAYMENT_NOT_PAID', message: string): OrderResult => ({
      clientOrderId: o.clientOrderId,
      status: 'rejected',
      error: { code, message },
    });
    if (!p || p.outlet_id !== outletId) return refuse('NOT_FOUND', `Unknown payment ${line.paymentId}`);
    if (p.used_kind) return refuse('CONFLICT', `Payment ${line.paymentId} already paid ${p.used_kind} ${p.used_ref}`);
    if (p.status !== 'paid') return refuse('PAYMENT_NOT_PAID', `Payment ${line.paymentId} is ${p.status}, not paid`);
    if (p.purpose !== 'sale') return refuse('CONFLICT', `Payment ${line.paymentId} was taken for a member top-up`);
    if (Number(p.amount) !== line.amount || p.method !== line.method)
      return refuse(
        'CONFLICT',
        `Payment ${line.paymentId} is ${p.method} ${p.amount} fen, not ${line.method} ${line.amount}`,
      );
  }
  return null;
}

/** Marks the order's code payments used by it (after codePaymentRefusal passed in the same transaction). */
export async function markCodePayments(
  q: Queryable,
  outletId: string,
  o: OrderWire,
  orderId: string,
  now: number,
): Promise<void> {
  for (const line of o.payments) {
    if (!line.paymentId) continue;
    const refused = await useCodePayment(
      q,
      { outletId, paymentId: line.paymentId, kind: 'order', ref: orderId, amountFen: line.amount, method: line.method },
      now,
    );
    if (refused) throw new Error(`payment ${line.paymentId} could not be used: ${refused.message}`);
  }
}
