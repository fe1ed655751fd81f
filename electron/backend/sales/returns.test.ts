// Returns and voids at the till: never more than was sold or paid across several returns, refunded to the
// sale's tender (cash from the drawer), one transaction with the cash movement, audit row and outbox row,
// within the cashier's authority or a supervisor's override; order history shows it all.
import { afterEach, describe, expect, it } from 'vitest';
import { zReturnWire } from '../../../shared/sale/returns';
import { verifyAuditChain } from '../audit/chain';
import { openDatabases } from '../db/open';
import { SUPERVISOR_ID } from '../testing/fake-cloud';
import { closeTill, openRegisteredTill, type Till } from '../testing/harness';

let till: Till;
afterEach(async () => closeTill(till.t, till));

function sales<T>(fn: (db: ReturnType<typeof openDatabases>['sales']) => T): T {
  const dbs = openDatabases(till.dir.dir);
  try {
    return fn(dbs.sales);
  } finally {
    dbs.close();
  }
}

/** ¥2.00 water + 3 × ¥7.50 chips, ¥1.00 off the order: ¥23.50 paid in cash */
async function sale() {
  const { pos } = till.t;
  await pos.call('cart.scan', { code: '6921168509256' });
  const chips = (await pos.call('catalog.search', { query: '薯片', limit: 1 })).items[0]!.id;
  await pos.call('cart.add', { productId: chips, qty: 3 });
  const g = await pos.call('override.grant', { act: 'discount', username: 'boss', password: 'boss123' });
  await pos.call('cart.discountOrder', { discount: { kind: 'amount', fen: 100 }, overrideId: g.overrideId });
  return (await pos.call('sale.checkout', { tendered: 5000 })).order;
}

