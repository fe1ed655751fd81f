// Virtual goods (top-ups, game cards, utility bills): online only; the cloud reserves the outlet's cost.
// Handlers: electron/backend/virtual/handlers.ts.
import { z } from 'zod';
import { zText } from '../text';
import type { ErrorCode } from '../errors';
import { zFen } from '../money';
import {
  PHONE_CARRIERS,
  VIRTUAL_STATUSES,
  zPhoneNumber,
  zUtilityAccount,
  zUtilityAmount,
  zVirtualOrder,
} from '../sync/protocol';
import { empty, method, type MethodSpec } from './method';

/** One of this device's virtual orders in the recent list. 'unconfirmed': asked, the cloud's answer never
 *  came (it may hold the order: it shows up here once the cloud's feed names it). */
export const zRecentVirtualOrder = z.object({
  clientOrderId: zText(),
  id: zText().nullable(),
  productName: zText(),
  phone: zText().nullable(),
  faceValue: zFen.nullable(),
  cost: zFen.nullable(),
  status: z.enum([...VIRTUAL_STATUSES, 'unconfirmed']),
  statusReason: zText().nullable(),
  escalated: z.boolean(),
  complaint: z
    .object({ status: z.enum(['open', 'compensated', 'rejected']), resolution: zText().nullable() })
    .nullable(),
  submittedAt: z.number().int(),
  updatedAt: z.number().int(),
  /** a game card's code while the till still holds it (memory only, 10 minutes after it arrived) */
  cardCode: zText().nullable().optional(),
});
export type RecentVirtualOrder = z.infer<typeof zRecentVirtualOrder>;
export const zVirtualListStatus = z.enum([...VIRTUAL_STATUSES, 'unconfirmed']);
/** One virtual order in the till's history: with the cash this till took for it and what it handed back
 *  (a failed order's cash goes back to the customer). */
export const zVirtualHistoryOrder = zRecentVirtualOrder.extend({ paid: zFen, handedBack: zFen });
export type VirtualHistoryOrder = z.infer<typeof zVirtualHistoryOrder>;

/** A virtual order as the screen gets it: cost (what the outlet pays) is null unless the employee holds
 *  cost.view — cashiers do not see cost prices. */
export const zVirtualOrderView = zVirtualOrder.extend({ cost: zFen.nullable() });
export type VirtualOrderView = z.infer<typeof zVirtualOrderView>;

/**
 * The cloud's definite refusals of a virtual order: after one of these the cloud holds nothing for the order
 * and charged nothing, so the till hides it from the journal and hands the customer's cash back
 * (electron/backend/virtual/handlers.ts), and the top-up panel says so (renderer TopupPanel).
 */
export const VIRTUAL_DEFINITE_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'VALIDATION',
  'NOT_FOUND',
  'INSUFFICIENT_FUNDS',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'DEVICE_PENDING',
  'DEVICE_REVOKED',
  'BAD_SIGNATURE',
]);

