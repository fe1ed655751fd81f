import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fen } from '../../../shared/money';
import type { CatalogChange } from '../../../shared/sync/protocol';
import { openDatabases, type Databases } from '../db/open';
import { product, SAMPLE_PRODUCTS } from '../testing/fake-cloud';
import { tempDir } from '../testing/harness';
import { createCatalogStore, type CatalogStore } from './store';

let dbs: Databases;
let store: CatalogStore;
let dir: ReturnType<typeof tempDir>;
const names = (q: string, limit = 30) => store.search(q, limit).map((i) => i.name);

beforeAll(() => {
  dir = tempDir();
  dbs = openDatabases(dir.dir);
  store = createCatalogStore(dbs.catalog);
  // Padding so the indexes are exercised on more than a handful of rows.
  const filler = Array.from({ length: 300 }, (_, i) => product({ name: `测试商品${i} 填充`, price: (100 + i) as Fen }));
  const changes: CatalogChange[] = [...SAMPLE_PRODUCTS, ...filler].map((p, i) => ({
    seq: i + 1,
    entity: 'product',
    op: 'upsert',
    data: p,
  }));
  store.applyPage(changes.slice(0, 100), 100, 1);
  store.applyPage(changes.slice(100), changes.length, 2);
});
afterAll(() => {
  dbs.close();
  dir.cleanup();
});

describe('catalog search', () => {
  it('finds a Chinese substring with the trigram index and skips inactive products', () => {
    expect(names('薯片')).toEqual(expect.arrayContaining(['乐事薯片 原味 70g', '乐事薯片 黄瓜味 70g']));
    expect(names('薯片')).not.toContain('停售的薯片');
    expect(names('黄瓜味')).toEqual(['乐事薯片 黄瓜味 70g']);
    expect(names('天然水')).toEqual(['农夫山泉饮用天然水 550ml']);
  });

  it('finds by pinyin initials and full pinyin', () => {
    expect(names('nfsq')[0]).toBe('农夫山泉饮用天然水 550ml');
    expect(names('NFSQ')[0]).toBe('农夫山泉饮用天然水 550ml');
    expect(names('lssp')).toEqual(expect.arrayContaining(['乐事薯片 原味 70g', '乐事薯片 黄瓜味 70g']));
    expect(names('kekou')[0]).toBe('可口可乐 330ml');
    expect(names('shupian')).toHaveLength(2);
  });

  it('indexes the alternative reading of multi-reading characters', () => {
    // 重 reads chong (重庆) or zhong; both initials find 重庆小面
    expect(names('cqxm')).toEqual(['重庆小面']);
    expect(names('zqxm')).toEqual(['重庆小面']);
  });

  it('puts an exact barcode or SKU first', () => {
    expect(names('6921168509256')).toEqual(['农夫山泉饮用天然水 550ml']);
    expect(store.search('NFSQ550', 5)[0]?.sku).toBe('NFSQ550');
  });

  it('handles 1–2 character queries without the trigram index', () => {
    expect(names('乐事')).toHaveLength(2);
    expect(names('面')).toEqual(expect.arrayContaining(['重庆小面', '康师傅红烧牛肉面']));
    expect(names('k').length).toBeGreaterThan(0);
  });

  it('respects the limit and copes with odd input', () => {
    expect(store.search('测试', 5)).toHaveLength(5);
    expect(store.search('填充', 7)).toHaveLength(7);
    expect(names('')).toEqual([]);
    expect(names('"')).toEqual([]);
    expect(names('a"b OR c*')).toEqual([]);
  });

  it('looks up by exact barcode or SKU, active only', () => {
    expect(store.lookup('6921168509256')?.price).toBe(200);
    expect(store.lookup('NFSQ550')?.name).toBe('农夫山泉饮用天然水 550ml');
    const inactive = SAMPLE_PRODUCTS.find((p) => !p.active)!;
    expect(store.lookup(inactive.barcode!)).toBeNull();
    expect(store.lookup('nope')).toBeNull();
  });

  it('applies updates and deletes from the feed, keeping the index in step', () => {
    const p = SAMPLE_PRODUCTS[3]!;
    store.applyPage([{ seq: 1000, entity: 'product', op: 'upsert', data: { ...p, name: '百事可乐 330ml' } }], 1000, 3);
    expect(names('百事可乐')).toEqual(['百事可乐 330ml']);
    expect(names('可口可乐')).toEqual([]);
    store.applyPage([{ seq: 1001, entity: 'product', op: 'delete', id: p.id }], 1001, 4);
    expect(names('百事可乐')).toEqual([]);
    expect(store.cursor()).toBe(1001);
  });
});
