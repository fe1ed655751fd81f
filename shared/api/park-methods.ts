// Hold and recall (挂单 / 取单): the cart set aside in sales.db with its member and seat, and brought back from
// a list. Entirely local, so it works offline; baskets survive the idle lock, logout and a restart, and a
// shift cannot be closed over one (shift.close: CONFLICT, details.reason PARKED_BASKETS) until each is recalled
// and sold, or discarded with a reason. Handlers: electron/backend/sales/parked-handlers.ts.
import { z } from 'zod';
import { zText } from '../text';
import { zFen } from '../money';
import { zSeat } from '../sync/protocol';
import { zCart } from './sales-methods';
import { zMemberView } from './member-methods';
import { empty, method, type MethodSpec } from './method';

export const zParkedBasket = z.object({
  id: zText(),
  parkedAt: z.number().int(),
  parkedBy: zText(),
  /** the employee's name as this till knows it */
  parkedByName: zText().nullable(),
  memberName: zText().nullable(),
  seat: zText().nullable(),
  note: zText().nullable(),
  itemCount: z.number().int(),
  total: zFen,
  /** the first lines, for the list ("农夫山泉 ×2、乐事薯片 ×1 …") */
  lines: z.array(z.object({ name: zText(), qty: z.number().int() })),
});
export type ParkedBasket = z.infer<typeof zParkedBasket>;

export const PARK_METHODS = {
  /** baskets waiting, oldest first */
  'park.list': method({
    input: empty,
    output: z.object({ baskets: z.array(zParkedBasket) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** parks the cart (EMPTY_CART when it is empty) with its member and the seat; the cart is empty after */
  'park.save': method({
    input: z.object({ seat: zSeat.optional(), note: zText().trim().min(1).max(100).optional() }).strict(),
    output: z.object({ basket: zParkedBasket, cart: zCart }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** brings a basket back into the cart (CONFLICT CART_NOT_EMPTY while the cart holds something) */
  'park.recall': method({
    input: z.object({ id: zText().uuid() }).strict(),
    /** member: the basket's member as this counter knows them now (balance included), for the member box;
     *  null when the basket had none or the card is no longer on this counter (the cart keeps its name) */
    output: z.object({ cart: zCart, seat: zText().nullable(), member: zMemberView.nullable() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** gives a basket up (the customer left), with the reason; audited */
  'park.discard': method({
    input: z.object({ id: zText().uuid(), reason: zText().trim().min(1).max(100) }).strict(),
    output: z.object({ baskets: z.array(zParkedBasket) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
} as const satisfies Record<string, MethodSpec>;
