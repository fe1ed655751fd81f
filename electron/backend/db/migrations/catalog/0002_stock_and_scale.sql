-- catalog.db 0002: stock snapshots from the cloud, and what a 500k-SKU catalog needs.

-- The cloud's on-hand figure at the last synced feed seq; NULL for goods without stock (virtual goods).
-- Only the feed writes it. The estimate shown at the counter subtracts this device's unsynced sales.
ALTER TABLE products ADD COLUMN stock INTEGER;

-- The number of active products, kept by triggers, so app.status never counts 500k rows.
CREATE TABLE catalog_stats (
  singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
  active_products INTEGER NOT NULL
) STRICT;
INSERT INTO catalog_stats (singleton, active_products) VALUES (1, (SELECT count(*) FROM products WHERE active = 1));
CREATE TRIGGER products_stats_ai AFTER INSERT ON products WHEN new.active = 1 BEGIN
  UPDATE catalog_stats SET active_products = active_products + 1 WHERE singleton = 1;
END;
CREATE TRIGGER products_stats_ad AFTER DELETE ON products WHEN old.active = 1 BEGIN
  UPDATE catalog_stats SET active_products = active_products - 1 WHERE singleton = 1;
END;
CREATE TRIGGER products_stats_au AFTER UPDATE OF active ON products WHEN old.active <> new.active BEGIN
  UPDATE catalog_stats SET active_products = active_products + new.active - old.active WHERE singleton = 1;
END;

-- Re-index the text only when searchable text changes: a stock or price update must not rewrite the FTS.
DROP TRIGGER products_fts_au;
CREATE TRIGGER products_fts_au AFTER UPDATE OF name, sku, pinyin, initials_all ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, sku, pinyin, initials_all)
  VALUES ('delete', old.rowid, old.name, old.sku, old.pinyin, old.initials_all);
  INSERT INTO products_fts (rowid, name, sku, pinyin, initials_all)
  VALUES (new.rowid, new.name, new.sku, new.pinyin, new.initials_all);
END;
