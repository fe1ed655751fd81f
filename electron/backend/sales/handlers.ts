import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';

export function salesHandlers(ctx: BackendContext): HandlerGroup {
  return {
    'cart.get': () => ctx.cart.view(),
    'cart.add': ({ productId, qty }) => {
      const p = ctx.catalog.getProduct(productId);
      if (!p || !p.active) throw new AppError('NOT_FOUND', 'No such product in the catalog');
      return ctx.cart.add(p, qty);
    },
    'cart.scan': ({ code }) => {
      const item = ctx.catalog.lookup(code);
      // An unknown code is an everyday event at a counter, not an error: the cart comes back unchanged.
      if (!item) return { cart: ctx.cart.view(), item: null };
      return { cart: ctx.cart.add(item, 1), item };
    },
    'cart.setQty': ({ productId, qty }) => ctx.cart.setQty(productId, qty),
    'cart.clear': () => ctx.cart.clear(),
    'sale.checkout': ({ tendered }) => {
      const session = ctx.session.get()!;
      const device = ctx.device.record()!;
      const order = ctx.checkout({
        cart: ctx.cart.view(),
        tendered,
        employeeId: session.employee.id,
        timeZone: device.outletTimezone,
        now: ctx.now(),
      });
      // Only after the commit: a failed write leaves the cart as it was, ready to retry.
      ctx.cart.clear();
      ctx.afterSale(order.id);
      ctx.sync.emit();
      ctx.kickSync();
      return { order };
    },
  };
}
