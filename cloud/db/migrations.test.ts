// One test per migration: it applies on a fresh database and what it creates exists. Plus the migrator's
// own rules: idempotent, concurrent-safe, refuses an unknown applied migration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { loadMigrations, migrate } from './migrate';
import type { CloudDb } from './types';

let database: TestDatabase;
let db: CloudDb;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open({ migrate: false });
});
afterAll(async () => {
  await database.drop();
});

async function tables(): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
  return rows.map((r) => r.table_name).sort();
}
async function constraints(table: string): Promise<string[]> {
  const { rows } = await db.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass`, [table]);
  return rows.map((r) => r.conname);
}

describe('migrations', () => {
  it('are numbered 0001.. without gaps', () => {
    const ms = loadMigrations();
    expect(ms.length).toBeGreaterThanOrEqual(1);
    ms.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('0001_initial applies on a fresh database and creates its tables and constraints', async () => {
    expect(await migrate(db, loadMigrations(), 1)).toEqual([1]);
    const t = await tables();
    for (const name of ['organizations', 'employees', 'devices', 'device_nonces', 'sessions', 'categories', 'products', 'goods_sources', 'agent_markups', 'catalog_changes', 'orders', 'order_lines', 'order_payments', 'schema_migrations']) {
      expect(t).toContain(name);
    }
    expect(await constraints('orders')).toContain('orders_device_client_order_key');
    expect(await constraints('employees')).toContain('employees_username_key');
    expect(await constraints('device_nonces')).toContain('device_nonces_pkey');
    const idx = await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'employees'`);
    expect(idx.rows.map((r) => r.indexname)).toContain('employees_one_master_per_org');
    // Money is bigint fen.
    const cols = await db.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'orders' AND column_name IN ('total', 'subtotal', 'discount')`,
    );
    expect(cols.rows.every((c) => c.data_type === 'bigint')).toBe(true);
    // A CHECK holds: an unknown org type is refused.
    await expect(db.query(`INSERT INTO organizations (id, type, name, created_at) VALUES (gen_random_uuid(), 'bank', 'x', 0)`)).rejects.toThrow();
  });

  it('applying again does nothing; concurrent runs are safe', async () => {
    const runs = await Promise.all([migrate(db), migrate(db)]);
    expect(runs.flat().filter((v) => v === 1)).toEqual([]);
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('refuses to start on a database with a migration unknown to the code', async () => {
    await db.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 0)`);
    await expect(migrate(db)).rejects.toThrow(/does not know/);
    await db.query(`DELETE FROM schema_migrations WHERE version = 9999`);
    await expect(migrate(db)).resolves.toEqual([]);
  });
});
