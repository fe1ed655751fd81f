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

  it('0011 adds payments: one row per payment id, used once, status rules, takings on shifts', async () => {
    expect(await migrate(db, loadMigrations(), 11)).toEqual([11]);
    for (const t of [
      'payment_merchants',
      'payments',
      'payment_events',
      'payment_refunds',
      'payment_bills',
      'payment_bill_lines',
    ])
      expect(await tables()).toContain(t);
    const outlet = '00000000-0000-4000-8000-0000000011a1';
    const device = '00000000-0000-4000-8000-0000000011a2';
    const emp = '00000000-0000-4000-8000-0000000011a3';
    await db.query("INSERT INTO organizations (id, type, name, created_at) VALUES ($1, 'outlet', '十一号店', 0)", [
      outlet,
    ]);
    await db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, created_at) VALUES ($1, $2, 'pay11', '十一', 'x', '{}', 0)",
      [emp, outlet],
    );
    await db.query(
      "INSERT INTO devices (id, outlet_id, name, fingerprint, public_key, platform, status, created_at) VALUES ($1, $2, '收银台11', 'f11', 'k11', 'linux', 'active', 0)",
      [device, outlet],
    );
    const pay = (id: string) =>
      db.query(
        `INSERT INTO payments (id, out_trade_no, outlet_id, device_id, employee_id, payload_sha256, scheme, method, provider, purpose, amount, description, code_masked, status, confirm_deadline, created_at, updated_at)
         VALUES ($1, $5, $2, $3, $4, 'h', 'wechat', 'wechat_code', 'wechatpay', 'sale', 100, 'd', '13**1234', 'pending', 1, 1, 1)`,
        [id, outlet, device, emp, id.replace(/-/g, '')],
      );
    const p1 = '00000000-0000-7000-8000-0000000011b1';
    await pay(p1);
    await expect(pay(p1)).rejects.toThrow(); // one row per payment id
    // failed needs its reason; paid needs its time and provider number; only a paid payment is used
    await expect(db.query("UPDATE payments SET status = 'failed' WHERE id = $1", [p1])).rejects.toThrow();
    await expect(db.query("UPDATE payments SET status = 'paid' WHERE id = $1", [p1])).rejects.toThrow();
    await expect(
      db.query("UPDATE payments SET used_kind = 'order', used_ref = 'o1' WHERE id = $1", [p1]),
    ).rejects.toThrow();
    await expect(db.query("UPDATE payments SET status = 'reversing' WHERE id = $1", [p1])).rejects.toThrow();
    await db.query(
      "UPDATE payments SET status = 'paid', paid_at = 2, provider_trade_no = 'T1', used_kind = 'order', used_ref = 'o1' WHERE id = $1",
      [p1],
    );
    const p2 = '00000000-0000-7000-8000-0000000011b2';
    await pay(p2);
    await db.query("UPDATE payments SET status = 'paid', paid_at = 2, provider_trade_no = 'T2' WHERE id = $1", [p2]);
    await expect(
      db.query("UPDATE payments SET used_kind = 'order', used_ref = 'o1' WHERE id = $1", [p2]),
    ).rejects.toThrow(); // one payment per use
    await expect(db.query('UPDATE payments SET refunded = 101 WHERE id = $1', [p2])).rejects.toThrow(); // never past the amount
    const cols = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE (table_name = 'order_payments' AND column_name IN ('payment_id', 'confirmed_by')) OR (table_name = 'shifts' AND column_name = 'takings_by_method')",
    );
    expect(cols.rows.map((r) => r.column_name).sort()).toEqual(['confirmed_by', 'payment_id', 'takings_by_method']);
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
