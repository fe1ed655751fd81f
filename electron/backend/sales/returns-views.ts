// How a sale and its returns read at the till (orders.search, orders.get, and every return's answer), built
// from the rows of the returns' store (returns-store.ts). What may still be given back comes from
// shared/sale/returns.ts over the sale and every return before it — the same figures the cloud checks — and a
// sale's status (completed / partly returned / returned / voided) is that arithmetic, never a stored flag.
import type { OrderDetail, OrderSummary, ReturnView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { fen } from '../../../shared/money';
import type { PaymentMethod } from '../../../shared/payments/methods';
import { amountFor, lineRoom, type EarlierReturn, type OrderForReturn } from '../../../shared/sale/returns';
import type { App } from '../context';
import type { ReturnRows, ReturnsStore } from './returns-store';

export type ReturnViews = ReturnType<typeof createReturnViews>;
export type LoadedSale = ReturnType<ReturnViews['load']>;

export function createReturnViews(
  ctx: Pick<App, 'session' | 'offlineCredentials' | 'members' | 'device' | 'now'>,
  store: ReturnsStore,
) {
  function nameOf(id: string | null): string | null {
    if (!id) return null;
    const s = ctx.session.get();
    if (s?.employee.id === id) return s.employee.name || s.employee.username;
    return ctx.offlineCredentials.employeeName(id);
  }
  const memberName = (id: string | null): string | null => {
    if (!id || !ctx.members) return null;
    try {
      return ctx.members.row(id).name;
    } catch {
      return null;
    }
  };

  /** the sale, its returns, and both in the shape shared/sale/returns.ts computes over; NOT_FOUND when unknown */
  function load(id: string) {
    const order = store.order(id);
    if (!order) throw new AppError('NOT_FOUND', 'No such sale on this till');
    const lines = store.orderLines(id);
    const payments = store.orderPayments(id);
    const returns = store.returnsOf(id);
    const forReturn: OrderForReturn = {
      subtotal: order.subtotal,
      total: order.total,
      lines: lines.map((l) => ({ lineNo: l.line_no, qty: l.qty, lineTotal: l.line_total })),
      payments: payments.map((p) => ({
        method: p.method,
        amount: p.amount,
        ...(p.member_id ? { memberId: p.member_id } : {}),
        ...(p.payment_id ? { paymentId: p.payment_id } : {}),
      })),
    };
    const earlier: EarlierReturn[] = returns.map((r) => ({
      lines: r.lines.map((l) => ({ orderLineNo: l.order_line_no ?? undefined, qty: l.qty, amount: l.amount })),
      refunds: r.refunds.map((x) => ({
        method: x.method,
        amount: x.amount,
        ...(x.payment_id ? { paymentId: x.payment_id } : {}),
      })),
    }));
    return { order, lines, payments, returns, forReturn, earlier };
  }

  function statusOf(l: LoadedSale): OrderSummary['status'] {
    if (l.returns.some((r) => r.reason === 'void')) return 'voided';
    if (l.returns.length === 0) return 'completed';
    const rooms = lineRoom(l.forReturn, l.earlier);
    return rooms.every((r) => r.returned === r.sold) ? 'returned' : 'partly_returned';
  }

  function returnView(r: ReturnRows): ReturnView {
    const ov = store.overridesOf(r.id);
    const code = new Map(store.codeParts(r.id).map((x) => [x.seq, x]));
    return {
      id: r.id,
      number: r.number,
      createdAt: r.created_at,
      reason: r.reason,
      total: fen(r.total),
      lines: r.lines.map((l) => ({ orderLineNo: l.order_line_no, name: l.name, qty: l.qty, amount: fen(l.amount) })),
      refunds: r.refunds.map((x, i) => {
        // a code part: where its provider refund stands. A part the provider refused while another was accepted
        // was handed back in cash (code-returns.ts rule 4): a cash row whose seq has a failed code refund — it
        // says which code and why, from code_refunds (kept in sales.db for good).
        const c = code.get(i + 1);
        if (c && !x.payment_id && x.method === 'cash' && c.status === 'failed')
          return {
            method: x.method,
            amount: fen(x.amount),
            refused: { method: c.method as PaymentMethod, failure: c.failure },
          };
        return {
          method: x.method,
          amount: fen(x.amount),
          ...(c && x.payment_id
            ? { status: c.status === 'asking' ? ('pending' as const) : c.status, failure: c.failure }
            : {}),
        };
      }),
      employeeName: nameOf(r.employee_id),
      supervisorName: ov[0] ? nameOf(ov[0].supervisor_id) : null,
    };
  }

  /** a committed return with a code part the provider is still processing */
  const hasPending = (id: string) => store.codeParts(id).some((x) => x.status === 'pending' || x.status === 'asking');

  function summary(l: LoadedSale): OrderSummary {
    const member = l.payments.find((p) => p.member_id)?.member_id ?? null;
    return {
      id: l.order.id,
      number: l.order.number,
      createdAt: l.order.created_at,
      total: fen(l.order.total),
      itemCount: l.lines.reduce((s, x) => s + x.qty, 0),
      status: statusOf(l),
      memberName: memberName(member),
      methods: l.payments.map((p) => p.method),
      pendingReturns: l.returns.filter((r) => hasPending(r.id)).map((r) => r.id),
    };
  }

  /** only the last sale, within the outlet's void window, before any return */
  function voidable(l: LoadedSale): boolean {
    const minutes = ctx.device.record()?.policy.voidWindowMinutes ?? 10;
    return (
      l.returns.length === 0 && store.lastOrderId() === l.order.id && ctx.now() - l.order.created_at <= minutes * 60_000
    );
  }

  function detail(id: string): OrderDetail {
    const l = load(id);
    const rooms = new Map(lineRoom(l.forReturn, l.earlier).map((r) => [r.lineNo, r]));
    return {
      ...summary(l),
      subtotal: fen(l.order.subtotal),
      discount: fen(l.order.discount),
      discounts: {
        member: fen(l.order.member_discount),
        order: fen(l.order.order_discount),
        rounding: fen(l.order.rounding),
      },
      seat: l.order.seat,
      employeeName: nameOf(l.order.employee_id),
      lines: l.lines.map((x) => {
        const room = rooms.get(x.line_no)!;
        const each = amountFor(room, 1);
        return {
          lineNo: x.line_no,
          productId: x.product_id,
          name: x.name,
          qty: x.qty,
          unitPrice: fen(x.unit_price),
          listPrice: x.list_price === null ? null : fen(x.list_price),
          discount: fen(x.discount),
          lineTotal: fen(x.line_total),
          returned: room.returned,
          refundEach: each === null ? null : fen(each),
        };
      }),
      payments: l.payments.map((p) => ({
        method: p.method,
        amount: fen(p.amount),
        tendered: p.tendered === null ? null : fen(p.tendered),
        change: p.change === null ? null : fen(p.change),
      })),
      returns: l.returns.map(returnView),
      overrides: store.overridesOf(id).map((o) => ({ act: o.act, supervisorName: nameOf(o.supervisor_id) })),
      synced: store.orderSynced(id),
      voidable: voidable(l),
    };
  }

  /** A committed return's view, from its rows. */
  function viewOf(id: string): ReturnView {
    const r = store.returnById(id);
    if (!r) throw new AppError('NOT_FOUND', 'No such return on this till');
    return returnView(r);
  }

  return { load, summary, detail, viewOf, hasPending, voidable };
}
