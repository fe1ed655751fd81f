import { AppError } from '../../../shared/errors';
import type { LineAdjust } from '../../../shared/sale/pricing';
import { guarded, type HandlerGroup } from '../api';
import type { App } from '../context';
import { checkoutOffline, sellableOffline } from '../sync/offline-rules';
import { authorizeDiscount } from './discounts';

// The offline rules (sync/offline-rules.ts) wrap cart.add, cart.scan and sale.checkout at registration:
// virtual goods are refused offline and the offline sales cap holds whoever implements the cart.
// Discounts (cart.adjustLine, cart.discountOrder) are checked against the cashier's limits when they are given
// and again at checkout (sales/discounts.ts); a supervisor's override approves what the cashier may not.
export function salesHandlers(ctx: App): HandlerGroup {
  const cashier = () => ctx.session.get()!.employee;
  const { approval, attachMember } = ctx.planner;
  return {
    'cart.get': () => ctx.cart.view(),
    'cart.add': guarded(
      sellableOffline(ctx, (i: { productId: string }) => ctx.catalog.getProduct(i.productId)),
      ({ productId, qty }: { productId: string; qty: number }) => {
        const p = ctx.catalog.getProduct(productId);
        if (!p || !p.active) throw new AppError('NOT_FOUND', 'No such product in the catalog');
        return ctx.cart.add(p, qty);
      },
    ),
    'cart.scan': guarded(
      sellableOffline(ctx, (i: { code: string }) => ctx.catalog.lookup(i.code)),
      ({ code, qty }: { code: string; qty: number }) => {
        const item = ctx.catalog.lookup(code);
        // An unknown code is an everyday event at a counter, not an error: the cart comes back unchanged.
        if (!item) return { cart: ctx.cart.view(), item: null };
        return { cart: ctx.cart.add(item, qty), item };
      },
    ),
    'cart.setQty': ({ productId, qty }) => ctx.cart.setQty(productId, qty),
    'cart.clear': () => ctx.cart.clear(),
    'cart.adjustLine': ({ productId, price, discount, overrideId }) => {
      const current = ctx.cart.lines().find((l) => l.item.id === productId)?.adjust;
      // undefined: leave as it is; null: back to the catalog price / no discount
      const adjust: LineAdjust = {
        price: price === undefined ? current?.price : (price ?? undefined),
        discount: discount === undefined ? current?.discount : (discount ?? undefined),
      };
      const priced = ctx.cart.priced({ lines: ctx.cart.withLine(productId, adjust) });
      const a = approval(overrideId, priced.discretionary);
      authorizeDiscount(cashier(), a, priced);
      if (overrideId) ctx.cart.setOverride(a);
      return ctx.cart.adjustLine(productId, adjust);
    },
    'cart.discountOrder': ({ discount, overrideId }) => {
      const priced = ctx.cart.priced({ orderDiscount: discount });
      const a = approval(overrideId, priced.discretionary);
      authorizeDiscount(cashier(), a, priced);
      if (overrideId) ctx.cart.setOverride(a);
      return ctx.cart.setOrderDiscount(discount);
    },
    'cart.setMember': ({ memberId }) => attachMember(memberId),
    // A cash (or whole-member) sale commits here at once; with a split tender under way (payments/tender.ts)
    // its parts are paid first and the rest here. The plan/commit: sales/sale-plan.ts.
    // A shift belongs to a person: the sale's transaction refuses another's open shift (checkout.ts, after the
    // permission and member checks); a split tender's parts were asked before they were paid (payments/handlers.ts).
    'sale.checkout': guarded(checkoutOffline(ctx), async ({ tendered, payment, memberId, seat, overrideId }) => ({
      order: await ctx.payments.tender.checkout({ tendered, payment, memberId, seat, overrideId }),
    })),
  };
}
