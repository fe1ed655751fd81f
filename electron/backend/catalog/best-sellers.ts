// This till's best sellers, for search ranking: what it sold most over the last BEST_SELLER_DAYS days, by
// quantity (sales.db order_lines), with the searchable text of each (catalog.db), in memory. A search puts
// the best sellers that match the query first — at a counter the product asked for is usually one sold
// every day. Kept up to date incrementally: orders committed since the last look are added (rowid order), so
// a sale costs a few rows, never a scan; the whole window is recounted once a day (old sales drop out).
import type { Db } from '../db/open';

export const BEST_SELLER_DAYS = 30;
/** Products kept (most sold first): matching them is a loop over this many in JS. */
export const BEST_SELLER_MAX = 500;
const RECOUNT_MS = 24 * 3_600_000;

export interface BestSeller {
  rowid: number;
  id: string;
  sold: number;
  name: string;
  /** lower case: pinyin, every initials reading, SKU; barcode as is */
  pinyin: string;
  initials: string;
  sku: string;
  barcode: string;
}

export function createBestSellers(sales: Db, catalog: Db, now: () => number = Date.now) {
  const counted = sales.prepare(
    `SELECT l.product_id AS id, sum(l.qty) AS n FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.created_at >= ? AND o.rowid > ? GROUP BY l.product_id`,
  );
  const maxRowid = sales.prepare('SELECT coalesce(max(rowid), 0) FROM orders').pluck();
  const dataVersion = sales.prepare('PRAGMA data_version').pluck();
  const changes = sales.prepare('SELECT total_changes()').pluck();
  const text = catalog.prepare(
    'SELECT rowid, name, pinyin, initials_all, sku, barcode FROM products WHERE id = ? AND active = 1',
  );
  const catalogVersion = catalog.prepare('PRAGMA data_version').pluck();
  const catalogChanges = catalog.prepare('SELECT total_changes()').pluck();

  const sold = new Map<string, number>();
  let lastRowid = 0;
  let recountedAt = -Infinity;
  let salesKey = '';
  let catalogKey = '';
  let list: BestSeller[] = [];

  function refresh(): void {
    const t = now();
    const sk = `${dataVersion.get() as number}:${changes.get() as number}`;
    const ck = `${catalogVersion.get() as number}:${catalogChanges.get() as number}`;
    const recount = t - recountedAt > RECOUNT_MS;
    if (!recount && sk === salesKey && ck === catalogKey) return;
    if (recount) {
      sold.clear();
      lastRowid = 0;
      recountedAt = t;
    }
    if (recount || sk !== salesKey) {
      const top = maxRowid.get() as number;
      for (const r of counted.all(t - BEST_SELLER_DAYS * 24 * 3_600_000, lastRowid) as { id: string; n: number }[])
        sold.set(r.id, (sold.get(r.id) ?? 0) + r.n);
      lastRowid = top;
    }
    salesKey = sk;
    catalogKey = ck;
    list = [];
    for (const [id, n] of [...sold].sort((a, b) => b[1] - a[1]).slice(0, BEST_SELLER_MAX)) {
      const p = text.get(id) as
        | { rowid: number; name: string; pinyin: string; initials_all: string; sku: string; barcode: string | null }
        | undefined;
      if (p)
        list.push({
          rowid: p.rowid,
          id,
          sold: n,
          name: p.name,
          pinyin: p.pinyin.toLowerCase(),
          initials: p.initials_all.toLowerCase(),
          sku: p.sku.toLowerCase(),
          barcode: p.barcode ?? '',
        });
    }
  }

  return {
    /** The best sellers (most sold first) matching every term of the query. */
    matching(terms: readonly string[]): BestSeller[] {
      refresh();
      if (list.length === 0) return [];
      const lower = terms.map((t) => t.toLowerCase());
      return list.filter((b) => lower.every((t, i) => termMatches(b, terms[i]!, t)));
    },
  };
}
export type BestSellers = ReturnType<typeof createBestSellers>;

/** One search term against a product's searchable text, as the indexes would find it. */
function termMatches(b: BestSeller, term: string, lower: string): boolean {
  return (
    b.name.includes(term) ||
    b.name.toLowerCase().includes(lower) ||
    b.pinyin.includes(lower) ||
    b.initials.includes(lower) ||
    b.sku.includes(lower) ||
    b.barcode.startsWith(term)
  );
}
