// The batch fast path (multi-row INSERTs) and its fallback: when the bulk write fails, the batch is stored
// order by order, so one order that cannot be stored never costs the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudDb, Queryable } from '../db/types';
import { DEMO } from '../seed/demo';
import { makeOrder } from '../test-support/orders';
import { createWorld, type TestWorld } from '../test-support/world';
import { pushOrders } from './repository';

let w: TestWorld;
let deviceId: string;
beforeAll(async () => {
  w = await createWorld();
  const { rows } = await w.db.query<{ id: string }>(
    `INSERT INTO devices (id, outlet_id, name, fingerprint, public_key, platform, status, created_at, registered_by)
     VALUES (gen_random_uuid(), $1, 'bulk', repeat('a', 64), 'pk', 'test', 'active', 0, $2) RETURNING id`,
    [DEMO.outletId, DEMO.master.id],
  );
  deviceId = rows[0]!.id;
});
afterAll(async () => {
  await w.close();
});

/** A db whose transactions fail the FIRST multi-order line insert, as an unexpected database error would. */
function failingFirstBulkLines(db: CloudDb): CloudDb {
  let failed = false;
  const wrap = (q: Queryable): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      if (
        !failed &&
        sql.startsWith('INSERT INTO order_lines') &&
        new Set((params ?? []).filter((_, i) => i % 8 === 0)).size > 1
      ) {
        failed = true;
        throw new Error('simulated: lines insert failed');
      }
      return q.query<T>(sql, params);
    },
  });
  return { ...db, tx: (fn) => db.tx((q) => fn(wrap(q))) };
}

describe('order batch storage', () => {
  it('stores a batch with one lookup and multi-row inserts, answering each order', async () => {
    const orders = Array.from({ length: 50 }, () => makeOrder({}, 3));
    const r1 = await pushOrders(w.db, [...orders, orders[0]], { deviceId, outletId: DEMO.outletId, now: Date.now() });
    expect(r1.slice(0, 50).every((r) => r.status === 'accepted')).toBe(true);
    // the same order twice in one batch: the second copy is a duplicate of the first
    expect(r1[50]).toMatchObject({ status: 'duplicate', serverOrderId: r1[0]!.serverOrderId });
    const lines = await w.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.device_id = $1',
      [deviceId],
    );
    expect(lines.rows[0]!.n).toBe(150);
    // a changed copy in a later batch is a conflict; the unchanged ones are duplicates with the first ids
    const changed = { ...orders[1], number: 'CHANGED' };
    const r2 = await pushOrders(w.db, [orders[0], changed], { deviceId, outletId: DEMO.outletId, now: Date.now() });
    expect(r2[0]).toMatchObject({ status: 'duplicate', serverOrderId: r1[0]!.serverOrderId });
    expect(r2[1]).toMatchObject({ status: 'conflict', serverOrderId: r1[1]!.serverOrderId });
  });

  it('falls back to one order at a time when the bulk write fails, storing every order once', async () => {
    const orders = Array.from({ length: 10 }, () => makeOrder({}, 2));
    const r = await pushOrders(failingFirstBulkLines(w.db), orders, {
      deviceId,
      outletId: DEMO.outletId,
      now: Date.now(),
    });
    expect(r.map((x) => x.status)).toEqual(Array(10).fill('accepted'));
    const { rows } = await w.db.query<{ orders: number; lines: number }>(
      `SELECT count(DISTINCT o.id)::int AS orders, count(l.*)::int AS lines FROM orders o JOIN order_lines l ON l.order_id = o.id
       WHERE o.client_order_id = ANY($1::uuid[])`,
      [orders.map((o) => o.clientOrderId)],
    );
    expect(rows[0]).toEqual({ orders: 10, lines: 20 });
  });
});
