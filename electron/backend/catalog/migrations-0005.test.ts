// catalog 0005 rebuilds `products` (kind 'utility', regions, biller). Every existing row survives with its
// rowid, search (FTS triggers) and the active-product count keep working, and a catalog caught in the middle
// of an initial bulk load gets its FTS rebuilt.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { CATALOG_MIGRATIONS } from '../db/migrations/index';

const before = CATALOG_MIGRATIONS.filter((m) => m.version < 5);
const insert = (db: Database.Database, id: string, name: string, kind: string, extra = '') =>
  db
    .prepare(
      `INSERT INTO products (id, sku, name, kind, unit, price, active, pinyin, initials, initials_all, seq${extra ? ', regions, biller' : ''})
    VALUES (?, ?, ?, ?, '件', 100, 1, '', '', '', 1${extra ? `, ${extra}` : ''})`,
    )
    .run(id, `S-${id}`, name, kind);
const match = (db: Database.Database, q: string) =>
  db
    .prepare('SELECT p.id FROM products_fts f JOIN products p ON p.rowid = f.rowid WHERE products_fts MATCH ?')
    .pluck()
    .all(`"${q}"`);

describe('catalog migration 0005 (utility bills, regions)', () => {
  it('keeps every product with its rowid and search, then takes utility bills with regions and billers', () => {
    const db = new Database(':memory:');
    migrate(db, before, 'catalog.db');
    insert(db, 'a', '乐事薯片原味', 'physical');
    insert(db, 'b', '中国联通 话费充值 50元', 'topup');
    db.prepare("DELETE FROM products WHERE id = 'a'").run();
    insert(db, 'c', '可口可乐 330ml', 'physical');
    const rowids = db.prepare('SELECT id, rowid AS r FROM products ORDER BY id').all();
    expect(() => insert(db, 'x', '上海电费', 'utility')).toThrow(/CHECK/);

    migrate(db, CATALOG_MIGRATIONS, 'catalog.db');
    expect(db.prepare('SELECT id, rowid AS r FROM products ORDER BY id').all()).toEqual(rowids);
    expect(match(db, '口可乐')).toEqual(['c']);
    expect(match(db, '话费充')).toEqual(['b']);
    insert(db, 'd', '上海电费 100元', 'utility', `NULL, '国网上海市电力公司'`);
    insert(db, 'e', '中国联通 话费充值 50元（上海专享）', 'topup', `'["上海市"]', NULL`);
    expect(match(db, '上海电费')).toEqual(['d']);
    expect(db.prepare("SELECT biller FROM products WHERE id = 'd'").pluck().get()).toBe('国网上海市电力公司');
    expect(
      db.prepare("SELECT p.id FROM products p, json_each(p.regions) r WHERE r.value = '上海市'").pluck().all(),
    ).toEqual(['e']);
    db.prepare("UPDATE products SET name = '百事可乐 330ml' WHERE id = 'c'").run();
    expect(match(db, '口可乐')).toEqual([]);
    db.prepare("DELETE FROM products WHERE id = 'd'").run();
    expect(match(db, '上海电费')).toEqual([]);
    db.prepare("UPDATE products SET active = 0 WHERE id = 'b'").run();
    expect(db.prepare('SELECT active_products FROM catalog_stats').pluck().get()).toBe(2); // c, e
    expect(() => insert(db, 'y', '坏地区', 'topup', `'not json', NULL`)).toThrow(/CHECK/);
    expect(() => insert(db, 'z', '未知种类', 'service')).toThrow(/CHECK/);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'products' ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'products_barcode',
        'products_initials',
        'products_kind',
        'products_name',
        'products_pinyin',
        'products_sku',
      ]),
    );
    db.close();
  });

  it('rebuilds the search index of a catalog interrupted in its initial bulk load', () => {
    const db = new Database(':memory:');
    migrate(db, before, 'catalog.db');
    // bulk mode as catalog/bulk-load.ts leaves it: the flag set, the FTS triggers gone, rows without FTS entries
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('catalog.bulkLoad', '[]')").run();
    db.exec('DROP TRIGGER products_fts_ai; DROP TRIGGER products_fts_ad; DROP TRIGGER products_fts_au;');
    insert(db, 'a', '农夫山泉 饮用天然水', 'physical');
    expect(match(db, '饮用天')).toEqual([]);
    migrate(db, CATALOG_MIGRATIONS, 'catalog.db');
    expect(match(db, '饮用天')).toEqual(['a']);
    db.prepare("DELETE FROM products WHERE id = 'a'").run();
    expect(match(db, '饮用天')).toEqual([]);
    expect(
      db.prepare("INSERT INTO products_fts (products_fts, rank) VALUES ('integrity-check', 1)").run().changes,
    ).toBeGreaterThanOrEqual(0);
    db.close();
  });
});
