// Selling physical goods: the cart (in memory in the backend) and the checkout that commits it as a sale.
// Handlers: electron/backend/sales/handlers.ts (offline rules applied per method at registration).
import { z } from 'zod';
import { zFen } from '../money';
import { CHECKOUT_METHODS } from '../payments/methods';
import { PAYMENT_METHODS, zSeat } from '../sync/protocol';
import { zCatalogItem } from './catalog-item';
import { zCode } from './catalog-methods';
import { empty, method, type MethodSpec } from './method';

export const zCartLine = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  qty: z.number().int(),
  unitPrice: zFen,
  lineTotal: zFen,
  /** present when this line sells more than the estimated stock: a warning to show, never a block */
  stockWarning: z.object({ code: z.literal('BELOW_STOCK'), available: z.number().int() }).optional(),
});
export type CartLine = z.infer<typeof zCartLine>;
export const zCart = z.object({ lines: z.array(zCartLine), itemCount: z.number().int(), subtotal: zFen, total: zFen });
export type Cart = z.infer<typeof zCart>;

export const zCompletedOrder = z.object({
  id: z.string(),
  number: z.string(),
  createdAt: z.number().int(),
  total: zFen,
  tendered: zFen,
  change: zFen,
  lines: z.array(zCartLine),
  /** before the member's level discount; total = subtotal − discount */
  subtotal: zFen.optional(),
  discount: zFen.optional(),
  /** how it was paid (cash when absent) */
  method: z.enum(PAYMENT_METHODS).optional(),
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
   * Commits the cart as a sale. payment 'cash' (default): tendered must cover the total. payment 'member':
   * the whole total from memberId's stored value (needs member.manage); online up to the cloud's live
   * balance, offline up to balance + the member's offline allowance, else MEMBER_BALANCE_LOW. With a
   * memberId the member's level discount applies either way. seat: an internet café's seat number.
   */
  'sale.checkout': method({
    input: z
      .object({
        tendered: zFen.default(0 as never),
        payment: z.enum(CHECKOUT_METHODS).default('cash'),
        memberId: z.string().uuid().optional(),
        seat: zSeat.optional(),
      })
      .strict(),
    output: z.object({ order: zCompletedOrder }),
    auth: 'session',
    permission: 'sale.sell',
  }),
} as const satisfies Record<string, MethodSpec>;
