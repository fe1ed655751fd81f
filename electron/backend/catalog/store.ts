// The cached catalog in catalog.db: applying change-feed pages, exact lookups and search, and the stock
// estimate shown at the counter. Nothing here scales with the catalog at open or per call: searches are
// index range scans or FTS lookups with a LIMIT, the product count is a trigger-kept figure.
import type { CatalogItem } from '../../../shared/api/contract';
import type { Fen } from '../../../shared/money';
import type { CatalogChange, Product } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';
import { memberSnapshotWriter } from '../members/snapshot';
import { createBulkLoad } from './bulk-load';
import { createBestSellers } from './best-sellers';
import { pinyinKeys } from './pinyin';
import { createSearch, type SearchPage } from './search';

export interface ProductRow {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  kind: Product['kind'];
  unit: string;
  price: number;
  active: number;
  stock: number | null;
  category_name: string | null;
}

const SELECT_ITEM = `SELECT p.id, p.sku, p.barcode, p.name, p.kind, p.unit, p.price, p.active, p.stock, c.name AS category_name
  FROM products p LEFT JOIN categories c ON c.id = p.category_id`;

export function toItem(r: ProductRow, pending = 0): CatalogItem {
  return {
    id: r.id,
    sku: r.sku,
    barcode: r.barcode,
    name: r.name,
    kind: r.kind,
    unit: r.unit,
    price: r.price as Fen,
    categoryName: r.category_name,
    stock: r.kind === 'physical' && r.stock !== null ? r.stock - pending : null,
  };
}

export interface CatalogStoreOptions {
  /**
   * sales.db, to subtract this device's not-yet-acknowledged sales from the synced stock figure. Absent
   * (e.g. in the sync worker) the synced figure is shown as it is.
   */
  sales?: Db;
}

