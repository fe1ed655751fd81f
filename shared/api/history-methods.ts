// Order history at the till, returns and voids (退货 / 作废). Local (sales.db): history works offline, and so do
// returns refunded in cash or to a member's card (credited when the return reaches the cloud). Handlers:
// electron/backend/sales/returns.ts. The arithmetic of what may be given back: shared/sale/returns.ts.
import { z } from 'zod';
import { zText } from '../text';
import { zFen } from '../money';
import { zPaymentMethod } from '../payments/methods';
import { zReturnReason } from '../sale/returns';
import { method, type MethodSpec } from './method';

export const ORDER_STATUSES = ['completed', 'partly_returned', 'returned', 'voided'] as const;
export const zOrderStatus = z.enum(ORDER_STATUSES);

export const zOrderSummary = z.object({
  id: zText(),
  number: zText(),
  createdAt: z.number().int(),
  total: zFen,
  itemCount: z.number().int(),
  status: zOrderStatus,
  memberName: zText().nullable(),
  /** how it was paid: the methods in order */
  methods: z.array(zPaymentMethod),
  /** its returns with a code refund still processing at the provider (the history dialog asks about them again) */
  pendingReturns: z.array(zText()),
});
export type OrderSummary = z.infer<typeof zOrderSummary>;

export const zReturnView = z.object({
  id: zText(),
  number: zText(),
  createdAt: z.number().int(),
  reason: zReturnReason,
  total: zFen,
  lines: z.array(
    z.object({ orderLineNo: z.number().int().nullable(), name: zText(), qty: z.number().int(), amount: zFen }),
  ),
  refunds: z.array(
    z.object({
      method: zPaymentMethod,
      amount: zFen,
      /** a part refunded to a payment code: accepted and processing at the provider, done, or refused after */
      status: z.enum(['pending', 'succeeded', 'failed']).optional(),
      failure: zText().nullable().optional(),
      /** a cash part that stands for a payment-code refund the provider refused (the return's other part was
       *  accepted, so the goods came back and this money was handed over from the drawer instead) */
      refused: z.object({ method: zPaymentMethod, failure: zText().nullable() }).optional(),
    }),
  ),
  employeeName: zText().nullable(),
  supervisorName: zText().nullable(),
});
export type ReturnView = z.infer<typeof zReturnView>;

export const zOrderDetail = zOrderSummary.extend({
  subtotal: zFen,
  discount: zFen,
  discounts: z.object({ member: zFen, order: zFen, rounding: zFen }),
  seat: zText().nullable(),
  employeeName: zText().nullable(),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      productId: zText(),
      name: zText(),
      qty: z.number().int(),
      unitPrice: zFen,
      listPrice: zFen.nullable(),
      discount: zFen,
      lineTotal: zFen,
      returned: z.number().int(),
      /** what returning one more unit gives back now (null when none is left) */
      refundEach: zFen.nullable(),
    }),
  ),
  payments: z.array(
    z.object({ method: zPaymentMethod, amount: zFen, tendered: zFen.nullable(), change: zFen.nullable() }),
  ),
  returns: z.array(zReturnView),
  overrides: z.array(z.object({ act: zText(), supervisorName: zText().nullable() })),
  /** acknowledged by the cloud */
  synced: z.boolean(),
  /** a void (作废) is possible now: the till's last sale, within the void window, nothing returned */
  voidable: z.boolean(),
});
export type OrderDetail = z.infer<typeof zOrderDetail>;

