import { AppError } from '../../../shared/errors';
import { hasPermission } from '../../../shared/permissions';
import type { OverrideRecord } from '../../../shared/sale/overrides';
import type { LineAdjust } from '../../../shared/sale/pricing';
import { guarded, type Handler, type HandlerGroup } from '../api';
import type { App } from '../context';
import type { SpendLimit } from '../members/counter';
import { assertCheckoutAllowed, checkoutOffline, sellableOffline } from '../sync/offline-rules';
import { authorizeDiscount, mayDiscount as mayDiscountAlone, type DiscountApproval } from './discounts';
import { deviceTimeZone } from '../device/store';

// The offline rules (sync/offline-rules.ts) wrap cart.add, cart.scan and sale.checkout at registration:
// virtual goods are refused offline and the offline sales cap holds whoever implements the cart.
// Discounts (cart.adjustLine, cart.discountOrder) are checked against the cashier's limits when they are given
// and again at checkout (sales/discounts.ts); a supervisor's override approves what the cashier may not.
export function salesHandlers(ctx: App): HandlerGroup {
  const cashier = () => ctx.session.get()!.employee;

  /** A fresh approval from override.grant, covering the cart as it would be priced. */
  function approval(overrideId: string | undefined, discretionary: number): DiscountApproval | null {
    if (!overrideId) return ctx.cart.override();
    const g = ctx.overrides.take(overrideId, 'discount');
    return { supervisor: g.supervisor, at: g.at, upTo: discretionary };
  }

  function attachMember(memberId: string | null) {
    if (memberId === null) return ctx.cart.setMember(null);
    // Attaching a member (their discount, their stored value) is member work: it needs member.manage.
    const session = ctx.session.get()!;
    if (!session.employee.isMaster && !hasPermission(session.employee.permissions, 'member.manage')) {
      throw new AppError('FORBIDDEN', 'Your account lacks the permission member.manage', {
        permission: 'member.manage',
      });
    }
    if (!ctx.members) throw new AppError('NOT_FOUND', 'Members are not available on this counter');
    const r = ctx.members.row(memberId);
    return ctx.cart.setMember({ id: r.id, name: r.name, discountBps: r.discount_bps });
  }

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
      ({ code }: { code: string }) => {
        const item = ctx.catalog.lookup(code);
        // An unknown code is an everyday event at a counter, not an error: the cart comes back unchanged.
        if (!item) return { cart: ctx.cart.view(), item: null };
        return { cart: ctx.cart.add(item, 1), item };
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
    'sale.checkout': guarded(
      checkoutOffline(ctx),
      async ({ tendered, payment, memberId, seat, overrideId }: CheckoutInput) => {
        const session = ctx.session.get()!;
        const device = ctx.device.record()!;
        const members = ctx.members;
        let memberLimit: SpendLimit | undefined;
        if (memberId && ctx.cart.member()?.id !== memberId) attachMember(memberId);
        const member = ctx.cart.member() ?? undefined;
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
        // The discount as the cart stands now (a quantity changed since a % discount was given raises it).
        const priced = ctx.cart.priced();
        const a = approval(overrideId, priced.discretionary);
        authorizeDiscount(session.employee, a, priced);
        const approved = a && priced.discretionary > 0 && !mayDiscountAlone(session.employee, priced) ? a : null;
        const overrides: OverrideRecord[] = approved
          ? [{ act: 'discount', supervisorId: approved.supervisor.id, at: approved.at }]
          : [];
        const order = ctx.checkout({
          cart: ctx.cart.view(),
          tendered,
          payment,
          ...(member ? { member } : {}),
          ...(memberLimit ? { memberLimit } : {}),
          ...(seat ? { seat } : {}),
          employeeId: session.employee.id,
          timeZone: deviceTimeZone(device),
          now: ctx.now(),
          overrides,
          parkedId: ctx.cart.parkedId(),
          ...(approved
            ? {
                approvedBy: {
                  supervisorId: approved.supervisor.id,
                  supervisorName: approved.supervisor.name || approved.supervisor.username,
                },
              }
            : {}),
        });
        // Only after the commit: a failed write leaves the cart as it was, ready to retry.
        ctx.cart.clear();
        ctx.afterSale(order.id);
        ctx.sync.emit();
        ctx.kickSync();
        if (member && members)
          order.member = { id: member.id, name: member.name, balance: members.get(member.id).balance };
        return { order };
      },
    ),
  };
}

type CheckoutInput = Parameters<Handler<'sale.checkout'>>[0];
