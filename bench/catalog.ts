// Runtime: Node. Catalog benchmarks on a local catalog.db: search, barcode lookup, checkout commit.
// Each figure is measured beside its baseline in the same run (see harness.ts).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { buildDemoCatalog } from '../cloud/seed/catalog-build';
import { ean13 } from '../cloud/seed/ean13';
import type { Cart } from '../shared/api/contract';
import { fen, type Fen } from '../shared/money';
import type { CatalogChange } from '../shared/sync/protocol';
import { createCatalogStore, type CatalogStore } from '../electron/backend/catalog/store';
import { openDatabases, type Databases } from '../electron/backend/db/open';
import { createCheckout } from '../electron/backend/sales/checkout';
import { createOutbox } from '../electron/backend/sync/outbox';
import { percentile, rateFigure, timeEach, timeFigure, type Figure } from './harness';

const QUALIFIERS = ['', '新包装', '促销装', '加量装', '家庭装', '经典款', '升级版', '礼盒装', '量贩装', '特惠装'];
const PACKS = ['', '2入', '3入', '6入', '12入', '24入'];

/** The same kind of names as cloud/seed/scale.ts, generated in JS for a local catalog.db. */
export function* scaleProducts(n: number) {
  const base = buildDemoCatalog('00000000-0000-4000-8000-000000000000').products.filter((p) => p.kind === 'physical');
  const B = base.length;
  for (let i = 1; i <= n; i++) {
    const b = base[i % B]!;
    const q = QUALIFIERS[Math.floor(i / B) % QUALIFIERS.length]!;
    const pk = PACKS[Math.floor(i / (B * QUALIFIERS.length)) % PACKS.length]!;
    const series = Math.floor(i / (B * QUALIFIERS.length * PACKS.length));
    const hex = i.toString(16).padStart(12, '0');
    yield {
      id: `00000000-0000-4000-8000-${hex}`,
      sku: `S${String(i).padStart(7, '0')}`,
      barcode: ean13(`698${String(i).padStart(9, '0')}`),
      name: [b.name, q, pk, series > 0 ? `${series}号` : ''].filter(Boolean).join(' '),
      categoryId: null,
      kind: 'physical' as const,
      unit: b.unit,
      price: b.price,
      faceValue: null,
      carrier: null,
      active: true,
      stock: 5 + ((i * 37) % 116),
    };
  }
}

/**
 * Applies n scale products to a fresh catalog.db in pages of 5000, like a sync with no network.
 * `bulk`: the initial sync's bulk-load mode (indexes and FTS built once at the end); otherwise row by row.
 */
export function buildLocalCatalog(
  dir: string,
  n: number,
  opts: { bulk?: boolean; pageSize?: number } = {},
): { dbs: Databases; store: CatalogStore; ms: number } {
  const dbs = openDatabases(dir);
  const store = createCatalogStore(dbs.catalog, { sales: dbs.sales });
  const t0 = performance.now();
  const pageSize = opts.pageSize ?? 5000;
  if (opts.bulk) store.bulk.begin();
  let page: CatalogChange[] = [];
  let seq = 0;
  for (const p of scaleProducts(n)) {
    page.push({ seq: ++seq, entity: 'product', op: 'upsert', data: p as never });
    if (page.length === pageSize) {
      store.applyPage(page, seq, Date.now());
      page = [];
    }
  }
  if (page.length) store.applyPage(page, seq, Date.now());
  if (opts.bulk) store.bulk.finish();
  return { dbs, store, ms: performance.now() - t0 };
}

export const SEARCH_QUERIES = [
  '乐事',
  '薯片',
  'lssp',
  'kkkl',
  '农夫山泉',
  'S00012',
  '可口可乐 330',
  'nongfu',
  'k',
  '面',
  '黄瓜味',
  '加量装',
  'shupian',
  '6980000123',
  'ys',
  '充电宝',
];

