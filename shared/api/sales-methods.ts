// Selling physical goods: the cart (in memory in the backend) and the checkout that commits it as a sale.
// Handlers: electron/backend/sales/handlers.ts (offline rules applied per method at registration).
import { z } from 'zod';
import { zFen } from '../money';
import { CHECKOUT_METHODS } from '../payments/methods';
import { PAYMENT_METHODS, zSeat } from '../sync/protocol';
import { zDiscount } from '../sale/pricing';
import { zCatalogItem } from './catalog-item';
import { zCode } from './catalog-methods';
import { empty, method, type MethodSpec } from './method';

export const zCartLine = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  qty: z.number().int(),
  /** the price per unit charged (the catalog's, or the cashier's override 改价), before the line discount */
  unitPrice: zFen,
  /** unitPrice × qty − discount */
  lineTotal: zFen,
  /** the catalog price when the line was added */
  listPrice: zFen.optional(),
  /** fen off this line */
  discount: zFen.optional(),
  /** the line discount as the cashier gave it (% or amount) */
  lineDiscount: zDiscount.optional(),
  /** present when this line sells more than the estimated stock: a warning to show, never a block */
  stockWarning: z.object({ code: z.literal('BELOW_STOCK'), available: z.number().int() }).optional(),
});
export type CartLine = z.infer<typeof zCartLine>;
/** The cart priced by shared/sale/pricing.ts: subtotal (Σ lines) − member − order discount − 抹零 = total. */
export const zCart = z.object({
  lines: z.array(zCartLine),
  itemCount: z.number().int(),
  subtotal: zFen,
  /** what the customer pays */
  total: zFen,
  /** Σ catalog price × qty */
  listTotal: zFen.optional(),
  memberDiscount: zFen.optional(),
  orderDiscount: zFen.optional(),
  /** 抹零 by the outlet's rule */
  rounding: zFen.optional(),
  /** memberDiscount + orderDiscount + rounding */
  discount: zFen.optional(),
  /** what the cashier gave away by choice: the figure their limits apply to */
  discretionary: zFen.optional(),
  /** the whole-order discount as the cashier gave it */
  orderAdjust: zDiscount.optional(),
  member: z.object({ id: z.string(), name: z.string(), discountBps: z.number().int() }).nullable().optional(),
  /** the supervisor who approved the discounts on this cart */
  override: z.object({ supervisorId: z.string(), supervisorName: z.string() }).nullable().optional(),
});
export type Cart = z.infer<typeof zCart>;

export const zCompletedOrder = z.object({
  id: z.string(),
  number: z.string(),
  createdAt: z.number().int(),
  total: zFen,
  tendered: zFen,
  change: zFen,
  lines: z.array(zCartLine),
  /** Σ lines (after line discounts and price changes); total = subtotal − discount */
  subtotal: zFen.optional(),
  /** member + order discount + 抹零 */
  discount: zFen.optional(),
  discounts: z.object({ member: zFen, order: zFen, rounding: zFen }).optional(),
  /** the supervisor who approved a discount beyond the cashier's limits */
  override: z.object({ supervisorId: z.string(), supervisorName: z.string() }).optional(),
  /** how it was paid (cash when absent); with several parts, the largest */
  method: z.enum(PAYMENT_METHODS).optional(),
  /** every part of a split tender, in the order taken (cash last) */
  payments: z
    .array(
      z.object({
        method: z.enum(PAYMENT_METHODS),
        amount: zFen,
        tendered: zFen.optional(),
        change: zFen.optional(),
        /** a payment code's transaction at its provider */
        providerTradeNo: z.string().optional(),
      }),
    )
    .optional(),
  seat: z.string().nullable().optional(),
  /** the member the sale was made to, with their balance after it as this device sees it */
  member: z.object({ id: z.string(), name: z.string(), balance: z.number().int() }).optional(),
});
export type CompletedOrder = z.infer<typeof zCompletedOrder>;

const zQty = z.number().int().min(1).max(9999);

export const SALES_METHODS = {
  'cart.get': method({ input: empty, output: zCart, auth: 'session', permission: 'sale.sell' }),
  'cart.add': method({
    input: z.object({ productId: z.string().min(1).max(64), qty: zQty.default(1) }).strict(),
    output: zCart,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** scanner input: exact barcode/SKU lookup and add in one round trip; qty: `3*` typed before the scan */
  'cart.scan': method({
    input: z.object({ code: zCode, qty: zQty.default(1) }).strict(),
    output: z.object({ cart: zCart, item: zCatalogItem.nullable() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  'cart.setQty': method({
    input: z.object({ productId: z.string().min(1).max(64), qty: z.number().int().min(0).max(9999) }).strict(),
    output: zCart,
    auth: 'session',
    permission: 'sale.sell',
  }),
  'cart.clear': method({ input: empty, output: zCart, auth: 'session', permission: 'sale.sell' }),
  /**
   * 改价 and line discounts: `price` charges another unit price (null: the catalog's again), `discount` takes a
   * share or an amount off the line (null: none). Needs sale.discount and the employee's limits
   * (shared/sale/pricing.ts beyondLimits over the whole cart); beyond them LIMIT_EXCEEDED (or FORBIDDEN without
   * the permission) with `details.override = 'discount'`: a supervisor's override (override.grant) passed as
   * overrideId approves it, up to the supervisor's own limits. A price above the catalog's needs no approval.
   */
  'cart.adjustLine': method({
    input: z
      .object({
        productId: z.string().min(1).max(64),
        price: zFen.nullable().optional(),
        discount: zDiscount.nullable().optional(),
        overrideId: z.uuid().optional(),
      })
      .strict(),
    output: zCart,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** A whole-order discount (null: none), checked like cart.adjustLine. */
  'cart.discountOrder': method({
    input: z.object({ discount: zDiscount.nullable(), overrideId: z.uuid().optional() }).strict(),
    output: zCart,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** The member the sale is made to (their level discount; needs member.manage), null: none. */
  'cart.setMember': method({
    input: z.object({ memberId: z.uuid().nullable() }).strict(),
    output: zCart,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /**
   * Commits the cart as a sale. payment 'cash' (default): tendered must cover the total. payment 'member':
   * the whole total from memberId's stored value (needs member.manage); online up to the cloud's live
   * balance, offline up to balance + the member's offline allowance, else MEMBER_BALANCE_LOW. With a
   * memberId the member's level discount applies either way. seat: an internet café's seat number.
   * The cart's discounts are checked against the cashier's limits again here (a quantity changed since may
   * have raised a % discount): LIMIT_EXCEEDED / FORBIDDEN with details.override 'discount' otherwise.
   */
  'sale.checkout': method({
    input: z
      .object({
        tendered: zFen.default(0 as never),
        payment: z.enum(CHECKOUT_METHODS).default('cash'),
        memberId: z.string().uuid().optional(),
        seat: zSeat.optional(),
        /** a supervisor's approval (override.grant, act 'discount') when the cart's discount needs one */
        overrideId: z.uuid().optional(),
      })
      .strict(),
    output: z.object({ order: zCompletedOrder }),
    auth: 'session',
    permission: 'sale.sell',
  }),
} as const satisfies Record<string, MethodSpec>;
