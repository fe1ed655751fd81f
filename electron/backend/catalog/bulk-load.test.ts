// Bulk-load mode of the initial sync: scans work while it runs, search stays bounded, finish() restores
// exactly the migrated schema and a consistent FTS, and a crash during finish() (its transaction rolled
// back) is detected and finished on the next try; delta changes afterwards are indexed row by row.
import { afterEach, describe, expect, it } from 'vitest';
import type { Fen } from '../../../shared/money';
import type { CatalogChange } from '../../../shared/sync/protocol';
import { openDatabases, type Databases } from '../db/open';
import { product, SAMPLE_PRODUCTS } from '../testing/fake-cloud';
import { tempDir } from '../testing/harness';
import { createCatalogStore } from './store';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

function fresh(): { dbs: Databases; store: ReturnType<typeof createCatalogStore> } {
  const dir = tempDir();
  dirs.push(dir);
  const dbs = openDatabases(dir.dir);
  return { dbs, store: createCatalogStore(dbs.catalog) };
}

const schemaOf = (dbs: Databases) =>
  dbs.catalog
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name LIKE 'products%' ORDER BY type, name")
    .all();

const feed: CatalogChange[] = [
  ...SAMPLE_PRODUCTS,
  ...Array.from({ length: 500 }, (_, i) => product({ name: `测试商品${i} 填充`, price: (100 + i) as Fen })),
].map((p, i) => ({ seq: i + 1, entity: 'product', op: 'upsert', data: p }));

function load(store: ReturnType<typeof createCatalogStore>) {
  for (let i = 0; i < feed.length; i += 100) store.applyPage(feed.slice(i, i + 100), Math.min(i + 100, feed.length), 1);
}

describe('initial sync bulk load', () => {
  it('keeps scans and bounded search during the load, then restores the migrated schema and a full FTS', () => {
    const { dbs, store } = fresh();
    const before = schemaOf(dbs);
    expect(store.bulk.begin()).toBe(true);
    expect(store.bulk.active()).toBe(true);
    // The scanner's indexes stay; the others and the FTS triggers are gone for the load.
    const names = (schemaOf(dbs) as { name: string }[]).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['products_barcode', 'products_sku']));
    expect(names).not.toContain('products_name');
    expect(names).not.toContain('products_fts_ai');
    load(store);
    expect(store.lookup('6921168509256')?.name).toBe('农夫山泉饮用天然水 550ml');
    expect(
      dbs.catalog
        .prepare('EXPLAIN QUERY PLAN SELECT rowid FROM products WHERE barcode = ?')
        .all('x')
        .map((r) => (r as { detail: string }).detail)
        .join(),
    ).toMatch(/products_barcode/);
    // Bounded fallback search still finds substrings (within its scan window) while the FTS is empty.
    expect(store.search('薯片', 10).map((i) => i.name)).toEqual(expect.arrayContaining(['乐事薯片 原味 70g']));

    store.bulk.finish();
    expect(store.bulk.active()).toBe(false);
    expect(schemaOf(dbs)).toEqual(before);
    expect(
      dbs.catalog.prepare("INSERT INTO products_fts (products_fts, rank) VALUES ('integrity-check', 1)").run().changes,
    ).toBeGreaterThanOrEqual(0);
    expect(store.search('天然水', 5).map((i) => i.name)).toEqual(['农夫山泉饮用天然水 550ml']);
    expect(store.search('nfsq', 5)[0]?.name).toBe('农夫山泉饮用天然水 550ml');
    expect(store.productCount()).toBe(
      feed.filter((c) => c.entity === 'product' && c.op === 'upsert' && c.data.active).length,
    );

    // Delta sync afterwards: row-by-row triggers are back.
    const p = SAMPLE_PRODUCTS[3]!;
    store.applyPage([{ seq: 9000, entity: 'product', op: 'upsert', data: { ...p, name: '百事可乐 330ml' } }], 9000, 2);
    expect(store.search('百事可乐', 5).map((i) => i.name)).toEqual(['百事可乐 330ml']);
    expect(store.search('可口可乐', 5)).toEqual([]);
    dbs.close();
  });

  it('a crash during finish() rolls back, stays detectable, and the next finish() completes', () => {
    const { dbs, store } = fresh();
    const before = schemaOf(dbs);
    store.bulk.begin();
    load(store);
    // A crash mid-transaction leaves the file as before the transaction: simulate it with a rollback.
    const crashing = dbs.catalog.transaction(() => {
      store.bulk.finish();
      throw new Error('power cut');
    });
    expect(() => crashing()).toThrow('power cut');
    expect(store.bulk.active()).toBe(true);
    expect(
      dbs.catalog.prepare('SELECT count(*) FROM products_fts WHERE products_fts MATCH \'"天然水"\'').pluck().get(),
    ).toBe(0);
    store.bulk.finish();
    store.bulk.finish(); // idempotent
    expect(store.bulk.active()).toBe(false);
    expect(schemaOf(dbs)).toEqual(before);
    expect(store.search('黄瓜味', 5).map((i) => i.name)).toEqual(['乐事薯片 黄瓜味 70g']);
    dbs.close();
  });

  it('is never entered over a catalog that already has products', () => {
    const { dbs, store } = fresh();
    store.applyPage(feed.slice(0, 10), 10, 1);
    expect(store.bulk.begin()).toBe(false);
    expect(store.bulk.active()).toBe(false);
    dbs.close();
  });
});
