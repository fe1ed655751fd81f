// Order push: idempotent forever on (device, clientOrderId); each order judged on its own.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../shared/sync/protocol';
import { zOrdersBatchResponse } from '../../shared/sync/records';
import { DEMO } from '../seed/demo';
import { registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { makeOrder } from '../test-support/orders';
import { createWorld, tableCounts, type TestWorld } from '../test-support/world';

let w: TestWorld;
let dev: TestDevice;
beforeAll(async () => {
  w = await createWorld();
  dev = await registerDevice(w.app);
});
afterAll(async () => {
  await w.close();
});

const push = async (orders: unknown[], device: TestDevice = dev) => {
  const res = await signedInject(w.app, device, {
    method: 'POST',
    url: PATHS.ordersBatch,
    body: { orders },
    now: w.clock.now,
  });
  expect(res.statusCode, res.body).toBe(200);
  return zOrdersBatchResponse.parse(res.json()).results;
};

describe('POST /v1/orders/batch', () => {
  it('stores an order with its lines and payments', async () => {
    const order = makeOrder({}, 3);
    const [r] = await push([order]);
    expect(r).toMatchObject({ clientOrderId: order.clientOrderId, status: 'accepted' });
    const o = await w.db.query<{ total: number; outlet_id: string; employee_id: string }>(
      'SELECT total, outlet_id, employee_id FROM orders WHERE id = $1',
      [r!.serverOrderId],
    );
    expect(o.rows[0]).toEqual({ total: order.total, outlet_id: DEMO.outletId, employee_id: DEMO.cashier.id });
    const lines = await w.db.query('SELECT * FROM order_lines WHERE order_id = $1', [r!.serverOrderId]);
    expect(lines.rows).toHaveLength(3);
    const pays = await w.db.query<{ amount: number }>('SELECT amount FROM order_payments WHERE order_id = $1', [
      r!.serverOrderId,
    ]);
    expect(pays.rows).toEqual([{ amount: order.total }]);
  });

  it('answers a repeat with duplicate and the first serverOrderId, even with keys reordered', async () => {
    const order = makeOrder();
    const [first] = await push([order]);
    const reordered = Object.fromEntries(Object.entries(order).reverse());
    const [again] = await push([reordered]);
    expect(again).toEqual({
      clientOrderId: order.clientOrderId,
      status: 'duplicate',
      serverOrderId: first!.serverOrderId,
    });
    const { rows } = await w.db.query('SELECT 1 FROM orders WHERE client_order_id = $1', [order.clientOrderId]);
    expect(rows).toHaveLength(1);
  });

  it('answers the same id with another payload with conflict, and changes nothing', async () => {
    const order = makeOrder();
    const [first] = await push([order]);
    const before = await tableCounts(w.db);
    const [r] = await push([{ ...order, number: 'A1-OTHER' }]);
    expect(r).toMatchObject({ clientOrderId: order.clientOrderId, status: 'conflict', error: { code: 'CONFLICT' } });
    expect(r!.serverOrderId).toBe(first!.serverOrderId);
    expect(await tableCounts(w.db)).toEqual(before);
  });

  it('judges each order of a mixed batch on its own', async () => {
    const good1 = makeOrder();
    const good2 = makeOrder();
    const bad: Record<string, unknown> = { ...makeOrder(), total: 1 }; // totals do not add up
    const negative = makeOrder();
    (negative.lines as { qty: number }[])[0]!.qty = -1;
    const foreignEmployee = makeOrder({ employeeId: uuidv7() });
    const unknownProduct = makeOrder();
    (unknownProduct.lines as { productId: string }[])[0]!.productId = uuidv7();
    const results = await push([good1, bad, 'not an order', negative, foreignEmployee, unknownProduct, good2]);
    expect(results.map((r) => r.status)).toEqual([
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'accepted',
    ]);
    expect(results[1]!.error!.code).toBe('VALIDATION');
    expect(results[1]!.clientOrderId).toBe(bad.clientOrderId);
    expect(results[2]!.clientOrderId).toBe('');
    expect(results[4]!.error!.code).toBe('FORBIDDEN');
    expect(results[5]!.error!.code).toBe('NOT_FOUND');
    const { rows } = await w.db.query<{ client_order_id: string }>(
      'SELECT client_order_id FROM orders WHERE client_order_id = ANY($1::uuid[])',
      [[good1, bad, negative, foreignEmployee, unknownProduct, good2].map((o) => o.clientOrderId)],
    );
    expect(rows.map((r) => r.client_order_id).sort()).toEqual([good1.clientOrderId, good2.clientOrderId].sort());
  });

  it('handles the same order twice in one batch', async () => {
    const order = makeOrder();
    const [a, b] = await push([order, order]);
    expect(a!.status).toBe('accepted');
    expect(b).toEqual({ clientOrderId: order.clientOrderId, status: 'duplicate', serverOrderId: a!.serverOrderId });
  });

  it('keys idempotency by device: another device may use the same clientOrderId', async () => {
    const dev2 = await registerDevice(w.app);
    const order = makeOrder();
    const [a] = await push([order]);
    const [b] = await push([order], dev2);
    expect(a!.status).toBe('accepted');
    expect(b!.status).toBe('accepted');
    expect(b!.serverOrderId).not.toBe(a!.serverOrderId);
  });

  it('rejects duplicate line numbers', async () => {
    const order = makeOrder({}, 2);
    (order.lines as { lineNo: number }[])[1]!.lineNo = 1;
    const [r] = await push([order]);
    expect(r).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION' } });
  });
});
