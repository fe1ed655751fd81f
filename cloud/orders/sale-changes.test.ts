// Order wire version 2 (discounts per line and per order, overrides) and the supervisor override route, on
// PGlite and (DATABASE_URL) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, zOverrideResponse } from '../../shared/sync/protocol';
import { zOrdersBatchResponse } from '../../shared/sync/records';
import { DEMO } from '../seed/demo';
import { registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { makeOrder } from '../test-support/orders';
import { createWorld, type TestWorld } from '../test-support/world';

let w: TestWorld;
let dev: TestDevice;
beforeAll(async () => {
  w = await createWorld();
  dev = await registerDevice(w.app);
});
afterAll(async () => {
  await w.close();
});

const post = (url: string, body: unknown) => signedInject(w.app, dev, { method: 'POST', url, body, now: w.clock.now });
const push = async (orders: unknown[], url: string = PATHS.ordersBatch) => {
  const res = await post(url, { orders });
  expect(res.statusCode, res.body).toBe(200);
  return zOrdersBatchResponse.parse(res.json()).results;
};

/** a two-line order: line 1 改价 and a line discount, then a member, order and 抹零 discount */
function discounted(over: Record<string, unknown> = {}) {
  type Line = { unitPrice: number; qty: number; lineTotal: number; listPrice?: number; discount?: number };
  const base = makeOrder({}, 2) as { lines: Line[] } & Record<string, unknown>;
  const [a, b] = base.lines as [Line, Line];
  const l1: Line = { ...a, listPrice: a.unitPrice, unitPrice: a.unitPrice - 10, discount: 5 };
  l1.lineTotal = l1.unitPrice * l1.qty - 5;
  const lines = [l1, b];
  const subtotal = l1.lineTotal + b.lineTotal;
  const parts = { member: 3, order: 20, rounding: 0 };
  const rest = (subtotal - 23) % 10;
  parts.rounding = rest;
  const discount = 23 + rest;
  const total = subtotal - discount;
  return {
    ...base,
    lines,
    subtotal,
    discount,
    total,
    discounts: parts,
    overrides: [{ act: 'discount', supervisorId: DEMO.master.id, at: 1 }],
    payments: [{ method: 'cash', amount: total, tendered: total, change: 0 }],
    ...over,
  };
}

describe('order wire version 2', () => {
  it('stores the discounts per line and per order, and who approved them', async () => {
    const order = discounted();
    const [r] = await push([order]);
    expect(r, JSON.stringify(r)).toMatchObject({ status: 'accepted' });
    const o = await w.db.query(
      'SELECT subtotal, discount, member_discount, order_discount, rounding, total FROM orders WHERE id = $1',
      [r!.serverOrderId],
    );
    expect(o.rows[0]).toEqual({
      subtotal: order.subtotal,
      discount: order.discount,
      member_discount: 3,
      order_discount: 20,
      rounding: order.discounts.rounding,
      total: order.total,
    });
    const lines = await w.db.query(
      'SELECT line_no, unit_price, list_price, discount, line_total FROM order_lines WHERE order_id = $1 ORDER BY line_no',
      [r!.serverOrderId],
    );
    const l1 = order.lines[0]!;
    expect(lines.rows[0]).toEqual({
      line_no: 1,
      unit_price: l1.unitPrice,
      list_price: l1.listPrice,
      discount: 5,
      line_total: l1.lineTotal,
    });
    expect(lines.rows[1]).toMatchObject({ list_price: null, discount: 0 });
    const ov = await w.db.query('SELECT act, supervisor_id FROM order_overrides WHERE order_id = $1', [
      r!.serverOrderId,
    ]);
    expect(ov.rows).toEqual([{ act: 'discount', supervisor_id: DEMO.master.id }]);
    // a repeat is the same order
    expect((await push([order]))[0]).toMatchObject({ status: 'duplicate', serverOrderId: r!.serverOrderId });
  });

  it('refuses by name what it does not know, and sums that do not add up', async () => {
    const [unknown] = await push([discounted({ tip: 100 })]);
    expect(unknown).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION' } });
    expect(unknown!.error!.message).toMatch(/tip/);
    const bad = discounted();
    bad.discounts = { ...bad.discounts, order: bad.discounts.order + 1 };
    const [parts] = await push([bad]);
    expect(parts!.error!.message).toMatch(/discounts/);
    const [line] = await push([discounted({ lines: [{ ...discounted().lines[0], lineTotal: 1 }] })]);
    expect(line!.error!.message).toMatch(/lines\.0\.lineTotal/);
    const [stranger] = await push([
      discounted({ overrides: [{ act: 'discount', supervisorId: '0190a000-0000-7000-8000-00000000dead', at: 1 }] }),
    ]);
    expect(stranger).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
  });

  it('still takes version-1 orders on /v1/orders/batch from older tills', async () => {
    const order = makeOrder({ discount: 0 });
    const [r] = await push([order], PATHS.ordersBatchV1);
    expect(r).toMatchObject({ status: 'accepted' });
    const o = await w.db.query('SELECT member_discount FROM orders WHERE id = $1', [r!.serverOrderId]);
    expect(o.rows[0]).toEqual({ member_discount: 0 });
  });
});

describe('POST /v1/auth/override', () => {
  const ask = (username: string, password: string, act = 'discount', cashierId = DEMO.cashier.id) =>
    post(PATHS.override, { username, password, act, cashierId });

  it('answers the supervisor with their permissions and limits, and audits it with both employees', async () => {
    const res = await ask(DEMO.master.username, DEMO.master.password);
    expect(res.statusCode, res.body).toBe(200);
    const body = zOverrideResponse.parse(res.json());
    expect(body.employee).toMatchObject({ id: DEMO.master.id, isMaster: true });
    expect(body.employee.limits?.maxDiscountBps).toBe(10000);
    const { rows } = await w.db.query(
      "SELECT actor_id, target, outcome, details FROM audit_log WHERE action = 'auth.override' ORDER BY id",
    );
    expect(rows.at(-1)).toMatchObject({
      actor_id: DEMO.master.id,
      target: DEMO.cashier.id,
      outcome: 'ok',
      details: { act: 'discount' },
    });
  });

  it('refuses a wrong password, a supervisor without the permission and oneself', async () => {
    expect((await ask(DEMO.master.username, 'wrong-pass')).json().error.code).toBe('BAD_CREDENTIALS');
    const lacks = await ask(DEMO.cashier.username, DEMO.cashier.password, 'refund', DEMO.master.id);
    expect(lacks.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'sale.refund' } });
    const self = await ask(DEMO.master.username, DEMO.master.password, 'discount', DEMO.master.id);
    expect(self.json().error).toMatchObject({ code: 'VALIDATION', details: { reason: 'SELF_OVERRIDE' } });
    const { rows } = await w.db.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.override' AND outcome = 'refused'",
    );
    expect(rows[0]).toEqual({ n: 3 });
  });

  it('gives the outlet’s till rules in the policy (抹零, void window)', async () => {
    await w.db.query("UPDATE organizations SET rounding_rule = 'jiao', void_window_minutes = 5 WHERE id = $1", [
      DEMO.outletId,
    ]);
    const res = await post(PATHS.login, { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect(res.json().policy).toMatchObject({ rounding: 'jiao', voidWindowMinutes: 5 });
    expect(res.json().employee.limits).toEqual({ maxDiscountFen: 0, maxDiscountBps: 10000, maxRefundFen: 0 });
  });
});