describe('returns', () => {
  it('partial returns to cash, never beyond what was sold, summing to exactly what was paid', async () => {
    till = await openRegisteredTill({ login: { username: 'boss', password: 'boss123' } });
    const { pos } = till.t;
    await pos.call('shift.open', { openingFloat: 10_000 });
    const order = await sale();
    expect(order.total).toBe(2350);
    let d = await pos.call('orders.get', { id: order.id });
    expect(d).toMatchObject({ status: 'completed', total: 2350, voidable: true, discounts: { order: 100 } });
    // worth: water 200 − 8 = 192 (¥1 split by line total 200 : 2250), chips 2250 − 92 = 2158
    expect(d.lines.map((l) => l.refundEach)).toEqual([192, 719]);

    const one = await pos.call('sale.return', {
      orderId: order.id,
      lines: [{ lineNo: 2, qty: 1 }],
      reason: 'defective',
    });
    expect(one.return).toMatchObject({ total: 719, refunds: [{ method: 'cash', amount: 719 }], reason: 'defective' });
    expect(one.return.number).toMatch(/^T\d{8}-0001$/);
    const over = await pos.try('sale.return', {
      orderId: order.id,
      lines: [{ lineNo: 2, qty: 3 }],
      reason: 'defective',
    });
    expect(!over.ok && over.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'OVER_RETURN' } });
    const two = await pos.call('sale.return', {
      orderId: order.id,
      lines: [
        { lineNo: 2, qty: 2 },
        { lineNo: 1, qty: 1 },
      ],
      reason: 'changed_mind',
    });
    expect(two.return.total).toBe(2158 - 719 + 192);
    expect(one.return.total + two.return.total).toBe(order.total); // every fen back, not one more
    d = await pos.call('orders.get', { id: order.id });
    expect(d).toMatchObject({ status: 'returned', voidable: false });
    expect(d.lines.map((l) => [l.returned, l.refundEach])).toEqual([
      [1, null],
      [3, null],
    ]);
    expect(d.returns.map((r) => r.total)).toEqual([719, 1631]);
    const again = await pos.try('sale.return', { orderId: order.id, lines: [{ lineNo: 1, qty: 1 }], reason: 'other' });
    expect(!again.ok && again.error.code).toBe('CONFLICT');

    // the drawer: float + the sale − both refunds, by kind
    const shift = (await pos.call('shift.current', {})).shift!;
    expect(shift.cashByKind.sale_return).toBe(-order.total);
    expect(shift.expectedCash).toBe(10_000);
    expect(shift.saleChanges).toEqual({
      discountsGiven: 100,
      memberDiscounts: 0,
      rounding: 0,
      returnsCount: 2,
      refundsByMethod: { cash: order.total },
      voidsCount: 0,
      voidsTotal: 0,
      overridesCount: 0, // the boss needed no approval for ¥1 off
    });
    const { shiftReportMarkup } = await import('../shifts/report');
    const slip = shiftReportMarkup(shift, { outletName: '测试', timeZone: 'Asia/Shanghai', cpl: 32 });
    expect(slip).toContain('退款-现金 | -¥23.50|');
    expect(slip).toContain('折扣/改价 | -¥1.00|');
    expect(slip).not.toContain('主管授权');
    // one outbox row per return, valid on the wire, behind its sale; the audit chain holds both
    const rows = sales((db) => db.prepare('SELECT kind, payload FROM outbox ORDER BY id').all()) as {
      kind: string;
      payload: string;
    }[];
    expect(rows.map((r) => r.kind)).toEqual(['order', 'return', 'return']);
    const wire = zReturnWire.parse(JSON.parse(rows[1]!.payload));
    expect(wire).toMatchObject({
      original: { clientOrderId: order.id },
      total: 719,
      lines: [{ orderLineNo: 2, qty: 1 }],
    });
    expect(sales((db) => db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sale.return'").pluck().get())).toBe(
      2,
    );
    expect(sales((db) => verifyAuditChain(db)).ok).toBe(true);
    // pushed exactly once: the fake cloud acknowledges each, a second push sends nothing
    await pos.call('sync.now', {});
    await pos.call('sync.now', {});
    expect(till.cloud.requests.filter((r) => r.includes('/v1/returns/batch'))).toHaveLength(1);
    expect((await pos.call('sync.status', {})).unsent).toBe(0);
  });

  it('a cashier without sale.refund needs a supervisor; a return without a receipt is its own right', async () => {
    till = await openRegisteredTill();
    const { pos } = till.t;
    const order = await sale();
    const r = await pos.try('sale.return', { orderId: order.id, lines: [{ lineNo: 1, qty: 1 }], reason: 'defective' });
    expect(!r.ok && r.error).toMatchObject({
      code: 'FORBIDDEN',
      details: { override: 'refund', permission: 'sale.refund' },
    });
    const g = await pos.call('override.grant', { act: 'refund', username: 'boss', password: 'boss123' });
    const ok = await pos.call('sale.return', {
      orderId: order.id,
      lines: [{ lineNo: 1, qty: 1 }],
      reason: 'defective',
      overrideId: g.overrideId,
    });
    expect(ok.return).toMatchObject({ total: 192, supervisorName: '店长' });
    expect(
      sales((db) => db.prepare('SELECT act, supervisor_id FROM overrides WHERE ref = ?').get(ok.return.id)),
    ).toEqual({
      act: 'refund',
      supervisor_id: SUPERVISOR_ID,
    });

    const water = (await pos.call('catalog.search', { query: '农夫山泉', limit: 1 })).items[0]!.id;
    const nr = await pos.try('sale.return', { lines: [{ productId: water, qty: 1, amount: 200 }], reason: 'other' });
    expect(!nr.ok && nr.error.details).toMatchObject({ override: 'refund_no_receipt' });
    const g2 = await pos.call('override.grant', { act: 'refund_no_receipt', username: 'boss', password: 'boss123' });
    const done = await pos.call('sale.return', {
      lines: [{ productId: water, qty: 1, amount: 200 }],
      reason: 'other',
      overrideId: g2.overrideId,
    });
    expect(done.return).toMatchObject({ total: 200, refunds: [{ method: 'cash', amount: 200 }] });
    // beyond the supervisor's own limit (¥500), and more cash than the drawer should hold, are refused
    const g4 = await pos.call('override.grant', { act: 'refund_no_receipt', username: 'boss', password: 'boss123' });
    const huge = await pos.try('sale.return', {
      lines: [{ productId: water, qty: 1, amount: 60_000 }],
      reason: 'other',
      overrideId: g4.overrideId,
    });
    expect(!huge.ok && huge.error.details).toMatchObject({ reason: 'SUPERVISOR_LIMIT' });
    const g3 = await pos.call('override.grant', { act: 'refund_no_receipt', username: 'boss', password: 'boss123' });
    const big = await pos.try('sale.return', {
      lines: [{ productId: water, qty: 1, amount: 40_000 }],
      reason: 'other',
      overrideId: g3.overrideId,
    });
    expect(!big.ok && big.error.code).toBe('VALIDATION');
  });

  it('void: the last sale within the window, whole; history finds sales by number and product', async () => {
    till = await openRegisteredTill({ login: { username: 'boss', password: 'boss123' } });
    const { pos } = till.t;
    const first = await sale();
    const second = await sale();
    expect((await pos.try('sale.void', { orderId: first.id })).ok).toBe(false); // not the last sale
    const v = await pos.call('sale.void', { orderId: second.id });
    expect(v.return).toMatchObject({ reason: 'void', total: second.total });
    expect((await pos.try('sale.void', { orderId: second.id })).ok).toBe(false);
    expect((await pos.call('orders.get', { id: second.id })).status).toBe('voided');
    expect(sales((db) => db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sale.void'").pluck().get())).toBe(
      1,
    );

    const byNumber = await pos.call('orders.search', { query: first.number });
    expect(byNumber.orders.map((o) => o.id)).toEqual([first.id]);
    const byProduct = await pos.call('orders.search', { query: '薯片' });
    expect(byProduct.orders.map((o) => o.id)).toEqual([second.id, first.id]);
    expect(byProduct.orders[0]).toMatchObject({ status: 'voided', methods: ['cash'] });
    const byAmount = await pos.call('orders.search', { minTotal: 2350, maxTotal: 2350 });
    expect(byAmount.orders).toHaveLength(2);
    expect((await pos.call('orders.search', { query: 'nothing-like-this' })).orders).toEqual([]);
    // the filters a cashier sets: status, product, and both with the day
    const ids = async (f: Parameters<typeof pos.call<'orders.search'>>[1]) =>
      (await pos.call('orders.search', f)).orders.map((o) => o.id);
    expect(await ids({ status: 'voided' })).toEqual([second.id]);
    expect(await ids({ status: 'completed' })).toEqual([first.id]);
    expect(await ids({ status: 'returned' })).toEqual([]);
    expect(await ids({ status: 'partly_returned' })).toEqual([]);
    expect(await ids({ product: '薯片', status: 'completed' })).toEqual([first.id]);
    expect(await ids({ product: 'nothing-like-this' })).toEqual([]);
    // the barcode a cashier scans into the product filter (order lines keep the SKU, not the barcode)
    expect(await ids({ product: '6921168509256', status: 'completed' })).toEqual([first.id]);
    expect(await ids({ from: first.createdAt, to: first.createdAt + 1 })).toContain(first.id);
    expect(await ids({ from: Date.now() + 86_400_000 })).toEqual([]);
    // a member filter finds nobody here (no member paid): never every order
    expect(await ids({ member: '13900000000' })).toEqual([]);
  });

  it('status filter: a partly returned and a wholly returned sale are told apart', async () => {
    till = await openRegisteredTill({ login: { username: 'boss', password: 'boss123' } });
    const { pos } = till.t;
    const partly = await sale();
    const whole = await sale();
    const detail = await pos.call('orders.get', { id: partly.id });
    await pos.call('sale.return', {
      orderId: partly.id,
      lines: [{ lineNo: detail.lines[0]!.lineNo, qty: 1 }],
      reason: 'defective',
    });
    const all = (await pos.call('orders.get', { id: whole.id })).lines;
    await pos.call('sale.return', {
      orderId: whole.id,
      lines: all.map((l) => ({ lineNo: l.lineNo, qty: l.qty })),
      reason: 'changed_mind',
    });
    const ids = async (status: 'returned' | 'partly_returned') =>
      (await pos.call('orders.search', { status })).orders.map((o) => o.id);
    expect(await ids('returned')).toEqual([whole.id]);
    expect(await ids('partly_returned')).toEqual([partly.id]);
  });
});
