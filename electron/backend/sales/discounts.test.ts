// Discounts, price changes (改价) and 抹零 at the till, within the cashier's limits or with a supervisor's
// override — online (the cloud checks the password) and offline (the verifier of the supervisor's last online
// login) — recorded on the order, in the wire and in the till's audit chain.
import { afterEach, describe, expect, it } from 'vitest';
import { zOrderWire } from '../../../shared/sync/protocol';
import { verifyAuditChain } from '../audit/chain';
import { openDatabases } from '../db/open';
import { SUPERVISOR_ID } from '../testing/fake-cloud';
import { closeTill, openRegisteredTill, type Till } from '../testing/harness';

let till: Till;
afterEach(async () => closeTill(till.t, till));

const WATER = '6921168509256'; // ¥2.00
async function productId(query: string) {
  return (await till.t.pos.call('catalog.search', { query, limit: 1 })).items[0]!.id;
}
function sales<T>(fn: (db: ReturnType<typeof openDatabases>['sales']) => T): T {
  const dbs = openDatabases(till.dir.dir);
  try {
    return fn(dbs.sales);
  } finally {
    dbs.close();
  }
}
const lastWire = () =>
  zOrderWire.parse(
    JSON.parse(
      sales(
        (db) => db.prepare("SELECT payload FROM outbox WHERE kind = 'order' ORDER BY id DESC").pluck().get() as string,
      ),
    ),
  );
const audits = (action: string) =>
  sales((db) =>
    (
      db
        .prepare('SELECT actor_id, target, outcome, details FROM audit_log WHERE action = ? ORDER BY id')
        .all(action) as {
        actor_id: string;
        target: string;
        outcome: string;
        details: string | null;
      }[]
    ).map((r) => ({ ...r, details: r.details ? JSON.parse(r.details) : null })),
  );

describe('discounts within the limits', () => {
  it('a line discount, 改价 and an order discount within ¥5 / 10 % need no one; the wire carries each part', async () => {
    till = await openRegisteredTill({ login: { username: 'disc', password: 'disc123' } });
    const { pos } = till.t;
    const chips = await productId('薯片');
    await pos.call('cart.add', { productId: chips, qty: 4 }); // 4 × ¥7.50 = ¥30.00
    await pos.call('cart.scan', { code: WATER });
    const water = (await pos.call('cart.get', {})).lines[1]!.productId;
    // 5 % off the chips = ¥1.50; water 改价 ¥2.00 → ¥1.80 = ¥0.20
    await pos.call('cart.adjustLine', { productId: chips, discount: { kind: 'percent', bps: 500 } });
    let cart = await pos.call('cart.adjustLine', { productId: water, price: 180 });
    expect(cart).toMatchObject({ subtotal: 2850 + 180, total: 3030, discretionary: 170, listTotal: 3200 });
    cart = await pos.call('cart.discountOrder', { discount: { kind: 'amount', fen: 10 } });
    expect(cart).toMatchObject({ orderDiscount: 10, total: 3020, discretionary: 180 });
    // 10 % of ¥32.00 = ¥3.20 is the most: ¥1.51 off the order instead of ¥0.10 is beyond the share
    const pct = await pos.try('cart.discountOrder', { discount: { kind: 'amount', fen: 151 } });
    expect(!pct.ok && pct.error.details).toMatchObject({ reason: 'PERCENT', override: 'discount' });

    const { order } = await pos.call('sale.checkout', { tendered: 3100 });
    expect(order).toMatchObject({ total: 3020, change: 80, discounts: { member: 0, order: 10, rounding: 0 } });
    const wire = lastWire();
    expect(wire.lines[0]).toMatchObject({ unitPrice: 750, qty: 4, discount: 150, lineTotal: 2850 });
    expect(wire.lines[0]!.listPrice).toBeUndefined();
    expect(wire.lines[1]).toMatchObject({ unitPrice: 180, listPrice: 200, lineTotal: 180 });
    expect(wire).toMatchObject({ subtotal: 3030, discount: 10, total: 3020, discounts: { order: 10 } });
    expect(wire.overrides).toBeUndefined();
    const row = sales((db) => db.prepare('SELECT * FROM order_lines WHERE line_no = 2').get()) as Record<
      string,
      number
    >;
    expect(row).toMatchObject({ unit_price: 180, list_price: 200, discount: 0, line_total: 180 });
    expect(audits('sale.checkout')[0]!.details).toMatchObject({
      discounts: { order: 10 },
      changed: [
        { lineNo: 1, discount: 150 },
        { lineNo: 2, listPrice: 200, unitPrice: 180 },
      ],
    });
  });

  it('抹零 follows the outlet rule from the cloud; the member level comes first', async () => {
    till = await openRegisteredTill();
    till.cloud.policy = { rounding: 'yuan' };
    await till.t.pos.call('auth.logout', {});
    await till.t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    await till.t.pos.call('cart.add', { productId: await productId('薯片'), qty: 3 }); // ¥22.50
    const cart = await till.t.pos.call('cart.get', {});
    expect(cart).toMatchObject({ subtotal: 2250, rounding: 50, total: 2200, discretionary: 0 });
    const { order } = await till.t.pos.call('sale.checkout', { tendered: 2200 });
    expect(order.discounts).toEqual({ member: 0, order: 0, rounding: 50 });
    expect(lastWire()).toMatchObject({ discount: 50, total: 2200, discounts: { rounding: 50 } });
  });
});

