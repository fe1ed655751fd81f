// Order history, returns and voids (退货 / 作废) at the till (shared/api/history-methods.ts): orders.*, sale.return,
// sale.void, sale.returnQuote and the code-refund follow-ups. The handler group holds no database: the sale and its
// returns are read and written through the returns' store (returns-store.ts, on the App); how they read is
// returns-views.ts, how a return is priced, authorised and committed in one transaction is returns-commit.ts, and
// a return with parts going back to a payment code goes through the cloud first (code-returns.ts).
import type { OrderSummary, ReturnView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { fen } from '../../../shared/money';
import type { OverrideRecord } from '../../../shared/sale/overrides';
import { lineRoom, type ReturnReason, type ReturnWire } from '../../../shared/sale/returns';
import type { HandlerGroup } from '../api';
import type { App } from '../context';
import { isOffline } from '../sync/offline-rules';
import { createCodeReturns } from './code-returns';
import { createReturnCommit } from './returns-commit';
import { createReturnViews, type LoadedSale } from './returns-views';

export function returnHandlers(ctx: App): HandlerGroup {
  const store = ctx.returnsStore;
  const views = createReturnViews(ctx, store);
  const { authorize, checkDrawer, commit, refundsOf, linesOf } = createReturnCommit(ctx, store, views);

  const codeReturns = createCodeReturns({
    store,
    cloud: () => ctx.payments.cloud,
    now: ctx.now,
    offline: () => isOffline(ctx),
    commit: ({ id, employeeId, orderId, plan }) => {
      const o = store.order(orderId)!;
      return commit({ id, employeeId, original: { id: o.id, number: o.number }, ...plan });
    },
    view: (id) => views.viewOf(id),
  });
  // A till that stopped while a return's refund was asked settles it at start, with the payments it left.
  ctx.payments.onRecover(() => codeReturns.settleOpen());

  /** A return of an earlier sale: committed here at once, or — with parts going to a payment code — after the cloud. */
  function returnOf(
    l: LoadedSale,
    plan: { reason: ReturnReason; lines: ReturnWire['lines']; refunds: ReturnWire['refunds'] },
    override: OverrideRecord | null,
  ): ReturnView | Promise<ReturnView> {
    const original = { id: l.order.id, number: l.order.number };
    if (!codeReturns.needed(plan.refunds)) return commit({ original, ...plan, override });
    const employeeId = ctx.session.get()!.employee.id;
    checkDrawer(employeeId, plan.refunds, ctx.now());
    return codeReturns.start({ id: newId(), orderId: l.order.id, employeeId, plan: { ...plan, override } });
  }

  return {
    'orders.search': ({ query, from, to, minTotal, maxTotal, member, product, status, limit }) => {
      const memberIds = (text: string) => (ctx.members ? ctx.members.find(text).map((m) => m.id) : []);
      // The status is the returns' arithmetic (views' summary): the store narrows to sales with or without
      // returns, the rest is decided per sale here, and the limit counts only the sales that match.
      const byReturns = status === 'returned' || status === 'partly_returned';
      const ids = store.searchOrders({
        from,
        to,
        minTotal,
        maxTotal,
        query: query ? { text: query, memberIds: memberIds(query) } : undefined,
        product,
        member: member ? { memberIds: memberIds(member) } : undefined,
        status,
        limit: byReturns ? null : limit,
      });
      const orders: OrderSummary[] = [];
      for (const id of ids) {
        const s = views.summary(views.load(id));
        if (!byReturns || s.status === status) orders.push(s);
        if (orders.length >= limit) break;
      }
      return { orders };
    },
    'orders.get': ({ id }) => views.detail(id),
    'sale.return': ({ orderId, lines, reason, overrideId }) => {
      if (!orderId) {
        // 无单退货: products at the amounts given, in cash
        const made = lines.map((x, i) => {
          if (!x.productId || x.amount === undefined || x.lineNo !== undefined)
            throw new AppError('VALIDATION', 'A return without a receipt names each product and its amount', [
              { path: `lines.${i}`, message: 'productId and amount, no lineNo' },
            ]);
          const p = ctx.catalog.getProduct(x.productId);
          if (!p || p.kind !== 'physical') throw new AppError('NOT_FOUND', 'No such product in the catalog');
          return { lineNo: i + 1, productId: p.id, sku: p.sku, name: p.name, qty: x.qty, amount: fen(x.amount) };
        });
        const total = made.reduce((s, l) => s + l.amount, 0);
        const override = authorize('refund_no_receipt', total, overrideId);
        return {
          return: commit({
            original: null,
            reason,
            lines: made,
            refunds: [{ method: 'cash', amount: fen(total) }],
            override,
          }),
        };
      }
      const { l, made } = linesOf(orderId, lines);
      const total = made.reduce((s, x) => s + x.amount, 0);
      const refunds = refundsOf(l, total);
      const override = authorize('refund', total, overrideId);
      return Promise.resolve(returnOf(l, { reason, lines: made, refunds }, override)).then((r) => ({ return: r }));
    },
    'sale.returnsFollow': async ({ ids }) => {
      // one after another: a handful of parts, each one quick look at the cloud (an unreachable cloud changes nothing)
      const known = [...new Set(ids)].filter((id) => store.returnById(id) !== undefined);
      for (const id of known) if (views.hasPending(id)) await codeReturns.follow(id);
      return { returns: known.map(views.viewOf) };
    },
    'sale.void': ({ orderId, overrideId }) => {
      const l = views.load(orderId);
      if (!views.voidable(l))
        throw new AppError(
          'CONFLICT',
          'Only the last sale can be voided, within the void window and before any return',
          {
            reason: 'NOT_VOIDABLE',
          },
        );
      const made = l.lines.map((x, i) => ({
        lineNo: i + 1,
        orderLineNo: x.line_no,
        productId: x.product_id,
        sku: x.sku,
        name: x.name,
        qty: x.qty,
        amount: fen(x.line_total),
      }));
      // the whole sale: each line's worth, so the sum is the order's total to the fen
      const rooms = lineRoom(l.forReturn, []);
      made.forEach((m, i) => (m.amount = fen(rooms[i]!.worth)));
      const refunds = refundsOf(l, l.order.total);
      const override = authorize('void', l.order.total, overrideId);
      return Promise.resolve(returnOf(l, { reason: 'void', lines: made, refunds }, override)).then((r) => ({
        return: r,
      }));
    },
    'sale.returnQuote': ({ orderId, lines }) => {
      // what a return would give back and to which tender, before the cashier confirms it (nothing written)
      const { l, made } = linesOf(orderId, lines);
      const total = made.reduce((s, x) => s + x.amount, 0);
      return { total: fen(total), refunds: refundsOf(l, total).map((x) => ({ method: x.method, amount: x.amount })) };
    },
    'sale.returnRefresh': async ({ id }) => {
      // an intent still waiting: ask again (it commits once accepted); a committed one: follow its processing parts
      if (!codeReturns.has(id)) return { return: views.viewOf(id) };
      await codeReturns.follow(id);
      return { return: await codeReturns.refresh(id) };
    },
  };
}
