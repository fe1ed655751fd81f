// Returns and voids (退货 / 作废), declared once: the reasons, the return wire (a record kind of its own,
// shared/sync/records.ts) and the arithmetic of what may still be given back. Pure: the till computes a
// return with it and the cloud checks the same figures against the original order.
//
// What a line is worth to the customer is what they paid for it: its lineTotal less its share of the order's
// discounts (member, order discount, 抹零), the shares split by line total with the odd fen on the last line,
// so the lines' worth sums to the order's total exactly. A partial return gives back qty/sold of the line's
// worth rounded DOWN; the return that takes the line's last units gives back whatever of it is left — so
// however a line is returned, across however many returns, the customer gets back exactly what they paid,
// never a fen more.
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { zText } from '../text';
import { zFen } from '../money';
import { zPaymentMethod, type PaymentMethod } from '../payments/methods';
import { zOverrideRecord } from './overrides';

export const RETURN_REASONS = [
  'defective', // 质量问题
  'wrong_item', // 拿错商品
  'changed_mind', // 顾客不要了
  'expired', // 过期
  'cashier_error', // 收银错误
  'void', // 作废: a full return of the last sale within the void window
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
export const zReturnReason = z.enum(RETURN_REASONS);

export const zReturnLine = z
  .object({
    lineNo: z.number().int().min(1).max(999),
    /** the original order's line (absent for a return without a receipt) */
    orderLineNo: z.number().int().min(1).max(999).optional(),
    productId: z.uuid(),
    sku: zText().max(64),
    name: zText().max(200),
    qty: z.number().int().min(1).max(9999),
    /** what this line gives back */
    amount: zFen,
  })
  .strict();

export const zReturnRefund = z
  .object({
    /** the tender the money goes back to: the original order's (cash for a return without a receipt) */
    method: zPaymentMethod,
    amount: zFen,
    /** the member whose card is credited (member refunds) */
    memberId: z.uuid().optional(),
    /** the payment-code payment refunded through its provider (code methods) */
    paymentId: z.uuid().optional(),
  })
  .strict();

export const zReturnWire = z
  .object({
    clientReturnId: z.uuid(),
    /** printed on the return slip, unique per device (T20250131-0001) */
    number: zText().min(1).max(32),
    createdAt: z.number().int().positive(),
    employeeId: z.uuid(),
    /** the original sale on this device; absent for a return without a receipt (无单退货) */
    original: z
      .object({ clientOrderId: z.uuid(), number: zText().min(1).max(32) })
      .strict()
      .optional(),
    reason: zReturnReason,
    lines: z.array(zReturnLine).min(1).max(500),
    total: zFen,
    refunds: z.array(zReturnRefund).min(1).max(10),
    overrides: z.array(zOverrideRecord).max(10).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const sum = r.lines.reduce((s, l) => s + l.amount, 0);
    if (sum !== r.total) ctx.addIssue({ code: 'custom', path: ['total'], message: 'total ≠ sum of line amounts' });
    const refunded = r.refunds.reduce((s, x) => s + x.amount, 0);
    if (refunded !== r.total) ctx.addIssue({ code: 'custom', path: ['refunds'], message: 'refunds ≠ total' });
    r.refunds.forEach((x, i) => {
      if ((x.method === 'member') !== (x.memberId !== undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['refunds', i, 'memberId'],
          message: 'memberId for, and only for, member refunds',
        });
    });
    if (r.reason === 'void' && !r.original)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a void names the sale it voids' });
    if (!r.original && r.lines.some((l) => l.orderLineNo !== undefined))
      ctx.addIssue({ code: 'custom', path: ['lines'], message: 'orderLineNo only with an original order' });
    if (r.original && r.lines.some((l) => l.orderLineNo === undefined))
      ctx.addIssue({ code: 'custom', path: ['lines'], message: 'every line names its orderLineNo' });
  });
export type ReturnWire = z.infer<typeof zReturnWire>;

/** The parts of an order the arithmetic needs (an OrderWire, or the till's rows). */
export interface OrderForReturn {
  lines: readonly { lineNo: number; qty: number; lineTotal: number }[];
  subtotal: number;
  total: number;
  payments: readonly {
    method: PaymentMethod;
    amount: number;
    memberId?: string | undefined;
    paymentId?: string | undefined;
  }[];
}
/** What earlier returns of the order took (their lines and refunds). */
export interface EarlierReturn {
  lines: readonly { orderLineNo?: number | undefined; qty: number; amount: number }[];
  refunds: readonly { method: PaymentMethod; amount: number; paymentId?: string | undefined }[];
}

export interface LineRoom {
  lineNo: number;
  sold: number;
  returned: number;
  /** what the customer paid for the whole line */
  worth: number;
  /** what earlier returns gave back for it */
  refunded: number;
}

/** Each line's worth (its share of the order total) and what earlier returns took of it. */
export function lineRoom(order: OrderForReturn, earlier: readonly EarlierReturn[]): LineRoom[] {
  const discount = order.subtotal - order.total;
  let given = 0;
  return order.lines.map((l, i) => {
    const last = i === order.lines.length - 1;
    const share = last
      ? discount - given
      : order.subtotal === 0
        ? 0
        : Math.floor((discount * l.lineTotal) / order.subtotal);
    given += share;
    let returned = 0;
    let refunded = 0;
    for (const r of earlier)
      for (const x of r.lines)
        if (x.orderLineNo === l.lineNo) {
          returned += x.qty;
          refunded += x.amount;
        }
    return { lineNo: l.lineNo, sold: l.qty, returned, worth: l.lineTotal - share, refunded };
  });
}

/** What returning `qty` more of a line gives back, or null when fewer than that are left to return. */
export function amountFor(room: LineRoom, qty: number): number | null {
  if (!Number.isSafeInteger(qty) || qty < 1 || room.returned + qty > room.sold) return null;
  if (room.returned + qty === room.sold) return room.worth - room.refunded;
  return (
    Math.floor((room.worth * (room.returned + qty)) / room.sold) - Math.floor((room.worth * room.returned) / room.sold)
  );
}

/**
 * Where a refund goes: back to the order's tenders, the last paid first (so change-giving cash is returned
 * last), each at most what it paid less what earlier returns gave back to that method.
 */
export function refundsFor(
  order: OrderForReturn,
  earlier: readonly EarlierReturn[],
  amount: number,
): { method: PaymentMethod; amount: number; memberId?: string; paymentId?: string }[] | null {
  // a payment code is its own tender (two WeChat codes in one sale are two), the rest go by method
  const key = (x: { method: PaymentMethod; paymentId?: string | undefined }) => x.paymentId ?? x.method;
  const back = new Map<string, number>();
  for (const r of earlier) for (const x of r.refunds) back.set(key(x), (back.get(key(x)) ?? 0) + x.amount);
  const out: { method: PaymentMethod; amount: number; memberId?: string; paymentId?: string }[] = [];
  let left = amount;
  for (const p of [...order.payments].reverse()) {
    if (left === 0) break;
    const already = Math.min(back.get(key(p)) ?? 0, p.amount);
    back.set(key(p), (back.get(key(p)) ?? 0) - already);
    const room = p.amount - already;
    const take = Math.min(room, left);
    if (take > 0)
      out.push({
        method: p.method,
        amount: take,
        ...(p.memberId ? { memberId: p.memberId } : {}),
        ...(p.paymentId ? { paymentId: p.paymentId } : {}),
      });
    left -= take;
  }
  return left === 0 ? out : null;
}

/** The namespace of the ids derived below (a fixed random UUID: never change it, ids already sent depend on it). */
const REFUND_ID_NS = '5b0f3c2e-8d7a-4e61-9c3f-2a6d1e8b7f40';

/**
 * The id of the provider refund that gives back a return's code part (its `refundId`, whose dashes-free form is
 * the provider's out_refund_no / out_request_no): derived from the return's own id and the part's position, so
 * the till asking again after a lost answer or a crash, and the cloud checking the pushed return, name the very
 * same refund — one return part is one refund, never two.
 */
export const codeRefundIdOf = (clientReturnId: string, seq: number): string =>
  uuidv5(`return-refund:${clientReturnId}:${seq}`, REFUND_ID_NS);
