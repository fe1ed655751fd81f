// Returns pushed by a till (record kind 'return', POST /v1/returns/batch) on PGlite and (DATABASE_URL)
// PostgreSQL: stored once, judged against the original order (quantities and amounts by shared/sale/returns.ts,
// tenders), waiting for an original that has not arrived, the member's card credited and the stock put back
// once, and the owner e-mailed when one employee's refunds in a day pass the outlet's setting.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountFor, lineRoom, refundsFor, type ReturnWire } from '../../shared/sale/returns';
import type { OrderWire } from '../../shared/sync/protocol';
import { PATHS } from '../../shared/sync/protocol';
import { batchResponseSchema } from '../../shared/sync/records';
import { memberBalance, topUp } from '../members/ledger';
import { takings } from '../payments/takings';
import { createMember } from '../members/store';
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

const post = async (url: string, body: unknown) => {
  const res = await signedInject(w.app, dev, { method: 'POST', url, body, now: w.clock.now });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const pushOrder = (o: unknown) => post(PATHS.ordersBatch, { orders: [o] });
const pushReturn = async (r: unknown) =>
  batchResponseSchema('return').parse(await post(PATHS.returnsBatch, { returns: [r] })).results[0]!;

/** A return of `picks` (order line → qty) of an order, after `earlier` returns, priced as the till does. */
function returnOf(
  order: OrderWire,
  picks: [number, number][],
  earlier: ReturnWire[] = [],
  over: Partial<ReturnWire> = {},
) {
  const rooms = new Map(lineRoom(order, earlier).map((r) => [r.lineNo, r]));
  const lines = picks.map(([lineNo, qty], i) => {
    const l = order.lines.find((x) => x.lineNo === lineNo)!;
    return {
      lineNo: i + 1,
      orderLineNo: lineNo,
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      qty,
      amount: amountFor(rooms.get(lineNo)!, qty)!,
    };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return {
    clientReturnId: uuidv7(),
    number: `T-${Math.random().toString(36).slice(2, 8)}`,
    createdAt: w.clock.now,
    employeeId: DEMO.cashier.id,
    original: { clientOrderId: order.clientOrderId, number: order.number },
    reason: 'defective',
    lines,
    total,
    refunds: refundsFor(order, earlier, total)!,
    ...over,
  } as ReturnWire;
}

const stockOf = async (productId: string) =>
  Number((await w.db.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [productId])).rows[0]!.stock);

describe('returns in the cloud', () => {
  it('stores a return once, puts the stock back once, and refuses more than was sold', async () => {
    const order = makeOrder({}, 2) as unknown as OrderWire;
    const product = order.lines[1]!.productId;
    await pushOrder(order);
    const before = await stockOf(product);
    const r1 = returnOf(order, [[2, 1]]);
    const a = await pushReturn(r1);
    expect(a).toMatchObject({ status: 'accepted' });
    expect(await stockOf(product)).toBe(before + 1);
    expect(await pushReturn(r1)).toMatchObject({ status: 'duplicate', serverReturnId: a.serverReturnId });
    expect(await stockOf(product)).toBe(before + 1);
    expect(await pushReturn({ ...r1, reason: 'other' })).toMatchObject({ status: 'conflict' });

    const left = order.lines[1]!.qty - 1;
    const tooMany = returnOf(order, [[2, left]], [r1]);
    tooMany.lines[0]!.qty = left + 1;
    expect(await pushReturn(tooMany)).toMatchObject({ status: 'rejected', error: { code: 'CONFLICT' } });
    const wrongAmount = returnOf(order, [[1, 1]], [r1]);
    wrongAmount.lines[0]!.amount = (wrongAmount.lines[0]!.amount + 1) as never;
    wrongAmount.total = (wrongAmount.total + 1) as never;
    wrongAmount.refunds = [{ ...wrongAmount.refunds[0]!, amount: wrongAmount.total }] as ReturnWire['refunds'];
    expect((await pushReturn(wrongAmount)).error?.message).toMatch(/allows/);
    // the rest of the sale, in a second return: together exactly the order's total
    const rest = returnOf(
      order,
      [[1, order.lines[0]!.qty], ...(left > 0 ? [[2, left] as [number, number]] : [])],
      [r1],
    );
    expect(await pushReturn(rest)).toMatchObject({ status: 'accepted' });
    const { rows } = await w.db.query<{ s: string }>(
      'SELECT sum(r.total)::text AS s FROM returns r JOIN orders o ON o.id = r.order_id WHERE o.client_order_id = $1',
      [order.clientOrderId],
    );
    expect(Number(rows[0]!.s)).toBe(order.total);
  });

  it('the takings count what returns gave back, by tender: sales minus refunds is net of returns', async () => {
    const day = new Date(w.clock.now + 8 * 3600_000).toISOString().slice(0, 10); // Beijing
    const before = await takings(w.db, DEMO.outletId, day, day);
    const order = makeOrder({}, 2) as unknown as OrderWire;
    await pushOrder(order);
    const r = returnOf(order, [[1, 1]]);
    expect(r.refunds).toEqual([{ method: 'cash', amount: r.total }]);
    expect(await pushReturn(r)).toMatchObject({ status: 'accepted' });
    await pushReturn(r); // a repeat counts once
    const after = await takings(w.db, DEMO.outletId, day, day);
    expect(after.refunds.cash - before.refunds.cash).toBe(r.total);
    expect(after.sales.cash - before.sales.cash).toBe(order.total);
    expect(after.refunds.wechat_code).toBe(before.refunds.wechat_code);
  });

  it('a return whose sale has not arrived waits for it (AWAITING_ORIGINAL), then is taken', async () => {
    const order = makeOrder({}, 1) as unknown as OrderWire;
    const r = returnOf(order, [[1, 1]]);
    expect(await pushReturn(r)).toMatchObject({ status: 'rejected', error: { code: 'AWAITING_ORIGINAL' } });
    await pushOrder(order);
    expect(await pushReturn(r)).toMatchObject({ status: 'accepted' });
  });

  it('credits the member’s card for a member-paid sale, once', async () => {
    const memberId = await w.db.tx(async (q) => {
      const m = await createMember(
        q,
        DEMO.outletId,
        {
          cardNo: `R${Date.now()}`,
          name: '退货会员',
          level: 'normal',
          discountBps: 10000,
          offlineAllowance: 0 as never,
        },
        w.clock.now,
      );
      await topUp(q, m, uuidv7(), 10_000, w.clock.now);
      return m.id;
    });
    const base = makeOrder({}, 1) as unknown as OrderWire;
    const order = { ...base, payments: [{ method: 'member', amount: base.total, memberId }] } as OrderWire;
    await pushOrder(order);
    const paid = (await memberBalance(w.db, memberId)).storedValue;
    const r = returnOf(order, [[1, 1]]);
    expect(r.refunds).toEqual([{ method: 'member', amount: r.total, memberId }]);
    expect(await pushReturn(r)).toMatchObject({ status: 'accepted' });
    await pushReturn(r);
    expect((await memberBalance(w.db, memberId)).storedValue).toBe(paid + r.total);
  });

  it('e-mails the owner once when one employee’s refunds today pass the outlet’s setting', async () => {
    const sofar = Number(
      (
        await w.db.query<{ s: string }>(
          'SELECT coalesce(sum(total), 0)::text AS s FROM returns WHERE employee_id = $1',
          [DEMO.cashier.id],
        )
      ).rows[0]!.s,
    );
    await w.db.query('UPDATE organizations SET refund_alert_fen = $2 WHERE id = $1', [DEMO.outletId, sofar + 1]);
    await w.db.query("UPDATE employees SET email = 'boss@example.com', email_verified_at = 1 WHERE id = $1", [
      DEMO.master.id,
    ]);
    const emails = async () =>
      (await w.db.query("SELECT subject, body FROM email_messages WHERE kind = 'refunds_high'")).rows as {
        subject: string;
        body: string;
      }[];
    const order = makeOrder({}, 2) as unknown as OrderWire;
    await pushOrder(order);
    const first = returnOf(order, [[1, 1]]);
    await pushReturn(first); // crosses the line: one e-mail
    await pushReturn(first); // a repeat: nothing
    await pushReturn(returnOf(order, [[2, 1]], [first])); // already past it: nothing more
    const sent = await emails();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toMatch(/今日退款已达/);
    expect(sent[0]!.body).toContain(first.number);
    await w.db.query('UPDATE organizations SET refund_alert_fen = 0 WHERE id = $1', [DEMO.outletId]);
  });
});
