// Making a sale out of the cart, in two steps: the PLAN (who sells, the cart as it stands, the seat, the
// discounts authorised — a supervisor's override is taken here, once) and the COMMIT (sales/checkout.ts: one
// transaction with its payments). A cash sale does both at once (sale.checkout); a split tender plans when
// its first non-cash part is taken — the cart is locked from then on — and commits when the parts cover the
// total, possibly in the background (a payment code confirmed on the customer's phone) or at the next start
// after a crash, from the plan kept in sales.db (payments/tender.ts).
import type { Cart, CompletedOrder } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import type { Fen } from '../../../shared/money';
import { hasPermission } from '../../../shared/permissions';
import type { OverrideRecord } from '../../../shared/sale/overrides';
import type { App } from '../context';
import { deviceTimeZone } from '../device/store';
import type { SpendLimit } from '../members/counter';
import { assertCheckoutAllowed } from '../sync/offline-rules';
import { createCart, type CartSnapshot } from './cart';
import type { PaymentPart } from './checkout';
import { authorizeDiscount, mayDiscount as mayDiscountAlone, type DiscountApproval } from './discounts';

export interface SalePlan {
  employeeId: string;
  /** the cart when the plan was made (a parked basket's shape): enough to commit the sale without the screen */
  snapshot: CartSnapshot;
  seat: string | null;
  overrides: OverrideRecord[];
  approvedBy: { supervisorId: string; supervisorName: string } | null;
  /** the parked basket (挂单) the cart was recalled from */
  parkedId: string | null;
}

export function createSalePlanner(ctx: App) {
  /** A fresh approval from override.grant, covering the cart as it would be priced; else the cart's own. */
  function approval(overrideId: string | undefined, discretionary: number): DiscountApproval | null {
    if (!overrideId) return ctx.cart.override();
    const g = ctx.overrides.take(overrideId, 'discount');
    return { supervisor: g.supervisor, at: g.at, upTo: discretionary };
  }

  /** The member a sale is made to (their discount, their stored value): member work needs member.manage. */
  function attachMember(memberId: string | null): Cart {
    if (memberId === null) return ctx.cart.setMember(null);
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

  /** The cart as it stands, sold by the logged-in employee: its discounts authorised now (an override is used up). */
  function plan(p: { seat?: string | undefined; overrideId?: string | undefined }): SalePlan {
    const session = ctx.session.get()!;
    if (ctx.cart.isEmpty()) throw new AppError('EMPTY_CART', 'The cart is empty');
    // The discount as the cart stands now (a quantity changed since a % discount was given raises it).
    const priced = ctx.cart.priced();
    const a = approval(p.overrideId, priced.discretionary);
    authorizeDiscount(session.employee, a, priced);
    const approved = a && priced.discretionary > 0 && !mayDiscountAlone(session.employee, priced) ? a : null;
    return {
      employeeId: session.employee.id,
      snapshot: ctx.cart.snapshot(),
      seat: p.seat ?? null,
      overrides: approved ? [{ act: 'discount', supervisorId: approved.supervisor.id, at: approved.at }] : [],
      approvedBy: approved
        ? {
            supervisorId: approved.supervisor.id,
            supervisorName: approved.supervisor.name || approved.supervisor.username,
          }
        : null,
      parkedId: ctx.cart.parkedId(),
    };
  }

  /** The cart view of a plan, priced as the cart was (a kept plan after a restart). */
  function cartOf(plan: SalePlan): Cart {
    const cart = createCart({ rounding: () => ctx.device.record()?.policy.rounding ?? 'none' });
    return cart.restore(plan.snapshot);
  }

  /**
   * Commits a plan with its payments: `parts` taken before (split tender), the rest by `payment`. The member's
   * spend limit is read first (online: the cloud's live balance) and checked again inside the transaction.
   * `live`: the cart in memory is this plan's — it is cleared after the commit (not after a recovery).
   */
  async function commit(
    plan: SalePlan,
    p: {
      cart: Cart;
      parts?: PaymentPart[];
      payment?: 'cash' | 'member';
      tendered?: Fen;
      within?: (orderId: string, shiftId: string) => void;
      live: boolean;
    },
  ): Promise<CompletedOrder> {
    const device = ctx.device.record()!;
    const member = plan.snapshot.member ?? undefined;
    const memberPays = p.payment === 'member' || (p.parts ?? []).some((x) => x.method === 'member');
    let memberLimit: SpendLimit | undefined;
    if (memberPays) {
      if (!member || !ctx.members)
        throw new AppError('VALIDATION', 'A member payment needs the member', [
          { path: 'memberId', message: 'required for payment member' },
        ]);
      memberLimit = await ctx.members.spendLimit(member.id);
      // The await above let other calls run: the offline rules are checked again with no await before the
      // commit (the guard checked them before the wait).
      if (p.live) assertCheckoutAllowed(ctx, p.cart, (id) => ctx.catalog.getProduct(id)?.kind);
    }
    const order = ctx.checkout({
      cart: p.cart,
      tendered: p.tendered,
      payment: p.payment,
      parts: p.parts,
      ...(member ? { member: { id: member.id, discountBps: member.discountBps } } : {}),
      ...(memberLimit ? { memberLimit } : {}),
      ...(plan.seat ? { seat: plan.seat } : {}),
      employeeId: plan.employeeId,
      timeZone: deviceTimeZone(device),
      now: ctx.now(),
      overrides: plan.overrides,
      parkedId: plan.parkedId,
      ...(plan.approvedBy ? { approvedBy: plan.approvedBy } : {}),
      ...(p.within ? { within: p.within } : {}),
    });
    // Only after the commit: a failed write leaves the cart as it was, ready to retry.
    if (p.live) ctx.cart.clear();
    ctx.afterSale(order.id, order);
    ctx.sync.emit();
    ctx.kickSync();
    if (member && ctx.members)
      order.member = { id: member.id, name: member.name, balance: ctx.members.get(member.id).balance };
    return order;
  }

  return { approval, attachMember, plan, cartOf, commit };
}
export type SalePlanner = ReturnType<typeof createSalePlanner>;
