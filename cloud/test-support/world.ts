// Runtime: Node (tests). One seeded cloud per test file: fresh database, demo seed, the Fastify app, and a
// clock the test can move.
import type { FastifyInstance } from 'fastify';
import { buildCloud } from '../app';
import type { CloudDb } from '../db/types';
import { seedDemo } from '../seed/demo';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface TestWorld {
  database: TestDatabase;
  db: CloudDb;
  app: FastifyInstance;
  clock: { now: number };
  close(): Promise<void>;
}

export async function createWorld(opts: { seed?: boolean } = {}): Promise<TestWorld> {
  const database = await createTestDatabase();
  const db = await database.open();
  const clock = { now: Date.now() };
  if (opts.seed ?? true) await seedDemo(db, clock.now);
  const app = buildCloud({ db, now: () => clock.now });
  await app.ready();
  return {
    database,
    db,
    app,
    clock,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Row counts of the tables a request could change: compare before/after to prove "nothing changed". */
export async function tableCounts(db: CloudDb): Promise<Record<string, number>> {
  const tables = [
    'organizations',
    'employees',
    'devices',
    'sessions',
    'categories',
    'products',
    'catalog_changes',
    'orders',
    'order_lines',
    'order_payments',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = rows[0]!.n;
  }
  return out;
}
