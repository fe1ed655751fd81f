-- catalog.db 0005: utility bills (水电煤, kind 'utility') and what the feed now says about virtual goods:
-- regions: a regional top-up's provinces as a JSON array (["上海市"]); NULL = nationwide. The top-up panel
--          offers it only to numbers whose province (phone_prefixes) is listed.
-- biller:  the company a utility bill is paid to (国网上海市电力公司); the bills tab groups by it.
-- SQLite cannot change products' kind CHECK in place, so the table is rebuilt. rowids are kept, so the
-- external-content FTS (products_fts, content_rowid = rowid) still matches every row and needs no rebuild;
-- the indexes and triggers dropped with the old table are re-created as 0001/0002 left them.
CREATE TABLE products_0005 (
  id           TEXT PRIMARY KEY,
  sku          TEXT NOT NULL,
  barcode      TEXT,
  name         TEXT NOT NULL,
  category_id  TEXT,
  kind         TEXT NOT NULL CHECK (kind IN ('physical', 'topup', 'gamecard', 'utility')),
  unit         TEXT NOT NULL,
  price        INTEGER NOT NULL CHECK (price >= 0),
  face_value   INTEGER,
  carrier      TEXT,
  active       INTEGER NOT NULL CHECK (active IN (0, 1)),
  pinyin       TEXT NOT NULL,
  initials     TEXT NOT NULL,
  initials_all TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  stock        INTEGER,
  regions      TEXT CHECK (regions IS NULL OR json_valid(regions)),
  biller       TEXT
) STRICT;
INSERT INTO products_0005 (rowid, id, sku, barcode, name, category_id, kind, unit, price, face_value, carrier, active, pinyin, initials, initials_all, seq, stock)
  SELECT rowid, id, sku, barcode, name, category_id, kind, unit, price, face_value, carrier, active, pinyin, initials, initials_all, seq, stock FROM products;
DROP TABLE products;
ALTER TABLE products_0005 RENAME TO products;

CREATE INDEX products_barcode ON products (barcode);
CREATE INDEX products_sku ON products (sku);
CREATE INDEX products_initials ON products (initials);
CREATE INDEX products_name ON products (name);
CREATE INDEX products_pinyin ON products (pinyin);
-- the bills tab and the top-up buttons read virtual goods by kind
CREATE INDEX products_kind ON products (kind, carrier, face_value) WHERE kind <> 'physical';

CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN
  INSERT INTO products_fts (rowid, name, sku, pinyin, initials_all)
  VALUES (new.rowid, new.name, new.sku, new.pinyin, new.initials_all);
END;
CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, sku, pinyin, initials_all)
  VALUES ('delete', old.rowid, old.name, old.sku, old.pinyin, old.initials_all);
END;
CREATE TRIGGER products_fts_au AFTER UPDATE OF name, sku, pinyin, initials_all ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, sku, pinyin, initials_all)
  VALUES ('delete', old.rowid, old.name, old.sku, old.pinyin, old.initials_all);
  INSERT INTO products_fts (rowid, name, sku, pinyin, initials_all)
  VALUES (new.rowid, new.name, new.sku, new.pinyin, new.initials_all);
END;
CREATE TRIGGER products_stats_ai AFTER INSERT ON products WHEN new.active = 1 BEGIN
  UPDATE catalog_stats SET active_products = active_products + 1 WHERE singleton = 1;
END;
CREATE TRIGGER products_stats_ad AFTER DELETE ON products WHEN old.active = 1 BEGIN
  UPDATE catalog_stats SET active_products = active_products - 1 WHERE singleton = 1;
END;
CREATE TRIGGER products_stats_au AFTER UPDATE OF active ON products WHEN old.active <> new.active BEGIN
  UPDATE catalog_stats SET active_products = active_products + new.active - old.active WHERE singleton = 1;
END;

-- Interrupted initial sync (bulk-load mode, catalog/bulk-load.ts): its rows were loaded without FTS entries,
-- and the FTS triggers are live again from here on, so the index is rebuilt from the table now (finish()
-- rebuilds it again and re-creates only what is missing).
INSERT INTO products_fts (products_fts) SELECT 'rebuild' WHERE EXISTS (SELECT 1 FROM sync_state WHERE key = 'catalog.bulkLoad');