export const HISTORY_METHODS = {
  /**
   * This till's sales, newest first. query: a receipt number (or what the scanner read from the receipt's
   * QR code / barcode), or part of a product's name or barcode, or a member's card number, phone or name.
   * from/to: epoch ms; min/max: the total in fen. member: a card number, phone (or its last digits) or name;
   * product: part of a product's name, or its barcode; status: as the list shows it. Every filter given applies.
   */
  'orders.search': method({
    input: z
      .object({
        query: zText().trim().max(64).optional(),
        from: z.number().int().min(0).optional(),
        to: z.number().int().min(0).optional(),
        minTotal: zFen.optional(),
        maxTotal: zFen.optional(),
        member: zText().trim().min(1).max(64).optional(),
        product: zText().trim().min(1).max(64).optional(),
        status: zOrderStatus.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ orders: z.array(zOrderSummary) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  'orders.get': method({
    input: z.object({ id: zText().uuid() }).strict(),
    output: zOrderDetail,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /**
   * 退货: returns lines of an earlier sale (orderId) — never more than was sold, across every return — and gives
   * the money back to the sale's own tenders (cash from the drawer, the member's card); or, without a receipt
   * (无单退货, no orderId), products at the amounts given, in cash. Needs sale.refund (a return without a receipt
   * sale.refund_no_receipt) and, above the cashier's maxRefundFen, a supervisor's override (act 'refund' /
   * 'refund_no_receipt'): LIMIT_EXCEEDED / FORBIDDEN with details.override otherwise. Cash beyond what the
   * drawer should hold is refused. One transaction with its cash movement, audit row and outbox row.
   * Parts going back to a payment code (WeChat / Alipay / UnionPay) need the cloud: refused offline
   * (OFFLINE, reason CODE_REFUND_OFFLINE); the return commits once the cloud accepted each part's provider
   * refund (its status then 'pending' or 'succeeded'); REFUND_FAILED when refused (nothing returned);
   * REFUND_WAITING (details.returnId) when the answer was lost — sale.returnRefresh asks again.
   */
  'sale.return': method({
    input: z
      .object({
        orderId: zText().uuid().optional(),
        lines: z
          .array(
            z
              .object({
                lineNo: z.number().int().min(1).optional(),
                productId: zText().uuid().optional(),
                qty: z.number().int().min(1).max(9999),
                /** a return without a receipt: what this line gives back */
                amount: zFen.optional(),
              })
              .strict(),
          )
          .min(1)
          .max(500),
        reason: zReturnReason.exclude(['void']),
        overrideId: z.uuid().optional(),
      })
      .strict(),
    output: z.object({ return: zReturnView }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** What returning these lines of a sale would give back, and to which tenders (nothing is written). */
  'sale.returnQuote': method({
    input: z
      .object({
        orderId: zText().uuid(),
        lines: z
          .array(z.object({ lineNo: z.number().int().min(1), qty: z.number().int().min(1).max(9999) }).strict())
          .min(1)
          .max(500),
      })
      .strict(),
    output: z.object({ total: zFen, refunds: z.array(z.object({ method: zPaymentMethod, amount: zFen })) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /**
   * A return's code refunds asked about again: a return waiting for the cloud's answer (REFUND_WAITING) commits
   * once accepted (or REFUND_FAILED); a committed one's processing parts are looked up (pending → succeeded).
   */
  'sale.returnRefresh': method({
    input: z.object({ id: zText().uuid() }).strict(),
    output: z.object({ return: zReturnView }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /**
   * The history dialog's look at code refunds still processing: each return named (this till's, at most 50) has
   * its pending code parts asked about at the cloud (pending → succeeded / failed); answers every named return's
   * view as it now stands (unknown ids are left out). One call for all that the dialog shows.
   */
  'sale.returnsFollow': method({
    input: z.object({ ids: z.array(zText().uuid()).min(1).max(50) }).strict(),
    output: z.object({ returns: z.array(zReturnView) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** 作废: a full return, reason 'void', of this till's last sale within the outlet's void window */
  'sale.void': method({
    input: z.object({ orderId: zText().uuid(), overrideId: z.uuid().optional() }).strict(),
    output: z.object({ return: zReturnView }),
    auth: 'session',
    permission: 'sale.sell',
  }),
} as const satisfies Record<string, MethodSpec>;
