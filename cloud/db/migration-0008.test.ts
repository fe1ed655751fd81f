// Migration 0008 (suppliers publish goods sources; utility bills; regions) on a database holding data from
// before it: existing sources, products and virtual orders stay valid, and the new constraints hold.
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

const SUPPLIER = '00000000-0000-4000-8000-0000000009a1';
const OUTLET = '00000000-0000-4000-8000-0000000009a2';
const OLD_SOURCE = '00000000-0000-4000-8000-0000000009a3';

describe('0008_supplier_sources', () => {
  it('keeps existing sources and products, adds external ids, regions, billers, utility bills and the publication log', async () => {
    await migrate(db, loadMigrations(), 7);
    await db.query(
      "INSERT INTO organizations (id, type, name, created_at) VALUES ($1, 'supplier', '老供货商', 0), ($2, 'outlet', '老网点', 0)",
      [SUPPLIER, OUTLET],
    );
    await db.query(
      "INSERT INTO goods_sources (id, supplier_id, kind, name, carrier, face_value, supply_price, created_at) VALUES ($1, $2, 'topup', '移动 100元', 'cmcc', 10000, 9850, 0)",
      [OLD_SOURCE, SUPPLIER],
    );
    await db.query(
      "INSERT INTO products (id, outlet_id, sku, name, kind, price, face_value, carrier, source_id, updated_at) VALUES (gen_random_uuid(), $1, 'T1', '移动 100元', 'topup', 10000, 10000, 'cmcc', $2, 0)",
      [OUTLET, OLD_SOURCE],
    );

    expect(await migrate(db, loadMigrations(), 8)).toEqual([8]);
    const old = await db.query<{
      external_id: string | null;
      regions: string[] | null;
      biller: string | null;
      version: string;
    }>('SELECT external_id, regions, biller, version FROM goods_sources WHERE id = $1', [OLD_SOURCE]);
    expect(old.rows[0]).toMatchObject({ external_id: null, regions: null, biller: null });
    expect(Number(old.rows[0]!.version)).toBe(0);

    // a regional top-up and a utility source
    await db.query("UPDATE goods_sources SET external_id = 'CM-100', regions = ARRAY['上海市'] WHERE id = $1", [
      OLD_SOURCE,
    ]);
    await db.query(
      "INSERT INTO goods_sources (id, supplier_id, external_id, kind, name, face_value, supply_price, biller, created_at) VALUES (gen_random_uuid(), $1, 'E-100', 'utility', '上海电费 100元', 10000, 9980, '国网上海市电力公司', 0)",
      [SUPPLIER],
    );
    await db.query(
      "INSERT INTO products (id, outlet_id, sku, name, kind, price, face_value, updated_at) VALUES (gen_random_uuid(), $1, 'B1', '上海电费 100元', 'utility', 10000, 10000, 0)",
      [OUTLET],
    );
    const refused = [
      [
        "INSERT INTO goods_sources (id, supplier_id, external_id, kind, name, face_value, supply_price, created_at) VALUES (gen_random_uuid(), $1, 'E-200', 'utility', '无收费单位', 20000, 1, 0)",
        'a utility needs its biller',
      ],
      [
        "INSERT INTO goods_sources (id, supplier_id, external_id, kind, name, face_value, supply_price, biller, created_at) VALUES (gen_random_uuid(), $1, 'G-1', 'gamecard', '卡', 100, 1, '电力', 0)",
        'only utilities have a biller',
      ],
      [
        "INSERT INTO goods_sources (id, supplier_id, external_id, kind, name, face_value, supply_price, created_at) VALUES (gen_random_uuid(), $1, 'CM-100', 'gamecard', '重复', 100, 1, 0)",
        'external id unique per supplier',
      ],
      [
        "INSERT INTO goods_sources (id, supplier_id, external_id, kind, name, face_value, supply_price, created_at) VALUES (gen_random_uuid(), $1, 'T-X', 'topup', '无运营商', 100, 1, 0)",
        'a top-up needs its carrier',
      ],
      [
        "INSERT INTO goods_sources (id, supplier_id, external_id, kind, name, carrier, face_value, supply_price, regions, created_at) VALUES (gen_random_uuid(), $1, 'T-Y', 'topup', '空地区', 'cmcc', 100, 1, '{}', 0)",
        'regions never empty',
      ],
      [
        "INSERT INTO goods_sources (id, supplier_id, external_id, kind, name, face_value, supply_price, created_at) VALUES (gen_random_uuid(), $1, 'bad id!', 'gamecard', '坏编号', 100, 1, 0)",
        'external id format',
      ],
    ] as const;
    for (const [sql, why] of refused) await expect(db.query(sql, [SUPPLIER]), why).rejects.toThrow();

    const c = await db.query<{ conname: string }>(
      "SELECT conname FROM pg_constraint WHERE conrelid = 'virtual_orders'::regclass",
    );
    expect(c.rows.map((r) => r.conname)).toEqual(
      expect.arrayContaining([
        'virtual_orders_kind_check',
        'virtual_orders_account_check',
        'virtual_orders_utility_account_check',
        'virtual_orders_utility_phone_check',
      ]),
    );
    const cols = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'virtual_orders' AND column_name = 'account'",
    );
    expect(cols.rows).toHaveLength(1);

    // the publication log: one judgment per (supplier, request id)
    await db.query(
      "INSERT INTO supplier_publications (supplier_id, request_id, source_id, outcome, received_at) VALUES ($1, 'r1', $2, 'updated', 1)",
      [SUPPLIER, OLD_SOURCE],
    );
    await expect(
      db.query(
        "INSERT INTO supplier_publications (supplier_id, request_id, outcome, received_at) VALUES ($1, 'r1', 'stale', 2)",
        [SUPPLIER],
      ),
    ).rejects.toThrow();
    await expect(
      db.query(
        "INSERT INTO supplier_publications (supplier_id, request_id, outcome, received_at) VALUES ($1, 'r2', 'maybe', 2)",
        [SUPPLIER],
      ),
    ).rejects.toThrow();
  });
});
