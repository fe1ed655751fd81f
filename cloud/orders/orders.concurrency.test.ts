// Two cloud processes (two Fastify apps with their own pools) on one PostgreSQL receive the same batch at
// the same moment: the unique key decides, the orders are stored once, both answer the same serverOrderIds.
// Needs a real server (DATABASE_URL); PGlite has a single connection, so there is no race to test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PATHS } from '../../shared/sync/protocol';
import { zOrdersBatchResponse } from '../../shared/sync/records';
import { buildCloud } from '../app';
import { seedDemo } from '../seed/demo';
import { registerDevice, signedHeaders, type TestDevice } from '../test-support/device';
import { makeOrder } from '../test-support/orders';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../test-support/test-db';

const pg = usingPostgres();
if (!pg)
  console.log(
    'orders.concurrency.test.ts skipped: set DATABASE_URL to a PostgreSQL server to run the two-process race',
  );

describe.skipIf(!pg)('two cloud processes, one PostgreSQL', () => {
  let database: TestDatabase;
  let apps: FastifyInstance[];
  let dev: TestDevice;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [db1, db2] = [await database.open(), await database.open()];
    await Promise.all([seedDemo(db1), seedDemo(db2)]); // concurrent seeding is safe too
    apps = [buildCloud({ db: db1 }), buildCloud({ db: db2 })];
    dev = await registerDevice(apps[0]!);
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.close()));
    await database?.drop();
  });

  it('stores a batch pushed to both at once exactly once', async () => {
    const db = await database.open();
    for (let round = 0; round < 5; round++) {
      const orders = Array.from({ length: 20 }, () => makeOrder());
      const send = (app: FastifyInstance, reversed: boolean) => {
        const body = { orders: reversed ? [...orders].reverse() : orders };
        const { headers, payload } = signedHeaders(dev, { method: 'POST', url: PATHS.ordersBatch, body });
        return app.inject({ method: 'POST', url: PATHS.ordersBatch, headers, payload });
      };
      // The second app gets the batch in reverse order: the fixed lock order must prevent deadlocks.
      const [r1, r2] = await Promise.all([send(apps[0]!, false), send(apps[1]!, true)]);
      expect(r1.statusCode, r1.body).toBe(200);
      expect(r2.statusCode, r2.body).toBe(200);
      const a = zOrdersBatchResponse.parse(r1.json()).results;
      const b = zOrdersBatchResponse.parse(r2.json()).results;
      const idsA = new Map(a.map((r) => [r.clientOrderId, r.serverOrderId]));
      for (const r of b) {
        expect(['accepted', 'duplicate']).toContain(r.status);
        expect(r.serverOrderId).toBe(idsA.get(r.clientOrderId));
      }
      // each order was accepted by exactly one of the two
      for (const o of orders) {
        const statuses = [a, b].map((rs) => rs.find((r) => r.clientOrderId === o.clientOrderId)!.status).sort();
        expect(statuses).toEqual(['accepted', 'duplicate']);
      }
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM orders WHERE client_order_id = ANY($1::uuid[])',
        [orders.map((o) => o.clientOrderId)],
      );
      expect(rows[0]!.n).toBe(orders.length);
    }
  });
});
