// The cached catalog in catalog.db: applying change-feed pages, exact lookups and search.
import type { CatalogItem } from '../../../shared/api/contract';
import type { Fen } from '../../../shared/money';
import type { CatalogChange, Product } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';
import { pinyinKeys } from './pinyin';

export interface ProductRow {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  kind: Product['kind'];
  unit: string;
  price: number;
  active: number;
  category_name: string | null;
}

const SELECT_ITEM = `SELECT p.id, p.sku, p.barcode, p.name, p.kind, p.unit, p.price, p.active, c.name AS category_name
  FROM products p LEFT JOIN categories c ON c.id = p.category_id`;

export function toItem(r: ProductRow): CatalogItem {
  return { id: r.id, sku: r.sku, barcode: r.barcode, name: r.name, kind: r.kind, unit: r.unit, price: r.price as Fen, categoryName: r.category_name };
}

/** The highest Unicode code point: `x >= q AND x < q || MAX` is an index-friendly prefix match. */
const MAX_CHAR = '\u{10FFFF}';

export function createCatalogStore(db: Db) {
  const upsertProduct = db.prepare(`INSERT INTO products (id, sku, barcode, name, category_id, kind, unit, price, face_value,
      carrier, active, pinyin, initials, initials_all, seq)
    VALUES (@id, @sku, @barcode, @name, @categoryId, @kind, @unit, @price, @faceValue, @carrier, @active, @pinyin, @initials, @initialsAll, @seq)
    ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode, name = excluded.name,
      category_id = excluded.category_id, kind = excluded.kind, unit = excluded.unit, price = excluded.price,
      face_value = excluded.face_value, carrier = excluded.carrier, active = excluded.active, pinyin = excluded.pinyin,
      initials = excluded.initials, initials_all = excluded.initials_all, seq = excluded.seq`);
  const upsertCategory = db.prepare(`INSERT INTO categories (id, parent_id, name, sort) VALUES (@id, @parentId, @name, @sort)
    ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, sort = excluded.sort`);
  const deleteProduct = db.prepare('DELETE FROM products WHERE id = ?');
  const deleteCategory = db.prepare('DELETE FROM categories WHERE id = ?');
  const getState = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck();
  const setState = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const countActive = db.prepare('SELECT count(*) FROM products WHERE active = 1').pluck();

  const byId = db.prepare(`${SELECT_ITEM} WHERE p.id = ?`);
  const byBarcode = db.prepare(`${SELECT_ITEM} WHERE p.barcode = ? AND p.active = 1 LIMIT 1`);
  const bySku = db.prepare(`${SELECT_ITEM} WHERE p.sku = ? AND p.active = 1 LIMIT 1`);
  const exact = db.prepare(`${SELECT_ITEM} WHERE (p.barcode = @q OR p.sku = @q) AND p.active = 1 LIMIT @limit`);
  const prefix = db.prepare(`SELECT * FROM (
      SELECT id FROM products WHERE initials >= @lq AND initials < @lq || '${MAX_CHAR}' AND active = 1
      UNION SELECT id FROM products WHERE name >= @q AND name < @q || '${MAX_CHAR}' AND active = 1
      UNION SELECT id FROM products WHERE pinyin >= @lq AND pinyin < @lq || '${MAX_CHAR}' AND active = 1
      UNION SELECT id FROM products WHERE sku >= @q AND sku < @q || '${MAX_CHAR}' AND active = 1
    ) LIMIT @limit`).pluck();
  const fts = db.prepare(`SELECT p.id FROM products_fts f JOIN products p ON p.rowid = f.rowid
    WHERE products_fts MATCH @match AND p.active = 1 ORDER BY f.rank LIMIT @limit`).pluck();
  // Short queries (the trigram index needs 3 characters): a bounded substring scan.
  const contains = db.prepare(`SELECT id FROM products WHERE active = 1 AND (
      instr(name, @q) > 0 OR instr(initials_all, @lq) > 0 OR instr(pinyin, @lq) > 0 OR instr(lower(sku), @lq) > 0)
    ORDER BY length(name) LIMIT @limit`).pluck();

  const getItem = (id: string) => {
    const r = byId.get(id) as ProductRow | undefined;
    return r ? toItem(r) : null;
  };

  return {
    cursor(): number {
      return Number(getState.get('catalog.cursor') ?? 0);
    },
    syncedAt(): number | null {
      const v = getState.get('catalog.syncedAt');
      return v === undefined ? null : Number(v);
    },
    productCount(): number {
      return countActive.get() as number;
    },

    /** One page of the feed and the cursor that follows it, in one transaction: a crash resumes cleanly. */
    applyPage: db.transaction((changes: CatalogChange[], nextCursor: number, now: number) => {
      for (const c of changes) {
        if (c.op === 'delete') {
          (c.entity === 'product' ? deleteProduct : deleteCategory).run(c.id);
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
          });
        } else {
          upsertCategory.run(c.data);
        }
      }
      setState.run('catalog.cursor', String(nextCursor));
      setState.run('catalog.syncedAt', String(now));
    }),

    getProduct(id: string): (CatalogItem & { active: boolean }) | null {
      const r = byId.get(id) as ProductRow | undefined;
      return r ? { ...toItem(r), active: r.active === 1 } : null;
    },

    /** Scanner path: exact barcode first, then exact SKU, both by index; active products only. */
    lookup(code: string): CatalogItem | null {
      const r = (byBarcode.get(code) ?? bySku.get(code)) as ProductRow | undefined;
      return r ? toItem(r) : null;
    },

    /**
     * Ranked: exact barcode/SKU, then prefix of initials/name/pinyin/SKU, then trigram substring matches
     * (or, below 3 characters, a bounded substring scan). Active products only.
     */
    search(query: string, limit: number): CatalogItem[] {
      const q = query.trim();
      if (!q) return [];
      const lq = q.toLowerCase();
      const ids = new Set<string>();
      const out: CatalogItem[] = [];
      const take = (id: string) => {
        if (out.length >= limit || ids.has(id)) return;
        const item = getItem(id);
        if (item) {
          ids.add(id);
          out.push(item);
        }
      };
      for (const r of exact.all({ q, limit }) as ProductRow[]) take(r.id);
      if (out.length < limit) for (const id of prefix.all({ q, lq, limit }) as string[]) take(id);
      if (out.length < limit) {
        if ([...q].length >= 3) {
          const match = `"${q.replace(/"/g, '""')}"`;
          for (const id of fts.all({ match, limit: limit + ids.size }) as string[]) take(id);
        } else {
          for (const id of contains.all({ q, lq, limit: limit + ids.size }) as string[]) take(id);
        }
      }
      return out;
    },
  };
}
export type CatalogStore = ReturnType<typeof createCatalogStore>;
