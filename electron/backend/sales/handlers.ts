import { AppError } from '../../../shared/errors';
import { hasPermission } from '../../../shared/permissions';
import { guarded, type Handler, type HandlerGroup } from '../api';
import type { App } from '../context';
import type { SpendLimit } from '../members/counter';
import { assertCheckoutAllowed, checkoutOffline, sellableOffline } from '../sync/offline-rules';

// The offline rules (sync/offline-rules.ts) wrap cart.add, cart.scan and sale.checkout at registration:
// virtual goods are refused offline and the offline sales cap holds whoever implements the cart.
export function salesHandlers(ctx: App): HandlerGroup {
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
    'sale.checkout': guarded(checkoutOffline(ctx), async ({ tendered, payment, memberId, seat }: CheckoutInput) => {
      const session = ctx.session.get()!;
      const device = ctx.device.record()!;
      const members = ctx.members;
      let member: { id: string; name: string; discountBps: number } | undefined;
      let memberLimit: SpendLimit | undefined;
      if (memberId) {
        // Attaching a member (their discount, their stored value) is member work: it needs member.manage.
        if (!session.employee.isMaster && !hasPermission(session.employee.permissions, 'member.manage')) {
          throw new AppError('FORBIDDEN', 'Your account lacks the permission member.manage', {
            permission: 'member.manage',
          });
        }
        if (!members) throw new AppError('NOT_FOUND', 'Members are not available on this counter');
        const r = members.row(memberId);
        member = { id: r.id, name: r.name, discountBps: r.discount_bps };
      }
      if (payment === 'member') {
        if (!member || !members)
          throw new AppError('VALIDATION', 'A member payment needs the member', [
            { path: 'memberId', message: 'required for payment member' },
          ]);
        memberLimit = await members.spendLimit(member.id);
        // The await above let other calls run: the offline rules are checked again with no await before
        // the commit (the guard checked them before the wait).
        assertCheckoutAllowed(ctx, ctx.cart.view(), (id) => ctx.catalog.getProduct(id)?.kind);
      }
      const order = ctx.checkout({
        cart: ctx.cart.view(),
        tendered,
        payment,
        ...(member ? { member } : {}),
        ...(memberLimit ? { memberLimit } : {}),
        ...(seat ? { seat } : {}),
        employeeId: session.employee.id,
        timeZone: device.outletTimezone,
        now: ctx.now(),
      });
      // Only after the commit: a failed write leaves the cart as it was, ready to retry.
      ctx.cart.clear();
      ctx.afterSale(order.id);
      ctx.sync.emit();
      ctx.kickSync();
      if (member && members)
        order.member = { id: member.id, name: member.name, balance: members.get(member.id).balance };
      return { order };
    }),
  };
}

type CheckoutInput = Parameters<Handler<'sale.checkout'>>[0];