export function createCatalogStore(db: Db, opts: CatalogStoreOptions = {}) {
  const upsertProduct =
    db.prepare(`INSERT INTO products (id, sku, barcode, name, category_id, kind, unit, price, face_value,
      carrier, active, pinyin, initials, initials_all, seq, stock, regions, biller)
    VALUES (@id, @sku, @barcode, @name, @categoryId, @kind, @unit, @price, @faceValue, @carrier, @active, @pinyin, @initials, @initialsAll, @seq, @stock, @regions, @biller)
    ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode, name = excluded.name,
      category_id = excluded.category_id, kind = excluded.kind, unit = excluded.unit, price = excluded.price,
      face_value = excluded.face_value, carrier = excluded.carrier, active = excluded.active, pinyin = excluded.pinyin,
      initials = excluded.initials, initials_all = excluded.initials_all, seq = excluded.seq, stock = excluded.stock,
      regions = excluded.regions, biller = excluded.biller`);
  const updateStock = db.prepare('UPDATE products SET stock = ? WHERE id = ?');
  const upsertCategory =
    db.prepare(`INSERT INTO categories (id, parent_id, name, sort) VALUES (@id, @parentId, @name, @sort)
    ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, sort = excluded.sort`);
  const deleteProduct = db.prepare('DELETE FROM products WHERE id = ?');
  const deleteCategory = db.prepare('DELETE FROM categories WHERE id = ?');
  const getState = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck();
  const setState = db.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const countActive = db.prepare('SELECT active_products FROM catalog_stats WHERE singleton = 1').pluck();
  const members = memberSnapshotWriter(db);

  const byId = db.prepare(`${SELECT_ITEM} WHERE p.id = ?`);
  const byRowid = db.prepare(`${SELECT_ITEM} WHERE p.rowid = ?`);
  // the back office's 已下架 list (search offers active products only); a small set, scanned
  const inactive = db.prepare(`${SELECT_ITEM} WHERE p.active = 0 ORDER BY p.name LIMIT ?`);
  const byBarcode = db.prepare(`${SELECT_ITEM} WHERE p.barcode = ? AND p.active = 1 LIMIT 1`);
  const bySku = db.prepare(`${SELECT_ITEM} WHERE p.sku = ? AND p.active = 1 LIMIT 1`);
  const bulk = createBulkLoad(db);
  const stockAsOf = () => {
    const v = getState.get(STOCK_AS_OF) as string | undefined;
    return v === undefined ? null : (JSON.parse(v) as StockAsOf);
  };
  const pending = createPendingSales(opts.sales, stockAsOf);
  const item = (r: ProductRow | undefined) => (r ? toItem(r, r.kind === 'physical' ? pending.qty(r.id) : 0) : null);
  const search = createSearch(db, {
    bulkActive: () => bulk.active(),
    ...(opts.sales ? { bestSellers: createBestSellers(opts.sales, db) } : {}),
    item: (rowid) => item(byRowid.get(rowid) as ProductRow | undefined),
  });

  return {
    /** The last completed pull's mark (STOCK_AS_OF), or null before the first; members/counter.ts reads it. */
    stockAsOf,
    /** The initial sync's bulk-load mode (bulk-load.ts): entered and finished by the sync, read by search. */
    bulk,
    cursor(): number {
      return Number(getState.get('catalog.cursor') ?? 0);
    },
    syncedAt(): number | null {
      const v = getState.get('catalog.syncedAt');
      return v === undefined ? null : Number(v);
    },
    /** Active products: a trigger-kept figure, O(1) at any catalog size. */
    productCount(): number {
      return Number(countActive.get() ?? 0);
    },

    /** Where acks after the next completed pull may start in the outbox: call before its first request. */
    outboxFloor: () => pending.floor(),
    /**
     * Records that the feed was read to its end by a request sent at `requestedAt`: every stock decrease
     * the cloud committed before then (with the ack of the order that caused it) is in the snapshots now.
     */
    markStockAsOf(requestedAt: number, outboxFloor: number): void {
      setState.run(STOCK_AS_OF, JSON.stringify({ at: requestedAt, outboxFloor } satisfies StockAsOf));
    },

    /** One page of the feed and the cursor that follows it, in one transaction: a crash resumes cleanly. */
    applyPage: db.transaction((changes: CatalogChange[], nextCursor: number, now: number) => {
      for (const c of changes) {
        // Entities this store does not keep (whatever a newer cloud adds) are skipped: the cursor still
        // moves past them. Members go to their snapshot table (members/snapshot.ts) in this transaction.
        if (c.op === 'delete') {
          if (c.entity === 'product') deleteProduct.run(c.id);
          else if (c.entity === 'category') deleteCategory.run(c.id);
          // a closed member (销卡) leaves the counter: not found, not payable from here on
          else if (c.entity === 'member') members.remove(c.id);
        } else if (c.entity === 'product') {
          const p = c.data;
          const keys = pinyinKeys(p.name);
          upsertProduct.run({
            ...p,
            active: p.active ? 1 : 0,
            pinyin: keys.full,
            initials: keys.initials,
            initialsAll: keys.initialsAll,
            seq: c.seq,
            stock: p.kind === 'physical' ? (p.stock ?? null) : null,
            // a regional source's provinces (JSON) and a bill's biller; absent from older clouds = nationwide / none
            regions: p.regions ? JSON.stringify(p.regions) : null,
            biller: p.biller ?? null,
          });
        } else if (c.entity === 'stock') {
          // A cloud snapshot at this seq: it replaces the figure (the feed is applied in seq order).
          updateStock.run(c.data.stock, c.data.productId);
        } else if (c.entity === 'category') {
          upsertCategory.run(c.data);
        } else if (c.entity === 'member') {
          members.upsert(c.data, c.seq);
        }
      }
      setState.run('catalog.cursor', String(nextCursor));
      setState.run('catalog.syncedAt', String(now));
    }),

    getProduct(id: string): (CatalogItem & { active: boolean }) | null {
      const r = byId.get(id) as ProductRow | undefined;
      return r ? { ...item(r)!, active: r.active === 1 } : null;
    },

    /** Products off sale (taken off by the outlet, or their source off shelf), by name: the back office lists them. */
    offSale(limit: number): CatalogItem[] {
      return (inactive.all(limit) as ProductRow[]).map((r) => item(r)!);
    },

    /** Scanner path: exact barcode first, then exact SKU, both by index; active products only. */
    lookup(code: string): CatalogItem | null {
      return item((byBarcode.get(code) ?? bySku.get(code)) as ProductRow | undefined);
    },

    /** Search as the cashier types it (search.ts): one page and whether more follow. */
    searchPage: (query: string, limit: number, offset = 0): SearchPage => search.page(query, limit, offset),
    /** The first `limit` results. */
    search: (query: string, limit: number): CatalogItem[] => search.page(query, limit).items,
  };
}
export type CatalogStore = ReturnType<typeof createCatalogStore>;

