// Virtual goods (top-ups, game cards, utility bills): online only; the cloud reserves the outlet's cost.
// Handlers: electron/backend/virtual/handlers.ts.
import { z } from 'zod';
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
  clientOrderId: z.string(),
  id: z.string().nullable(),
  productName: z.string(),
  phone: z.string().nullable(),
  faceValue: zFen.nullable(),
  cost: zFen.nullable(),
  status: z.enum([...VIRTUAL_STATUSES, 'unconfirmed']),
  statusReason: z.string().nullable(),
  escalated: z.boolean(),
  complaint: z
    .object({ status: z.enum(['open', 'compensated', 'rejected']), resolution: z.string().nullable() })
    .nullable(),
  submittedAt: z.number().int(),
  updatedAt: z.number().int(),
  /** a game card's code while the till still holds it (memory only, 10 minutes after it arrived) */
  cardCode: z.string().nullable().optional(),
});
export type RecentVirtualOrder = z.infer<typeof zRecentVirtualOrder>;

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
        phone: z
          .string()
          .trim()
          .regex(/^1\d{2,10}$/),
      })
      .strict(),
    output: z.object({
      carrier: z.enum(PHONE_CARRIERS).nullable(),
      province: z.string().nullable(),
      city: z.string().nullable(),
      prefix: z.string().nullable(),
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
        phone: z
          .string()
          .trim()
          .regex(/^1\d{2,10}$/)
          .optional(),
      })
      .strict(),
    output: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), faceValue: zFen, price: zFen })) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** submits a top-up / game card to the cloud; OFFLINE (details.clientOrderId) when the cloud cannot be reached.
   *  clientOrderId: the sale's idempotency key, made once per confirmed sale by the caller and reused on a
   *  retry, so a retry after a lost answer never charges twice (the backend makes one when absent). */
  'virtual.submit': method({
    input: z
      .object({
        productId: z.string().uuid(),
        phone: zPhoneNumber.optional(),
        account: zUtilityAccount.optional(),
        /** a utility bill of any amount (shared/limits.ts range); absent = the product's face value */
        amount: zUtilityAmount.optional(),
        clientOrderId: z.string().uuid().optional(),
      })
      .strict(),
    output: zVirtualOrderView,
    auth: 'session',
    permission: 'sale.sell',
  }),
  'virtual.status': method({
    input: z.object({ id: z.string().uuid() }).strict(),
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
          biller: z.string(),
          items: z.array(z.object({ id: z.string(), name: z.string(), faceValue: zFen, price: zFen })),
        }),
      ),
    }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** the outlet's active game-card products (card picker) */
  'virtual.cards': method({
    input: empty,
    output: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), faceValue: zFen, price: zFen })) }),
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
  /** 假充: the customer did not receive a top-up the supplier reported successful; opens the cloud's complaint */
  'virtual.complain': method({
    input: z.object({ orderId: z.string().uuid(), reason: z.string().trim().min(1).max(500) }).strict(),
    output: zVirtualOrderView,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** prints a game card's code (卡密) while it is on screen: the backend holds a delivered code in memory
   *  only, for 10 minutes after delivery; never written to disk */
  'receipt.printCard': method({
    input: z.object({ orderId: z.string().uuid() }).strict(),
    output: z.object({ printed: z.literal(true) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
} as const satisfies Record<string, MethodSpec>;