export const VIRTUAL_METHODS = {
  /** the carrier (and province/city) of a phone number or its first digits, from the prefix table held by the POS */
  'topup.carrierOf': method({
    input: z
      .object({
        phone: zText()
          .trim()
          .regex(/^1\d{2,10}$/),
      })
      .strict(),
    output: z.object({
      carrier: z.enum(PHONE_CARRIERS).nullable(),
      province: zText().nullable(),
      city: zText().nullable(),
      prefix: zText().nullable(),
      tableLoaded: z.boolean(),
    }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** the outlet's active top-up products of a carrier (face-value buttons); with the phone (or its first digits),
   *  regional sources whose regions do not hold the number's province (offline prefix table) are left out */
  'topup.products': method({
    input: z
      .object({
        carrier: z.enum(PHONE_CARRIERS),
        phone: zText()
          .trim()
          .regex(/^1\d{2,10}$/)
          .optional(),
      })
      .strict(),
    output: z.object({ items: z.array(z.object({ id: zText(), name: zText(), faceValue: zFen, price: zFen })) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** submits a top-up / game card to the cloud; OFFLINE (details.clientOrderId) when the cloud cannot be reached.
   *  clientOrderId: the sale's idempotency key, made once per confirmed sale by the caller and reused on a
   *  retry, so a retry after a lost answer never charges twice (the backend makes one when absent). */
  'virtual.submit': method({
    input: z
      .object({
        productId: zText().uuid(),
        phone: zPhoneNumber.optional(),
        account: zUtilityAccount.optional(),
        /** a utility bill of any amount (shared/limits.ts range); absent = the product's face value */
        amount: zUtilityAmount.optional(),
        clientOrderId: zText().uuid().optional(),
      })
      .strict(),
    output: zVirtualOrderView,
    auth: 'session',
    permission: 'sale.sell',
  }),
  'virtual.status': method({
    input: z.object({ id: zText().uuid() }).strict(),
    output: zVirtualOrderView,
    auth: 'session',
    permission: 'sale.sell',
    polled: true,
  }),
  /** the outlet's active utility bills (水电煤) by biller, amounts ascending (the 缴费 tab) */
  'utility.billers': method({
    input: empty,
    output: z.object({
      billers: z.array(
        z.object({
          biller: zText(),
          items: z.array(z.object({ id: zText(), name: zText(), faceValue: zFen, price: zFen })),
        }),
      ),
    }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** the outlet's active game-card products (card picker) */
  'virtual.cards': method({
    input: empty,
    output: z.object({ items: z.array(z.object({ id: zText(), name: zText(), faceValue: zFen, price: zFen })) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** this device's recent top-ups, game cards and bills with their status: the cloud's feed is read into the
   *  till's journal first; when the cloud cannot be reached, the journal as last known (offline: true) */
  'virtual.recent': method({
    input: z.object({ limit: z.number().int().min(1).max(50).default(20) }).strict(),
    output: z.object({ orders: z.array(zRecentVirtualOrder), offline: z.boolean().optional() }),
    auth: 'session',
    permission: 'sale.sell',
    polled: true,
  }),
  /**
   * 历史订单's 充值缴费 list: this till's top-ups, game cards and bills, newest first, from its journal (works
   * offline; the cloud's feed is read in first when it can be reached, as virtual.recent). query: a phone or
   * account number (or part), a product name (or part), or the order's id; from/to epoch ms (to exclusive);
   * minPaid/maxPaid: the cash taken, in fen.
   */
  'virtual.history': method({
    input: z
      .object({
        query: zText().trim().max(64).optional(),
        status: zVirtualListStatus.optional(),
        from: z.number().int().min(0).optional(),
        to: z.number().int().min(0).optional(),
        minPaid: zFen.optional(),
        maxPaid: zFen.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ orders: z.array(zVirtualHistoryOrder), offline: z.boolean().optional() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** 凭条: the slip of a virtual order (product, number masked, face value, cash taken, its state); never a
   *  game card's code — that prints only through receipt.printCard while the till holds it */
  'receipt.printVirtual': method({
    input: z.object({ clientOrderId: zText().uuid() }).strict(),
    output: z.object({ printed: z.literal(true) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** 假充: the customer did not receive a top-up the supplier reported successful; opens the cloud's complaint */
  'virtual.complain': method({
    input: z.object({ orderId: zText().uuid(), reason: zText().trim().min(1).max(500) }).strict(),
    output: zVirtualOrderView,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** prints a game card's code (卡密) while it is on screen: the backend holds a delivered code in memory
   *  only, for 10 minutes after delivery; never written to disk */
  'receipt.printCard': method({
    input: z.object({ orderId: zText().uuid() }).strict(),
    output: z.object({ printed: z.literal(true) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
} as const satisfies Record<string, MethodSpec>;