/** sync_state key of the last completed pull's mark; members/pending-spends.ts reads it too */
export const STOCK_AS_OF = 'catalog.stockAsOf';
/** The last completed pull: sent at `at`; orders acked since have outbox ids ≥ `outboxFloor`. */
interface StockAsOf {
  at: number;
  outboxFloor: number;
}

/**
 * Quantities of each product in this device's sales that the synced stock figures do not reflect yet:
 * orders the cloud has not acknowledged (parked ones included: the goods left the shelf either way), AND
 * orders acknowledged after the request of the last completed catalog pull was sent. The cloud moves its
 * stock in the transaction that accepts the order, but this device only sees the new figure with the next
 * pull; dropping an order from the sum at its ack would show the stock too high until then (or for as
 * long as the network is down after the push).
 *
 * Bounded by unsynced sales, never by the outbox's history: the unacked rows come from the partial index,
 * the recently acked ones from a rowid range starting at `outboxFloor` (the smallest unacked id when the
 * pull began: an order acked after the pull's last request was unacked then, so its id is ≥ the floor).
 * Recomputed only when sales.db or the pull mark changed, so a search reads a Map.
 */
function createPendingSales(sales: Db | undefined, asOf: () => StockAsOf | null) {
  if (!sales) return { qty: (_id: string) => 0, floor: () => 0 };
  const version = sales.prepare('SELECT total_changes()').pluck();
  const dataVersion = sales.prepare('PRAGMA data_version').pluck();
  const sums = sales.prepare(`WITH pending (ref_id) AS (
      SELECT ref_id FROM outbox WHERE acked_at IS NULL AND kind = 'order'
      UNION ALL
      SELECT ref_id FROM outbox WHERE id >= @floor AND acked_at IS NOT NULL AND acked_at >= @at AND kind = 'order'
    )
    SELECT l.product_id AS id, sum(l.qty) AS qty FROM pending p JOIN order_lines l ON l.order_id = p.ref_id GROUP BY l.product_id`);
  const floor = sales
    .prepare(
      `SELECT coalesce((SELECT min(id) FROM outbox WHERE acked_at IS NULL), (SELECT coalesce(max(id), 0) + 1 FROM outbox))`,
    )
    .pluck();
  let key = '';
  let map = new Map<string, number>();
  return {
    qty(id: string): number {
      const mark = asOf();
      const k = `${version.get() as number}:${dataVersion.get() as number}:${mark?.at}:${mark?.outboxFloor}`;
      if (k !== key) {
        // Before the first completed pull there is no mark: only unacked orders count.
        const params = mark
          ? { floor: mark.outboxFloor, at: mark.at }
          : { floor: Number.MAX_SAFE_INTEGER, at: Number.MAX_SAFE_INTEGER };
        map = new Map((sums.all(params) as { id: string; qty: number }[]).map((r) => [r.id, r.qty]));
        key = k;
      }
      return map.get(id) ?? 0;
    },
    floor: () => Number(floor.get()),
  };
}
