// Orders the cloud could not vouch for (待核对订单): tills sell offline, so the cloud checks each order as it
// arrives and flags — never refuses — one whose discount goes beyond the cashier's limits without a
// supervisor's override, whose member or 抹零 discount no rule explains, or whose catalog price differs from
// the catalog's at the time of sale. The owner reads them (GET /v1/orders/flagged, POS method
// owner.flaggedOrders) and marks each reviewed. Amounts are integer fen; times epoch ms.
import { z } from 'zod';
import { zText } from '../text';

/** The reasons an order is flagged, declared once (the cloud's checks, the wire, the back office's texts). */
export const FLAG_KINDS = ['discount_over_limit', 'member_discount', 'rounding', 'price_mismatch'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

const zInt = z.number().int();
export const zFlagReason = z.discriminatedUnion('kind', [
  z.object({
    /** the cashier's own discounts (price cuts, line and order discounts) beyond their limits, no override */
    kind: z.literal('discount_over_limit'),
    discretionaryFen: zInt,
    listTotalFen: zInt,
    maxDiscountFen: zInt,
    /** the most of the list total the cashier may take off, basis points */
    maxDiscountBps: zInt,
    /** which limit it went past */
    beyond: z.enum(['AMOUNT', 'PERCENT']),
  }),
  z.object({
    /** a member (level) discount larger than any the member — or, with no paying member, any member — has */
    kind: z.literal('member_discount'),
    memberDiscountFen: zInt,
    allowedFen: zInt,
  }),
  z.object({
    /** 抹零 larger than the outlet's rule drops */
    kind: z.literal('rounding'),
    roundingFen: zInt,
    rule: z.enum(['none', 'jiao', 'yuan']),
  }),
  z.object({
    /** lines whose catalog price (the one charged, or the one a 改价 started from) is not the catalog's then */
    kind: z.literal('price_mismatch'),
    lines: z.array(
      z.object({
        lineNo: zInt,
        productId: z.uuid(),
        name: zText(),
        tillPriceFen: zInt,
        catalogPriceFen: zInt,
      }),
    ),
  }),
]);
export type FlagReason = z.infer<typeof zFlagReason>;

export const FLAG_STATUSES = ['open', 'reviewed', 'all'] as const;
export const FLAGGED_LIST_MAX = 200;
const zCursor = zText().regex(/^\d{1,16}_[0-9a-f-]{36}$/, 'a cursor from the previous page');

/** GET /v1/orders/flagged query (strings); the POS method takes the same as numbers */
export const zFlaggedListQuery = z
  .object({
    status: z.enum(FLAG_STATUSES).default('open'),
    cursor: zCursor.optional(),
    limit: z.coerce.number().int().min(1).max(FLAGGED_LIST_MAX).default(50),
  })
  .strict();
export const zFlaggedListInput = z
  .object({
    status: z.enum(FLAG_STATUSES).default('open'),
    cursor: zCursor.optional(),
    limit: z.number().int().min(1).max(FLAGGED_LIST_MAX).default(50),
  })
  .strict();

export const zFlaggedOrder = z.object({
  orderId: z.uuid(),
  clientOrderId: z.uuid(),
  /** the receipt number */
  number: zText(),
  deviceId: z.uuid(),
  deviceName: zText(),
  employeeId: z.uuid(),
  employeeName: zText(),
  createdAt: zInt,
  flaggedAt: zInt,
  subtotal: zInt,
  discount: zInt,
  total: zInt,
  reasons: z.array(zFlagReason).min(1),
  reviewedAt: zInt.nullable(),
  reviewedBy: z.object({ id: z.uuid(), name: zText() }).nullable(),
});
export type FlaggedOrder = z.infer<typeof zFlaggedOrder>;

export const zFlaggedList = z.object({
  orders: z.array(zFlaggedOrder),
  /** pass as `cursor` for the next (older) page; null on the last page */
  nextCursor: zText().nullable(),
  /** how many are waiting for review, whatever the page */
  openCount: zInt,
});
export type FlaggedList = z.infer<typeof zFlaggedList>;

export const FLAGGED_PATHS = {
  list: '/v1/orders/flagged',
  review: '/v1/orders/flagged/:id/review',
} as const;
