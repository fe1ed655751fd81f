// Search as a cashier types it (catalog/search.ts): several terms ("农夫 550"), barcode prefixes ("6920702"),
// results beyond the first page (offset, hasMore), and this till's best sellers first (sales.db, updated
// as sales are made). Real SQLite (catalog.db + sales.db), a few hundred products.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cart } from '../../../shared/api/contract';
import { fen, type Fen } from '../../../shared/money';
import type { CatalogChange, Product } from '../../../shared/sync/protocol';
import { openDatabases, type Databases } from '../db/open';
import { createCheckout } from '../sales/checkout';
import { createOutbox } from '../sync/outbox';
import { product } from '../testing/fake-cloud';
import { tempDir } from '../testing/harness';
import { createCatalogStore, type CatalogStore } from './store';

let dbs: Databases;
let store: CatalogStore;
let dir: ReturnType<typeof tempDir>;
const P: Record<string, Product> = {
  water550: product({ name: '农夫山泉饮用天然水 550ml', barcode: '6921168509256', price: 200 as Fen }),
  water1500: product({ name: '农夫山泉饮用天然水 1.5L', barcode: '6921168509263', price: 500 as Fen }),
  tea550: product({ name: '农夫山泉东方树叶 茉莉花茶 500ml', barcode: '6921168520015', price: 500 as Fen }),
  cola: product({ name: '可口可乐 550ml', barcode: '6920702000013', price: 300 as Fen }),
  sprite: product({ name: '雪碧 550ml', barcode: '6920702000020', price: 300 as Fen }),
  cheap: product({ name: '可乐味棒棒糖', barcode: '6970000000011', price: 50 as Fen }),
};
const names = (q: string, limit = 30) => store.search(q, limit).map((i) => i.name);

beforeAll(() => {
  dir = tempDir();
  dbs = openDatabases(dir.dir);
  store = createCatalogStore(dbs.catalog, { sales: dbs.sales });
  // 120 cola-like fillers so a query has more than one page
  const filler = Array.from({ length: 120 }, (_, i) =>
    product({ name: `可乐填充 ${String(i).padStart(3, '0')}`, barcode: `69800000${String(i).padStart(5, '0')}` }),
  );
  const changes: CatalogChange[] = [...Object.values(P), ...filler].map((p, i) => ({
    seq: i + 1,
    entity: 'product',
    op: 'upsert',
    data: p,
  }));
  store.applyPage(changes, changes.length, 1);
});
afterAll(() => {
  dbs.close();
  dir.cleanup();
});

describe('search as a cashier types it', () => {
  it('several terms: every one must match, short and long alike', () => {
    expect(names('农夫 550')).toEqual(['农夫山泉饮用天然水 550ml']);
    expect(names('nfsq 1.5')).toEqual(['农夫山泉饮用天然水 1.5L']); // initials and a short term of the name
    expect(names('nfsq 550ml')).toEqual(['农夫山泉饮用天然水 550ml']);
    expect(names('550 雪碧')).toEqual(['雪碧 550ml']);
    expect(names('农夫  茉莉')).toEqual(['农夫山泉东方树叶 茉莉花茶 500ml']);
    expect(names('可乐 550')).toEqual(['可口可乐 550ml']);
    expect(names('农夫 不存在')).toEqual([]);
  });

  it('a barcode prefix finds the products it starts', () => {
    expect(names('6920702')).toEqual(['可口可乐 550ml', '雪碧 550ml']);
    expect(names('69211685')).toHaveLength(3);
    expect(names('6920702000013')).toEqual(['可口可乐 550ml']); // a whole barcode: exact first
  });

  it('pages beyond the first results: offset, and whether more follow', () => {
    const first = store.searchPage('可乐', 30);
    expect(first.items).toHaveLength(30);
    expect(first.hasMore).toBe(true);
    const seen = new Set(first.items.map((i) => i.id));
    let offset = 30;
    for (let more = true; more; offset += 30) {
      const page = store.searchPage('可乐', 30, offset);
      for (const i of page.items) {
        expect(seen.has(i.id), i.name).toBe(false);
        seen.add(i.id);
      }
      more = page.hasMore;
    }
    expect(seen.size).toBe(122); // 120 fillers, 可口可乐, 可乐味棒棒糖
  });

  it('this till’s best sellers come first, and follow the sales as they are made', () => {
    expect(names('农夫山泉')[0]).not.toBe('农夫山泉饮用天然水 1.5L'); // by name, with no sales yet
    const checkout = createCheckout(dbs.sales, createOutbox(dbs.sales));
    const sell = (p: Product, qty: number) => {
      const lineTotal = fen(p.price * qty);
      const cart: Cart = {
        lines: [{ productId: p.id, sku: p.sku, name: p.name, unit: p.unit, qty, unitPrice: p.price, lineTotal }],
        itemCount: qty,
        subtotal: lineTotal,
        total: lineTotal,
      };
      checkout({
        cart,
        tendered: lineTotal,
        employeeId: '00000000-0000-4000-8000-0000000000e1',
        timeZone: 'Asia/Shanghai',
        now: Date.now(),
      });
    };
    sell(P.water1500!, 5);
    expect(names('农夫山泉')[0]).toBe('农夫山泉饮用天然水 1.5L');
    sell(P.tea550!, 7);
    expect(names('农夫山泉').slice(0, 2)).toEqual(['农夫山泉东方树叶 茉莉花茶 500ml', '农夫山泉饮用天然水 1.5L']);
    expect(names('nfsq')[0]).toBe('农夫山泉东方树叶 茉莉花茶 500ml'); // by initials too
    // an exact barcode still wins over a best seller
    expect(names('6921168509256')[0]).toBe('农夫山泉饮用天然水 550ml');
    // a best seller that does not match is not shown
    expect(names('可口')).not.toContain('农夫山泉东方树叶 茉莉花茶 500ml');
  });
});
