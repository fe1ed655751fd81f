// Bad input everywhere gets a typed 4xx in the one error shape, and leaves the database unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../shared/sync/protocol';
import { makeOrder } from '../test-support/orders';
import { registerBody, newDeviceKey, registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { createWorld, tableCounts, type TestWorld } from '../test-support/world';

let w: TestWorld;
let dev: TestDevice;
let before: Record<string, number>;
beforeAll(async () => {
  w = await createWorld();
  dev = await registerDevice(w.app);
  before = await tableCounts(w.db);
});
afterAll(async () => {
  // nothing below may have changed a row
  expect(await tableCounts(w.db)).toEqual(before);
  await w.close();
});

function expectError(
  res: { statusCode: number; json(): any } /* eslint-disable-line @typescript-eslint/no-explicit-any -- any JSON */,
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
}

const postOrders = (body: unknown) =>
  signedInject(w.app, dev, { method: 'POST', url: PATHS.ordersBatch, body, now: w.clock.now });

describe('hostile input', () => {
  it('register: wrong types, missing fields, huge strings', async () => {
    const good = registerBody(newDeviceKey().publicKey);
    const cases: unknown[] = [
      {},
      null,
      [],
      'owner',
      { ...good, username: 42 },
      { ...good, device: undefined },
      { ...good, device: { ...good.device, fingerprint: 'xyz' } },
      { ...good, username: 'a'.repeat(10_000) },
      { ...good, password: 'p'.repeat(100_000) },
      { ...good, device: { ...good.device, name: '名'.repeat(1000) } },
      { ...good, username: "owner' OR 1=1 --" },
    ];
    for (const c of cases) {
      const res = await w.app.inject({
        method: 'POST',
        url: PATHS.register,
        payload: JSON.stringify(c),
        headers: { 'content-type': 'application/json' },
      });
      expectError(res, 400, 'VALIDATION');
    }
  });

  it('invalid JSON, empty body, wrong content type', async () => {
    expectError(
      await w.app.inject({
        method: 'POST',
        url: PATHS.register,
        payload: '{"username":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'VALIDATION',
    );
    expectError(
      await w.app.inject({
        method: 'POST',
        url: PATHS.register,
        payload: '',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'VALIDATION',
    );
    expectError(
      await w.app.inject({
        method: 'POST',
        url: PATHS.register,
        payload: 'username=owner',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      400,
      'VALIDATION',
    );
    const invalidSigned = await signedInject(w.app, dev, {
      method: 'POST',
      url: PATHS.ordersBatch,
      rawBody: '{"orders":[',
      now: w.clock.now,
    });
    expectError(invalidSigned, 400, 'VALIDATION');
  });

  it('oversize body → 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ orders: [{ junk: 'x'.repeat(3 * 1024 * 1024) }] });
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.ordersBatch,
      payload: huge,
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('unknown routes and methods → 404 NOT_FOUND', async () => {
    expectError(await w.app.inject({ method: 'GET', url: '/v1/nope' }), 404, 'NOT_FOUND');
    expectError(await w.app.inject({ method: 'DELETE', url: PATHS.ordersBatch }), 404, 'NOT_FOUND');
    expectError(await w.app.inject({ method: 'GET', url: '/../../etc/passwd' }), 404, 'NOT_FOUND');
  });

  it('orders batch: bad envelopes are refused whole', async () => {
    for (const body of [
      {},
      { orders: [] },
      { orders: 'x' },
      { orders: Array.from({ length: 201 }, () => ({})) },
      [makeOrder()],
    ]) {
      expectError(await postOrders(body), 400, 'VALIDATION');
    }
  });

  it('orders batch: bad orders are rejected one by one, nothing stored', async () => {
    const o = makeOrder;
    const line0 = (order: Record<string, unknown>, patch: Record<string, unknown>) => {
      const lines = order.lines as Record<string, unknown>[];
      lines[0] = { ...lines[0], ...patch };
      return order;
    };
    const bad: unknown[] = [
      o({ clientOrderId: 'not-a-uuid' }),
      o({ total: '100' }),
      o({ lines: [] }),
      o({ payments: [] }),
      o({ number: 'n'.repeat(10_000) }),
      o({ discount: -5 }),
      o({ createdAt: 1.5 }),
      o({ employeeId: undefined }),
      line0(o(), { qty: -2 }),
      line0(o(), { qty: 0 }),
      line0(o(), { unitPrice: 0.5 }),
      line0(o(), { lineTotal: 1 }), // lineTotal ≠ unitPrice × qty
      line0(o(), { name: '名'.repeat(5000) }),
      o({ subtotal: 999_999 }),
      o({ payments: [{ method: 'wechat', amount: 1 }] }),
      o({ total: 1e30 }),
      null,
      42,
    ];
    const res = await postOrders({ orders: bad });
    expect(res.statusCode).toBe(200);
    const results = res.json().results as { status: string; error: { code: string } }[];
    expect(results).toHaveLength(bad.length);
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION' } });
  });

  it('catalog query: wrong types and repeated parameters', async () => {
    for (const q of ['cursor=1&cursor=2', 'limit=abc', 'cursor=99999999999999999999999', 'limit=-1']) {
      expectError(
        await signedInject(w.app, dev, { method: 'GET', url: `${PATHS.catalogChanges}?${q}`, now: w.clock.now }),
        400,
        'VALIDATION',
      );
    }
  });

  it('login: wrong types', async () => {
    for (const body of [
      {},
      { username: 1, password: 2 },
      { username: 'owner' },
      { username: 'x'.repeat(1000), password: 'y' },
    ]) {
      expectError(
        await signedInject(w.app, dev, { method: 'POST', url: PATHS.login, body, now: w.clock.now }),
        400,
        'VALIDATION',
      );
    }
  });

  it('never leaks internals: a broken database answers 500 INTERNAL with a generic message', async () => {
    const { buildCloud } = await import('../app');
    const broken = buildCloud({
      db: {
        ...w.db,
        query: async () => {
          throw new Error('relation "secret_table" does not exist');
        },
      },
    });
    const res = await broken.inject({
      method: 'POST',
      url: PATHS.register,
      payload: { ...registerBody(newDeviceKey().publicKey), proof: { challenge: 'c'.repeat(43), signature: 'AA==' } },
    });
    expectError(res, 500, 'INTERNAL');
    expect(res.body).not.toContain('secret_table');
    await broken.close();
  });
});