export function benchSearch(label: string, dbs: Databases, store: CatalogStore, rounds: number): Figure[] {
  const inputs = Array.from({ length: rounds }, () => SEARCH_QUERIES).flat();
  const ours = timeEach(inputs, (q) => store.search(q, 30));
  const like = dbs.catalog.prepare(
    `SELECT id, name, price FROM products WHERE active = 1 AND (name LIKE @p OR pinyin LIKE @p OR initials_all LIKE @p OR sku LIKE @p OR barcode LIKE @p) LIMIT 30`,
  );
  const likeT = timeEach(inputs.slice(0, Math.max(SEARCH_QUERIES.length * 2, inputs.length / 4)), (q) =>
    like.all({ p: `%${q.toLowerCase()}%` }),
  );
  // The all-in-JS baseline: the whole catalog in an array, filtered per keystroke.
  const all = dbs.catalog
    .prepare('SELECT id, sku, barcode, name, pinyin, initials_all AS ia, price FROM products WHERE active = 1')
    .all() as {
    id: string;
    sku: string;
    barcode: string | null;
    name: string;
    pinyin: string;
    ia: string;
    price: number;
  }[];
  const jsT = timeEach(inputs.slice(0, Math.max(SEARCH_QUERIES.length * 2, inputs.length / 4)), (q) => {
    const lq = q.toLowerCase();
    const out = [];
    for (const r of all) {
      if (
        r.name.includes(q) ||
        r.pinyin.includes(lq) ||
        r.ia.includes(lq) ||
        r.sku.toLowerCase().includes(lq) ||
        r.barcode?.includes(q)
      ) {
        out.push(r);
        if (out.length >= 30) break;
      }
    }
    return out;
  });
  return [
    timeFigure(`search p50 @${label}`, percentile(ours, 50), { name: "LIKE '%q%' p50", value: percentile(likeT, 50) }),
    timeFigure(
      `search p99 @${label}`,
      percentile(ours, 99),
      { name: "LIKE '%q%' p99", value: percentile(likeT, 99) },
      '≤ 5 ms @500k',
    ),
    timeFigure(`search p99 vs in-JS @${label}`, percentile(ours, 99), {
      name: 'whole catalog in JS, p99',
      value: percentile(jsT, 99),
    }),
  ];
}

export function benchLookup(label: string, dbs: Databases, store: CatalogStore, n: number, count: number): Figure[] {
  const codes = Array.from({ length: count }, (_, i) => ean13(`698${String(1 + ((i * 7919) % n)).padStart(9, '0')}`));
  const ours = timeEach(codes, (c) => store.lookup(c));
  const scan = dbs.catalog.prepare("SELECT id FROM products WHERE barcode || '' = ? LIMIT 1"); // defeats the index
  const base = timeEach(codes.slice(0, 20), (c) => scan.get(c));
  return [
    timeFigure(
      `barcode lookup p99 @${label}`,
      percentile(ours, 99),
      { name: 'unindexed scan p99', value: percentile(base, 99) },
      '≤ 1 ms',
    ),
  ];
}

/** A three-line cart whose prices vary with i (checkout benches: cash only and split tender). */
export function sampleCart(i: number): Cart {
  const lines = [1, 2, 3].map((k) => {
    const price = fen(100 * (k + (i % 7)));
    return {
      productId: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
      sku: `S${k}`,
      name: `商品${k}`,
      unit: '件',
      qty: k,
      unitPrice: price,
      lineTotal: fen(price * k),
    };
  });
  const total = fen(lines.reduce((s, l) => s + l.lineTotal, 0));
  return { lines, itemCount: 6, subtotal: total, total };
}

export function benchCheckout(dir: string, count: number): Figure[] {
  const run = (sub: string, sync: 'FULL' | 'OFF') => {
    const dbs = openDatabases(join(dir, sub));
    dbs.sales.pragma(`synchronous = ${sync}`);
    const checkout = createCheckout(dbs.sales, createOutbox(dbs.sales));
    const employeeId = '00000000-0000-4000-8000-0000000000e1';
    const t0 = performance.now();
    const times = timeEach(
      Array.from({ length: count }, (_, i) => i),
      (i) =>
        checkout({
          cart: sampleCart(i),
          tendered: 100_000 as Fen,
          employeeId,
          timeZone: 'Asia/Shanghai',
          now: Date.now(),
        }),
    );
    const rate = count / ((performance.now() - t0) / 1000);
    dbs.close();
    return { times, rate };
  };
  const full = run('full', 'FULL');
  const off = run('off', 'OFF');
  return [
    timeFigure(
      'checkout commit p99 (synchronous=FULL)',
      percentile(full.times, 99),
      { name: 'synchronous=OFF p99', value: percentile(off.times, 99) },
      '≤ 20 ms',
    ),
    rateFigure('sustained checkouts (FULL)', full.rate, 'sales/s', { name: 'synchronous=OFF', value: off.rate }),
  ];
}

/** For the RSS child: open an existing catalog.db read-mostly and serve searches. */
export function openCatalogOnly(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  return db;
}
