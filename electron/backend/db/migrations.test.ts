import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/harness';
import { migrate, MigrationError } from './migrate';
import { CATALOG_MIGRATIONS, SALES_MIGRATIONS } from './migrations/index';
import { openDatabases } from './open';

let cleanup: () => void = () => {};
afterEach(() => cleanup());
function fresh(name: string) {
  const t = tempDir();
  cleanup = t.cleanup;
  return { dir: t.dir, db: new Database(join(t.dir, name)) };
}
const tables = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all() as string[];

describe('migration sets', () => {
  it('the embedded SQL matches the .sql files (run gen.mjs after editing them)', () => {
    for (const [set, list] of [
      ['sales', SALES_MIGRATIONS],
      ['catalog', CATALOG_MIGRATIONS],
    ] as const) {
      const dir = new URL(`./migrations/${set}/`, import.meta.url);
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort();
      expect(list.map((m) => m.name + '.sql')).toEqual(files);
      for (const m of list) expect(m.sql).toBe(readFileSync(new URL(m.name + '.sql', dir), 'utf8'));
    }
  });
});

describe('sales 0001_init', () => {
  it('creates device, orders, lines, payments, counters and outbox with their constraints', () => {
    const { db } = fresh('sales.db');
    db.pragma('foreign_keys = ON');
    expect(migrate(db, SALES_MIGRATIONS.slice(0, 1), 'sales.db')).toEqual([1]);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'device',
        'orders',
        'order_lines',
        'payments',
        'order_counters',
        'outbox',
        'schema_migrations',
      ]),
    );
    // a line must belong to an order, and its total must be price × qty
    expect(() =>
      db.prepare("INSERT INTO order_lines VALUES ('nope', 1, 'p', 's', 'n', 'u', 1, 100, 100)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(
      "INSERT INTO orders (id, number, created_at, employee_id, subtotal, total) VALUES ('o', '1', 1, 'e', 100, 100)",
    ).run();
    expect(() => db.prepare("INSERT INTO order_lines VALUES ('o', 1, 'p', 's', 'n', 'u', 2, 100, 150)").run()).toThrow(
      /CHECK/,
    );
    // only one device row
    const dev = db.prepare(
      "INSERT INTO device VALUES (?, 'd', 'f', 'k', 'n', 'p', 'o', 'on', 'tz', 'active', '{}', 1)",
    );
    dev.run(1);
    expect(() => dev.run(2)).toThrow(/CHECK/);
    db.close();
  });
});

describe('catalog 0001_init', () => {
  it('creates products with a trigram FTS kept in step by triggers', () => {
    const { db } = fresh('catalog.db');
    expect(migrate(db, CATALOG_MIGRATIONS.slice(0, 1), 'catalog.db')).toEqual([1]);
    const ins =
      db.prepare(`INSERT INTO products (id, sku, barcode, name, kind, unit, price, active, pinyin, initials, initials_all, seq)
      VALUES (?, ?, NULL, ?, 'physical', '件', 100, 1, '', '', '', 1)`);
    ins.run('a', 'S1', '乐事薯片原味');
    const match = db.prepare('SELECT rowid FROM products_fts WHERE products_fts MATCH ?').pluck();
    expect(match.all('"薯片原"')).toHaveLength(1);
    db.prepare("UPDATE products SET name = '可口可乐' WHERE id = 'a'").run();
    expect(match.all('"薯片原"')).toHaveLength(0);
    expect(match.all('"口可乐"')).toHaveLength(1);
    db.prepare("DELETE FROM products WHERE id = 'a'").run();
    expect(match.all('"口可乐"')).toHaveLength(0);
    db.close();
  });
});

describe('migrate', () => {
  it('is idempotent across reopen and sets the pragmas', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    openDatabases(t.dir).close();
    const dbs = openDatabases(t.dir);
    expect(dbs.sales.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(dbs.sales.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(dbs.catalog.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(dbs.sales.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(dbs.sales.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(SALES_MIGRATIONS.length);
    dbs.close();
  });

  it('refuses a database holding a migration this code does not know', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    openDatabases(t.dir).close();
    const db = new Database(join(t.dir, 'sales.db'));
    db.prepare("INSERT INTO schema_migrations VALUES (?, '9999_from_the_future', 0)").run(SALES_MIGRATIONS.length + 1);
    db.close();
    expect(() => openDatabases(t.dir)).toThrow(MigrationError);
    expect(() => openDatabases(t.dir)).toThrow(/does not know/);
  });

  it('refuses a gap in the applied migrations', () => {
    const { db } = fresh('x.db');
    const set = [
      { version: 1, name: '0001_a', sql: 'CREATE TABLE a (x)' },
      { version: 2, name: '0002_b', sql: 'CREATE TABLE b (x)' },
    ];
    migrate(db, set, 'x');
    db.prepare('DELETE FROM schema_migrations WHERE version = 1').run();
    expect(() => migrate(db, set, 'x')).toThrow(/missing migration 1/);
    db.close();
  });

  it('rolls back a failing migration entirely', () => {
    const { db } = fresh('x.db');
    const set = [{ version: 1, name: '0001_bad', sql: 'CREATE TABLE a (x); CREATE TABLE a (y);' }];
    expect(() => migrate(db, set, 'x')).toThrow();
    expect(tables(db)).not.toContain('a');
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(0);
    db.close();
  });
});
