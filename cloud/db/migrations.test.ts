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
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  return rows.map((r) => r.table_name).sort();
}
async function constraints(table: string): Promise<string[]> {
  const { rows } = await db.query<{ conname: string }>(
    `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass`,
    [table],
  );
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
    for (const name of [
      'organizations',
      'employees',
      'devices',
      'device_nonces',
      'sessions',
      'categories',
      'products',
      'goods_sources',
      'agent_markups',
      'catalog_changes',
      'orders',
      'order_lines',
      'order_payments',
      'schema_migrations',
    ]) {
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
    await expect(
      db.query(`INSERT INTO organizations (id, type, name, created_at) VALUES (gen_random_uuid(), 'bank', 'x', 0)`),
    ).rejects.toThrow();
  });

  it('0007 keeps settled overdrafts (topup → collected), adds member closing and expired deposits', async () => {
    await migrate(db, loadMigrations(), 6);
    const outlet = '00000000-0000-4000-8000-0000000007a1';
    const account = '00000000-0000-4000-8000-0000000007a2';
    const m1 = '00000000-0000-4000-8000-0000000007a3';
    await db.query("INSERT INTO organizations (id, type, name, created_at) VALUES ($1, 'outlet', '七号网吧', 0)", [
      outlet,
    ]);
    await db.query(
      "INSERT INTO ledger_accounts (id, kind, org_id, no_overdraft, created_at) VALUES ($1, 'member_stored_value', $2, true, 0)",
      [account, outlet],
    );
    await db.query(
      "INSERT INTO members (id, outlet_id, card_no, name, account_id, created_at) VALUES ($1, $2, 'C7', '老会员', $3, 0)",
      [m1, outlet, account],
    );
    await db.query(
      "INSERT INTO member_overdrafts (id, member_id, outlet_id, amount, ref, detected_at, resolved_at, resolution) VALUES (gen_random_uuid(), $1, $2, 100, 'order 1', 1, 2, 'topup')",
      [m1, outlet],
    );
    await db.query(
      "INSERT INTO member_overdrafts (id, member_id, outlet_id, amount, ref, detected_at) VALUES (gen_random_uuid(), $1, $2, 50, 'order 2', 3)",
      [m1, outlet],
    );
    const dep = '00000000-0000-4000-8000-0000000007a4';
    await db.query(
      "INSERT INTO deposits (id, outlet_id, channel_id, amount, fee, payload_sha256, created_at) VALUES ($1, $2, 'alipay', 1000, 6, 'x', 0)",
      [dep, outlet],
    );

    expect(await migrate(db, loadMigrations(), 7)).toEqual([7]);
    const od = await db.query<{ resolution: string | null }>(
      'SELECT resolution FROM member_overdrafts ORDER BY detected_at',
    );
    expect(od.rows.map((r) => r.resolution)).toEqual(['collected', null]);
    expect(await constraints('member_overdrafts')).toEqual(
      expect.arrayContaining(['member_overdrafts_resolution_check', 'member_overdrafts_resolved_check']),
    );
    await expect(
      db.query("UPDATE member_overdrafts SET resolved_at = 9, resolution = 'topup' WHERE resolved_at IS NULL"),
    ).rejects.toThrow();
    // a closed card number may be issued again; two open members may not share one
    await db.query('UPDATE members SET closed_at = 5, close_client_id = gen_random_uuid() WHERE id = $1', [m1]);
    await db.query(
      "INSERT INTO members (id, outlet_id, card_no, name, account_id, created_at) VALUES (gen_random_uuid(), $1, 'C7', '新会员', $2, 6)",
      [outlet, account],
    );
    await expect(
      db.query(
        "INSERT INTO members (id, outlet_id, card_no, name, account_id, created_at) VALUES (gen_random_uuid(), $1, 'C7', '重复', $2, 7)",
        [outlet, account],
      ),
    ).rejects.toThrow();
    await expect(db.query('UPDATE members SET closed_at = 5 WHERE closed_at IS NULL')).rejects.toThrow(); // closed needs its close id
    await db.query("UPDATE deposits SET status = 'expired', resolved_at = 8 WHERE id = $1", [dep]);
    await expect(db.query("UPDATE deposits SET status = 'lost' WHERE id = $1", [dep])).rejects.toThrow();
    // the feed accepts a member delete
    await db.query(
      "INSERT INTO catalog_changes (outlet_id, entity, entity_id, op, data, created_at) VALUES ($1, 'member', $2, 'delete', NULL, 9)",
      [outlet, m1],
    );
  });

  it('0009 adds shifts: one per (device, client shift id), difference = counted − expected', async () => {
    await migrate(db, loadMigrations(), 8);
    expect(await migrate(db, loadMigrations(), 9)).toEqual([9]);
    expect(await tables()).toContain('shifts');
    expect(await constraints('shifts')).toContain('shifts_device_client_shift_key');
    const outlet = '00000000-0000-4000-8000-0000000009a1';
    const device = '00000000-0000-4000-8000-0000000009a2';
    const emp = '00000000-0000-4000-8000-0000000009a3';
    await db.query("INSERT INTO organizations (id, type, name, created_at) VALUES ($1, 'outlet', '九号网吧', 0)", [
      outlet,
    ]);
    await db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, created_at) VALUES ($1, $2, 'shift9', '小九', 'x', '{}', 0)",
      [emp, outlet],
    );
    await db.query(
      "INSERT INTO devices (id, outlet_id, name, fingerprint, public_key, platform, status, created_at) VALUES ($1, $2, '收银台9', 'f', 'k', 'linux', 'active', 0)",
      [device, outlet],
    );
    const ins = (clientId: string, counted: number, difference: number) =>
      db.query(
        `INSERT INTO shifts (id, outlet_id, device_id, client_shift_id, payload_sha256, opened_by, opened_at, opening_float, auto_opened, closed_by, closed_at,
           expected_cash, counted_cash, difference, cash_by_kind, sales_count, sales_total, note, received_at)
         VALUES (gen_random_uuid(), $1, $2, $3, 'h', $4, 1, 0, false, $4, 2, 1000, $5, $6, '{"sale": 1000}', 1, 1000, NULL, 3)`,
        [outlet, device, clientId, emp, counted, difference],
      );
    await ins('00000000-0000-7000-8000-0000000009b1', 800, -200);
    await expect(ins('00000000-0000-7000-8000-0000000009b1', 800, -200)).rejects.toThrow(); // once per device and id
    await expect(ins('00000000-0000-7000-8000-0000000009b2', 800, 0)).rejects.toThrow(); // the difference is counted − expected
  });

  it('0010 dates password changes: a nullable password_changed_at on employees', async () => {
    await migrate(db, loadMigrations(), 10);
    const col = await db.query<{ data_type: string; is_nullable: string }>(
      "SELECT data_type, is_nullable FROM information_schema.columns WHERE table_name = 'employees' AND column_name = 'password_changed_at'",
    );
    expect(col.rows).toEqual([{ data_type: 'bigint', is_nullable: 'YES' }]);
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
