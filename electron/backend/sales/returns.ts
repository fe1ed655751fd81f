// Order history, returns and voids (退货 / 作废) at the till (shared/api/history-methods.ts). A return is made
// in ONE sales.db transaction with its cash movement (the cash handed back, kind 'sale_return'), its audit row
// and its outbox row (record kind 'return'): a crash leaves all of them or none. What may be given back comes
// from shared/sale/returns.ts over the original sale and every return before it — the cloud checks the same
// figures when the return arrives — so a line is never returned twice and never for more than was paid.
// Long on purpose: history, returns and voids share the one transaction that writes the sale's movement, audit and
// outbox rows.
import type { OrderDetail, OrderSummary, ReturnView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { fen } from '../../../shared/money';
import type { PaymentMethod } from '../../../shared/payments/methods';
import { hasPermission } from '../../../shared/permissions';
import type { OverrideAct, OverrideRecord } from '../../../shared/sale/overrides';
import {
  amountFor,
  lineRoom,
  refundsFor,
  type EarlierReturn,
  type OrderForReturn,
  type ReturnReason,
  type ReturnWire,
} from '../../../shared/sale/returns';
import type { Employee } from '../../../shared/sync/protocol';
import type { HandlerGroup } from '../api';
import { appendAudit } from '../audit/chain';
import type { App } from '../context';
import { createDrawer } from '../shifts/drawer';
import { isOffline } from '../sync/offline-rules';
import { localDay } from './checkout';
import { createCodeReturns } from './code-returns';

interface OrderRow {
  id: string;
  number: string;
  created_at: number;
  employee_id: string;
  subtotal: number;
  discount: number;
  total: number;
  seat: string | null;
  member_discount: number;
  order_discount: number;
  rounding: number;
}
interface LineRow {
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  qty: number;
  unit_price: number;
  list_price: number | null;
  discount: number;
  line_total: number;
}
interface PaymentRow {
  method: PaymentMethod;
  amount: number;
  tendered: number | null;
  change: number | null;
  member_id: string | null;
  payment_id: string | null;
}
type RefundRow = { method: PaymentMethod; amount: number; payment_id: string | null };

export function returnHandlers(ctx: App): HandlerGroup {
  const db = ctx.dbs.sales;
  const drawer = createDrawer(db);
  const barcodeIds = ctx.dbs.catalog.prepare('SELECT id FROM products WHERE barcode = ?').pluck();
  const q = {
    order: db.prepare('SELECT * FROM orders WHERE id = ?'),
    lines: db.prepare('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no'),
    payments: db.prepare(
      'SELECT method, amount, tendered, change, member_id, payment_id FROM payments WHERE order_id = ? ORDER BY id',
    ),
    returns: db.prepare('SELECT * FROM returns WHERE order_id = ? ORDER BY created_at, id'),
    returnLines: db.prepare('SELECT * FROM return_lines WHERE return_id = ? ORDER BY line_no'),
    returnRefunds: db.prepare('SELECT method, amount, payment_id FROM return_refunds WHERE return_id = ? ORDER BY seq'),
    returnRow: db.prepare('SELECT * FROM returns WHERE id = ?'),
    overrides: db.prepare('SELECT act, supervisor_id FROM overrides WHERE ref = ?'),
    last: db.prepare('SELECT id FROM orders ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck(),
    acked: db.prepare("SELECT acked_at IS NOT NULL FROM outbox WHERE kind = 'order' AND ref_id = ?").pluck(),
    bump: db
      .prepare(
        'INSERT INTO order_counters (day, last) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last',
      )
      .pluck(),
    nameRow: db.prepare('SELECT employee_json FROM offline_credentials WHERE employee_id = ?').pluck(),
    insReturn: db.prepare(`INSERT INTO returns (id, number, created_at, employee_id, order_id, reason, total, shift_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    insLine:
      db.prepare(`INSERT INTO return_lines (return_id, line_no, order_line_no, product_id, sku, name, qty, amount)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    insRefund: db.prepare(
      'INSERT INTO return_refunds (return_id, seq, method, amount, member_id, payment_id) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insOverride: db.prepare('INSERT INTO overrides (ref, act, supervisor_id, cashier_id, at) VALUES (?, ?, ?, ?, ?)'),
  };

  const codeReturns = createCodeReturns({
    db,
    cloud: () => ctx.payments.cloud,
    now: ctx.now,
    offline: () => isOffline(ctx),
    commit: ({ id, employeeId, orderId, plan }) => {
      const o = q.order.get(orderId) as OrderRow;
      return commit({ id, employeeId, original: { id: o.id, number: o.number }, ...plan });
    },
    view: (id) => viewOf(id),
  });
  // A till that stopped while a return's refund was asked settles it at start, with the payments it left.
  ctx.payments.onRecover(() => codeReturns.settleOpen());

  function nameOf(id: string | null): string | null {
    if (!id) return null;
    const s = ctx.session.get();
    if (s?.employee.id === id) return s.employee.name || s.employee.username;
    const json = q.nameRow.get(id) as string | undefined;
    if (!json) return null;
    const e = JSON.parse(json) as { name?: string; username?: string };
    return e.name || e.username || null;
  }
  const memberName = (id: string | null): string | null => {
    if (!id || !ctx.members) return null;
    try {
      return ctx.members.row(id).name;
    } catch {
      return null;
    }
  };

  function load(id: string) {
    const order = q.order.get(id) as OrderRow | undefined;
    if (!order) throw new AppError('NOT_FOUND', 'No such sale on this till');
    const lines = q.lines.all(id) as LineRow[];
    const payments = q.payments.all(id) as PaymentRow[];
    const returns = (
      q.returns.all(id) as {
        id: string;
        number: string;
        created_at: number;
        reason: ReturnReason;
        total: number;
        employee_id: string;
      }[]
    ).map((r) => ({
      ...r,
      lines: q.returnLines.all(r.id) as { order_line_no: number | null; name: string; qty: number; amount: number }[],
      refunds: q.returnRefunds.all(r.id) as RefundRow[],
    }));
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

  function statusOf(l: ReturnType<typeof load>): OrderSummary['status'] {
    if (l.returns.some((r) => r.reason === 'void')) return 'voided';
    if (l.returns.length === 0) return 'completed';
    const rooms = lineRoom(l.forReturn, l.earlier);
    return rooms.every((r) => r.returned === r.sold) ? 'returned' : 'partly_returned';
  }

  function returnView(r: ReturnType<typeof load>['returns'][number]): ReturnView {
    const ov = q.overrides.all(r.id) as { act: string; supervisor_id: string }[];
    const code = new Map(codeReturns.statusOf(r.id).map((x) => [x.seq, x]));
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

  function summary(l: ReturnType<typeof load>): OrderSummary {
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

  /** a committed return with a code part the provider is still processing */
  const hasPending = (id: string) =>
    codeReturns.statusOf(id).some((x) => x.status === 'pending' || x.status === 'asking');

  function voidable(l: ReturnType<typeof load>): boolean {
    const minutes = ctx.device.record()?.policy.voidWindowMinutes ?? 10;
    return l.returns.length === 0 && q.last.get() === l.order.id && ctx.now() - l.order.created_at <= minutes * 60_000;
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
      overrides: (q.overrides.all(id) as { act: string; supervisor_id: string }[]).map((o) => ({
        act: o.act,
        supervisorName: nameOf(o.supervisor_id),
      })),
      synced: q.acked.get(id) === 1,
      voidable: voidable(l),
    };
  }

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
    db.transaction(() => {
      // a return's cash leaves the employee's own shift, or one they cover (代班)
      drawer.assertMayUse(employee.id);
      const coveringFor = drawer.coveringFor(employee.id);
      const shift = drawer.shiftFor(employee.id, now);
      if (!p.id) checkDrawer(employee.id, p.refunds, now);
      const day = localDay(now, device.outletTimezone);
      const number = `T${day}-${String(q.bump.get(`T${day}`) as number).padStart(4, '0')}`;
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
      q.insReturn.run(id, number, now, employee.id, p.original?.id ?? null, p.reason, total, shift.id);
      for (const l of p.lines)
        q.insLine.run(id, l.lineNo, l.orderLineNo ?? null, l.productId, l.sku, l.name, l.qty, l.amount);
      p.refunds.forEach((x, i) =>
        q.insRefund.run(id, i + 1, x.method, x.amount, x.memberId ?? null, x.paymentId ?? null),
      );
      if (p.override) q.insOverride.run(id, p.override.act, p.override.supervisorId, employee.id, p.override.at);
      if (cash > 0) drawer.record({ kind: 'sale_return', amount: -cash, ref: id, employeeId: employee.id, now });
      appendAudit(db, {
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
    })();
    ctx.sync.emit();
    ctx.kickSync();
    return viewOf(id);
  }

  /** A committed return's view, from its rows. */
  function viewOf(id: string): ReturnView {
    const r = q.returnRow.get(id) as Omit<ReturnType<typeof load>['returns'][number], 'lines' | 'refunds'> | undefined;
    if (!r) throw new AppError('NOT_FOUND', 'No such return on this till');
    return returnView({
      ...r,
      lines: q.returnLines.all(id) as ReturnType<typeof load>['returns'][number]['lines'],
      refunds: q.returnRefunds.all(id) as RefundRow[],
    });
  }

  /** A return of an earlier sale: committed here at once, or — with parts going to a payment code — after the cloud. */
  function returnOf(
    l: ReturnType<typeof load>,
    plan: { reason: ReturnReason; lines: ReturnWire['lines']; refunds: ReturnWire['refunds'] },
    override: OverrideRecord | null,
  ): ReturnView | Promise<ReturnView> {
    const original = { id: l.order.id, number: l.order.number };
    if (!codeReturns.needed(plan.refunds)) return commit({ original, ...plan, override });
    const employeeId = ctx.session.get()!.employee.id;
    checkDrawer(employeeId, plan.refunds, ctx.now());
    return codeReturns.start({ id: newId(), orderId: l.order.id, employeeId, plan: { ...plan, override } });
  }

  /** The refunds of a return of an earlier sale: back to its tenders (payment codes through their provider). */
  function refundsOf(l: ReturnType<typeof load>, total: number): ReturnWire['refunds'] {
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
    const l = load(orderId);
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

  return {
    'orders.search': ({ query, from, to, minTotal, maxTotal, member, product, status, limit }) => {
      const where: string[] = [];
      const args: unknown[] = [];
      const when = (sql: string, value: unknown) => {
        where.push(sql);
        args.push(value);
      };
      if (from !== undefined) when('o.created_at >= ?', from);
      if (to !== undefined) when('o.created_at < ?', to);
      if (minTotal !== undefined) when('o.total >= ?', minTotal);
      if (maxTotal !== undefined) when('o.total <= ?', maxTotal);
      const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // a product by part of its name, its SKU, or its barcode (the catalog's, on sale or not: lines keep no barcode)
      const byBarcode = (text: string) => barcodeIds.all(text) as string[];
      const hasProduct = (ids: string[]) =>
        `EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND (l.name LIKE ? ESCAPE '\\' OR l.sku = ?
          OR l.product_id IN (${ids.map(() => '?').join(',') || "''"})))`;
      const memberIds = (text: string) => (ctx.members ? ctx.members.find(text).map((m) => m.id) : []);
      const paidBy = (ids: string[]) =>
        `EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.member_id IN (${ids.map(() => '?').join(',') || "''"}))`;
      if (query) {
        // a scanned receipt carries its number; otherwise a product, or a member, or part of a number
        const members = memberIds(query);
        const products = byBarcode(query);
        where.push(`(o.number = ? OR o.number LIKE ? ESCAPE '\\' OR ${hasProduct(products)} OR ${paidBy(members)})`);
        args.push(query, like(query), like(query), query, ...products, ...members);
      }
      if (product) {
        const products = byBarcode(product);
        where.push(hasProduct(products));
        args.push(like(product), product, ...products);
      }
      if (member) {
        const members = memberIds(member);
        where.push(paidBy(members));
        args.push(...members);
      }
      // The status is the returns' arithmetic (statusOf): SQL narrows to orders with or without returns,
      // the rest is decided per order, and the limit counts only the orders that match.
      if (status === 'completed') where.push('NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id)');
      else if (status === 'voided')
        where.push("EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id AND r.reason = 'void')");
      else if (status)
        where.push(`EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id)
          AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id AND r.reason = 'void')`);
      const byReturns = status === 'returned' || status === 'partly_returned';
      const ids = db
        .prepare(
          `SELECT o.id FROM orders o ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.created_at DESC, o.rowid DESC ${byReturns ? '' : 'LIMIT ?'}`,
        )
        .pluck()
        .all(...args, ...(byReturns ? [] : [limit])) as string[];
      const orders: OrderSummary[] = [];
      for (const id of ids) {
        const s = summary(load(id));
        if (!byReturns || s.status === status) orders.push(s);
        if (orders.length >= limit) break;
      }
      return { orders };
    },
    'orders.get': ({ id }) => detail(id),
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
      const known = [...new Set(ids)].filter((id) => q.returnRow.get(id) !== undefined);
      for (const id of known) if (hasPending(id)) await codeReturns.follow(id);
      return { returns: known.map(viewOf) };
    },
    'sale.void': ({ orderId, overrideId }) => {
      const l = load(orderId);
      if (!voidable(l))
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
      if (!codeReturns.has(id)) return { return: viewOf(id) };
      await codeReturns.follow(id);
      return { return: await codeReturns.refresh(id) };
    },
  };
}