describe('beyond the limits: the supervisor override', () => {
  it('refuses, then takes the supervisor’s approval once; order, wire and audit name both employees', async () => {
    till = await openRegisteredTill({ login: { username: 'disc', password: 'disc123' } });
    const { pos } = till.t;
    await pos.call('cart.add', { productId: await productId('重庆小面'), qty: 2 }); // ¥24.00
    const quarter = { kind: 'percent', bps: 2500 } as const; // ¥6.00 off
    const over = await pos.try('cart.discountOrder', { discount: quarter });
    expect(!over.ok && over.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { override: 'discount', reason: 'AMOUNT', discretionary: 600, maxDiscountFen: 500 },
    });
    const wrong = await pos.try('override.grant', { act: 'discount', username: 'boss', password: 'nope' });
    expect(!wrong.ok && wrong.error.code).toBe('BAD_CREDENTIALS');
    const g = await pos.call('override.grant', { act: 'discount', username: 'boss', password: 'boss123' });
    expect(g).toMatchObject({ act: 'discount', mode: 'online', supervisor: { id: SUPERVISOR_ID, name: '店长' } });
    const cart = await pos.call('cart.discountOrder', { discount: quarter, overrideId: g.overrideId });
    expect(cart).toMatchObject({ total: 1800, override: { supervisorId: SUPERVISOR_ID } });
    // single use
    const again = await pos.try('cart.discountOrder', { discount: quarter, overrideId: g.overrideId });
    expect(!again.ok && again.error.details).toMatchObject({ reason: 'OVERRIDE_INVALID' });
    // the approval covered ¥6.00 off: a third bowl raises the 25 % to ¥9.00, which checkout refuses
    const noodles = cart.lines[0]!.productId;
    await pos.call('cart.setQty', { productId: noodles, qty: 3 });
    const more = await pos.try('sale.checkout', { tendered: 5000 });
    expect(!more.ok && more.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { discretionary: 900 } });
    await pos.call('cart.setQty', { productId: noodles, qty: 2 });

    const { order } = await pos.call('sale.checkout', { tendered: 2000 });
    expect(order).toMatchObject({ total: 1800, override: { supervisorId: SUPERVISOR_ID, supervisorName: '店长' } });
    const wire = lastWire();
    expect(wire.overrides).toEqual([{ act: 'discount', supervisorId: SUPERVISOR_ID, at: expect.any(Number) }]);
    expect(sales((db) => db.prepare('SELECT act, supervisor_id, cashier_id FROM overrides').all())).toEqual([
      { act: 'discount', supervisor_id: SUPERVISOR_ID, cashier_id: wire.employeeId },
    ]);
    const grants = audits('override.grant');
    expect(grants.map((r) => r.outcome)).toEqual(['refused', 'ok']);
    expect(grants[1]).toMatchObject({ actor_id: wire.employeeId, target: SUPERVISOR_ID, details: { act: 'discount' } });
    expect(audits('sale.checkout')[0]!.details.overrides).toEqual(wire.overrides);
    expect(sales((db) => verifyAuditChain(db)).ok).toBe(true);
  });

  it('a cashier without sale.discount is refused with the override named; a supervisor beyond their own limit is too', async () => {
    till = await openRegisteredTill();
    const { pos } = till.t;
    await pos.call('cart.add', { productId: await productId('重庆小面'), qty: 10 }); // ¥120.00
    const id = (await pos.call('cart.get', {})).lines[0]!.productId;
    const r = await pos.try('cart.adjustLine', { productId: id, price: 1100 });
    expect(!r.ok && r.error).toMatchObject({
      code: 'FORBIDDEN',
      details: { override: 'discount', permission: 'sale.discount' },
    });
    // 改价 upwards needs nobody
    expect((await pos.call('cart.adjustLine', { productId: id, price: 1300 })).total).toBe(13000);
    // the supervisor may give up to ¥50 and 30 %: ¥60 off is beyond them too
    const g = await pos.call('override.grant', { act: 'discount', username: 'boss', password: 'boss123' });
    const big = await pos.try('cart.discountOrder', {
      discount: { kind: 'amount', fen: 6000 },
      overrideId: g.overrideId,
    });
    expect(!big.ok && big.error.details).toMatchObject({ reason: 'SUPERVISOR_LIMIT' });
    // an approval for another act does not serve
    const v = await pos.call('override.grant', { act: 'void', username: 'boss', password: 'boss123' });
    const wrongAct = await pos.try('cart.discountOrder', {
      discount: { kind: 'amount', fen: 100 },
      overrideId: v.overrideId,
    });
    expect(!wrongAct.ok && wrongAct.error.details).toMatchObject({ reason: 'OVERRIDE_INVALID' });
  });

  it('works offline with the supervisor’s offline credentials; unknown supervisors and the cashier themselves are refused', async () => {
    till = await openRegisteredTill();
    const { pos } = till.t;
    // the boss approved once online on this till: their verifier is here now
    await pos.call('override.grant', { act: 'discount', username: 'boss', password: 'boss123' });
    till.cloud.down = true;
    const g = await pos.call('override.grant', { act: 'discount', username: 'boss', password: 'boss123' });
    expect(g.mode).toBe('offline');
    const bad = await pos.try('override.grant', { act: 'discount', username: 'boss', password: 'wrong1' });
    expect(!bad.ok && bad.error.code).toBe('BAD_CREDENTIALS');
    const unknown = await pos.try('override.grant', { act: 'discount', username: 'disc', password: 'disc123' });
    expect(!unknown.ok && unknown.error.details).toMatchObject({ reason: 'OFFLINE_LOGIN_UNKNOWN' });
    const self = await pos.try('override.grant', { act: 'discount', username: 'cashier', password: 'cashier123' });
    expect(!self.ok && self.error.details).toMatchObject({ reason: 'SELF_OVERRIDE' });

    await pos.call('cart.add', { productId: await productId('重庆小面'), qty: 1 });
    await pos.call('cart.discountOrder', { discount: { kind: 'percent', bps: 2000 }, overrideId: g.overrideId });
    const { order } = await pos.call('sale.checkout', { tendered: 1000 });
    expect(order.total).toBe(960);
    expect(lastWire().overrides?.[0]?.supervisorId).toBe(SUPERVISOR_ID);
    expect(audits('override.grant').map((r) => [r.outcome, r.details?.mode ?? null])).toEqual([
      ['ok', 'online'],
      ['ok', 'offline'],
      ['refused', null],
      ['refused', null],
      ['refused', null],
    ]);
  });
});
