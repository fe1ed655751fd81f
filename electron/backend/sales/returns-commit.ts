// Making a return or a void (退货 / 作废) at the till: its lines priced from what is left of the sale, its refunds
// back to the sale's tenders, the cashier's authority (or a supervisor's override), and its commit — the return's
// rows, its cash movement (the cash handed back, kind 'sale_return'), its audit row and its outbox row (record
// kind 'return') in ONE transaction of the returns' store (returns-store.ts): a crash leaves all or none. What
// may be given back comes from shared/sale/returns.ts over the sale and every return before it — the cloud
// checks the same figures — so a line is never returned twice and never for more than was paid.
import type { ReturnView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { fen } from '../../../shared/money';
import { hasPermission } from '../../../shared/permissions';
import type { OverrideAct, OverrideRecord } from '../../../shared/sale/overrides';
import { amountFor, lineRoom, refundsFor, type ReturnReason, type ReturnWire } from '../../../shared/sale/returns';
import type { Employee } from '../../../shared/sync/protocol';
import type { App } from '../context';
import { localDay } from './checkout';
import type { ReturnsStore } from './returns-store';
import type { LoadedSale, ReturnViews } from './returns-views';

export type ReturnCommit = ReturnType<typeof createReturnCommit>;

export function createReturnCommit(
  ctx: Pick<App, 'session' | 'device' | 'now' | 'drawer' | 'outbox' | 'sync' | 'kickSync' | 'overrides'>,
  store: ReturnsStore,
  views: Pick<ReturnViews, 'load' | 'viewOf'>,
) {
  const { drawer } = ctx;

  /** The cashier's own authority for a return of `total`, or the supervisor's override for the act. */
  function authorize(act: OverrideAct, total: number, overrideId: string | undefined): OverrideRecord | null {
    const cashier = ctx.session.get()!.employee;
    const permission = act === 'refund_no_receipt' ? 'sale.refund_no_receipt' : 'sale.refund';
    const within = (e: Employee) =>
      e.isMaster ||
      (hasPermission(e.permissions, permission) && (act === 'void' || total <= (e.limits?.maxRefundFen ?? 0)));
    if (!overrideId && within(cashier)) return null;
    if (overrideId) {
      const g = ctx.overrides.take(overrideId, act);
      if (!within(g.supervisor))
        throw new AppError('LIMIT_EXCEEDED', "The refund is beyond the approving supervisor's own limit", {
          override: act,
          reason: 'SUPERVISOR_LIMIT',
          total,
        });
      return { act, supervisorId: g.supervisor.id, at: g.at };
    }
    if (!cashier.isMaster && !hasPermission(cashier.permissions, permission))
      throw new AppError('FORBIDDEN', `Your account lacks the permission ${permission}: a supervisor can approve it`, {
        permission,
        override: act,
      });
    throw new AppError('LIMIT_EXCEEDED', 'The refund is beyond your limit: a supervisor can approve it', {
      override: act,
      reason: 'AMOUNT',
      total,
      maxRefundFen: cashier.limits?.maxRefundFen ?? 0,
    });
  }

  /** Cash that is not in the drawer cannot be handed back: a typo, or a loss to look into. */
  function checkDrawer(employeeId: string, refunds: ReturnWire['refunds'], now: number): void {
    const cash = refunds.filter((x) => x.method === 'cash').reduce((s, x) => s + x.amount, 0);
    if (cash === 0) return;
    const expected = drawer.totals(drawer.shiftFor(employeeId, now)).expectedCash;
    if (cash > expected)
      throw new AppError('VALIDATION', 'The drawer should not hold that much cash', [
        { path: 'lines', message: `at most ${expected} fen can be handed back in cash` },
      ]);
  }

  /**
   * Writes a return in one transaction (the caller's, when it has one). `id`/`employeeId`: a return refunded to a
   * payment code commits under the id its refunds derive from, as the cashier who asked (code-returns.ts), and
   * skips the drawer check — its money is already on its way, so the goods must come back whatever the drawer.
   */
  function commit(p: {
    id?: string;
    employeeId?: string;
    original: { id: string; number: string } | null;
    reason: ReturnReason;
    lines: ReturnWire['lines'];
    refunds: ReturnWire['refunds'];
    override: OverrideRecord | null;
  }): ReturnView {
    const employee = { id: p.employeeId ?? ctx.session.get()!.employee.id };
    const device = ctx.device.record()!;
    const now = ctx.now();
    const id = p.id ?? newId();
    const total = p.lines.reduce((s, l) => s + l.amount, 0);
    const cash = p.refunds.filter((x) => x.method === 'cash').reduce((s, x) => s + x.amount, 0);
    store.transaction(() => {
      // a return's cash leaves the employee's own shift, or one they cover (代班)
      drawer.assertMayUse(employee.id);
      const coveringFor = drawer.coveringFor(employee.id);
      const shift = drawer.shiftFor(employee.id, now);
      if (!p.id) checkDrawer(employee.id, p.refunds, now);
      const day = localDay(now, device.outletTimezone);
      const number = `T${day}-${String(store.nextReturnNumber(day)).padStart(4, '0')}`;
      const wire: ReturnWire = {
        clientReturnId: id,
        number,
        createdAt: now,
        employeeId: employee.id,
        ...(p.original ? { original: { clientOrderId: p.original.id, number: p.original.number } } : {}),
        reason: p.reason,
        lines: p.lines,
        total: fen(total),
        refunds: p.refunds,
        ...(p.override ? { overrides: [p.override] } : {}),
      };
      store.insertReturn({
        id,
        number,
        at: now,
        employeeId: employee.id,
        orderId: p.original?.id ?? null,
        reason: p.reason,
        total,
        shiftId: shift.id,
        lines: p.lines,
        refunds: p.refunds,
        override: p.override,
      });
      if (cash > 0) drawer.record({ kind: 'sale_return', amount: -cash, ref: id, employeeId: employee.id, now });
      store.audit({
        at: now,
        actorId: employee.id,
        deviceId: device.deviceId,
        action: p.reason === 'void' ? 'sale.void' : 'sale.return',
        target: id,
        outcome: 'ok',
        details: {
          number,
          original: p.original?.number ?? null,
          reason: p.reason,
          total,
          refunds: p.refunds.map((x) => ({ method: x.method, amount: x.amount })),
          lines: p.lines.map((l) => ({ orderLineNo: l.orderLineNo ?? null, productId: l.productId, qty: l.qty })),
          ...(p.override ? { override: p.override } : {}),
          ...(coveringFor ? { coveringFor } : {}),
        },
      });
      ctx.outbox.enqueue('return', wire, now);
    });
    ctx.sync.emit();
    ctx.kickSync();
    return views.viewOf(id);
  }

  /** The refunds of a return of an earlier sale: back to its tenders (payment codes through their provider). */
  function refundsOf(l: LoadedSale, total: number): ReturnWire['refunds'] {
    const refunds = refundsFor(l.forReturn, l.earlier, total);
    if (!refunds) throw new AppError('CONFLICT', 'More than the sale took would go back', { reason: 'OVER_REFUND' });
    return refunds.map((x) => ({ ...x, amount: fen(x.amount) }));
  }

  /** The lines of a return of an earlier sale, priced: never more than is left of each, each line once. */
  function linesOf(
    orderId: string,
    lines: readonly {
      lineNo?: number | undefined;
      productId?: string | undefined;
      qty: number;
      amount?: number | undefined;
    }[],
  ) {
    const l = views.load(orderId);
    const rooms = new Map(lineRoom(l.forReturn, l.earlier).map((r) => [r.lineNo, r]));
    const seen = new Set<number>();
    const made = lines.map((x, i) => {
      const line = l.lines.find((y) => y.line_no === x.lineNo);
      if (!line || x.productId !== undefined || x.amount !== undefined || seen.has(line.line_no))
        throw new AppError('VALIDATION', 'Each returned line names a line of the sale, once', [
          { path: `lines.${i}.lineNo`, message: 'a line of the sale, once' },
        ]);
      seen.add(line.line_no);
      const amount = amountFor(rooms.get(line.line_no)!, x.qty);
      if (amount === null)
        throw new AppError(
          'CONFLICT',
          `Only ${line.qty - rooms.get(line.line_no)!.returned} of ${line.name} are left to return`,
          {
            reason: 'OVER_RETURN',
            lineNo: line.line_no,
          },
        );
      return {
        lineNo: i + 1,
        orderLineNo: line.line_no,
        productId: line.product_id,
        sku: line.sku,
        name: line.name,
        qty: x.qty,
        amount: fen(amount),
      };
    });
    return { l, made };
  }

  return { authorize, checkDrawer, commit, refundsOf, linesOf };
}
