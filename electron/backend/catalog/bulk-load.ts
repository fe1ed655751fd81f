// The initial sync's bulk-load mode for catalog.db. Writing 500k products row by row into five B-trees
// and a trigram FTS index costs minutes; writing them into the bare table and building the search
// structures once at the end costs seconds. So, for an INITIAL sync only (empty catalog, cursor 0):
//
//   begin()  — one transaction: the definitions of the deferred objects (the products indexes other than
//              the scanner's barcode/SKU ones, and the triggers that feed products_fts) are saved in
//              sync_state under BULK_FLAG, then dropped. The flag's presence IS the mode.
//   ...pages are applied as usual (each page with its cursor in one transaction: a crash resumes)...
//   finish() — one transaction: the saved indexes are re-created, products_fts is rebuilt from the table
//              (FTS5 'rebuild'), the saved triggers are re-created and the flag is deleted. A crash during
//              it rolls all of it back, the flag is still there, and the next pull runs finish() again:
//              idempotent and detectable.
//
// While the flag is set, exact barcode/SKU lookups keep their indexes (the cashier can scan), and search
// falls back to bounded paths (see store.ts). After finish() delta syncs maintain everything row by row.
// The definitions are read from sqlite_master rather than repeated here, so a later migration that changes
// an index or trigger is restored exactly as it was migrated.
import type { Db } from '../db/open';

export const BULK_FLAG = 'catalog.bulkLoad';
/** Kept during the load: the scanner's exact lookups (cart.scan) must stay index lookups. */
const KEPT_INDEXES = ['products_barcode', 'products_sku'];

interface Deferred {
  type: 'index' | 'trigger';
  name: string;
  sql: string;
}

export function createBulkLoad(db: Db) {
  const flag = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck();
  const setFlag = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)');
  const clearFlag = db.prepare('DELETE FROM sync_state WHERE key = ?');
  const anyProduct = db.prepare('SELECT 1 FROM products LIMIT 1').pluck();
  const deferrable = db.prepare(`SELECT type, name, sql FROM sqlite_master
    WHERE tbl_name = 'products' AND sql IS NOT NULL
      AND ((type = 'index' AND name NOT IN (${KEPT_INDEXES.map(() => '?').join(', ')}))
        OR (type = 'trigger' AND sql LIKE '%products_fts%'))
    ORDER BY type, name`);

  return {
    /** True from begin() until a finish() has committed (also after a crash in between). */
    active(): boolean {
      return flag.get(BULK_FLAG) !== undefined;
    },

    /** Enters bulk mode if the catalog is empty; returns whether it did. No-op (true) if already in it. */
    begin: db.transaction((): boolean => {
      if (flag.get(BULK_FLAG) !== undefined) return true;
      if (anyProduct.get() !== undefined) return false;
      const objects = deferrable.all(...KEPT_INDEXES) as Deferred[];
      setFlag.run(BULK_FLAG, JSON.stringify(objects));
      for (const o of objects) db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} IF EXISTS "${o.name}"`);
      return true;
    }),

    /** Builds what begin() deferred, in one transaction. Safe to call again after a crash mid-way. */
    finish: db.transaction((): void => {
      const saved = flag.get(BULK_FLAG) as string | undefined;
      if (saved === undefined) return;
      const objects = JSON.parse(saved) as Deferred[];
      // Indexes first (one sort each), then the FTS from the table in one pass, then its triggers.
      for (const o of objects)
        if (o.type === 'index') db.exec(o.sql.replace(/^CREATE (UNIQUE )?INDEX /i, 'CREATE $1INDEX IF NOT EXISTS '));
      db.exec("INSERT INTO products_fts (products_fts) VALUES ('rebuild')");
      for (const o of objects)
        if (o.type === 'trigger') db.exec(o.sql.replace(/^CREATE TRIGGER /i, 'CREATE TRIGGER IF NOT EXISTS '));
      clearFlag.run(BULK_FLAG);
    }),
  };
}
export type BulkLoad = ReturnType<typeof createBulkLoad>;
