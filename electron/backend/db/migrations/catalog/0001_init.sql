-- catalog.db: a cache of cloud-owned data (synchronous=NORMAL). Rebuildable from the cloud at any time.

CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE categories (
  id        TEXT PRIMARY KEY,
  parent_id TEXT,
  name      TEXT NOT NULL,
  sort      INTEGER NOT NULL
) STRICT;

-- pinyin: full pinyin without tones or spaces; initials: the most likely initials;
-- initials_all: every plausible initials spelling (multi-reading characters), space-separated.
-- All three are computed at import so searching never runs pinyin-pro.
CREATE TABLE products (
  id           TEXT PRIMARY KEY,
  sku          TEXT NOT NULL,
  barcode      TEXT,
  name         TEXT NOT NULL,
  category_id  TEXT,
  kind         TEXT NOT NULL CHECK (kind IN ('physical', 'topup', 'gamecard')),
  unit         TEXT NOT NULL,
  price        INTEGER NOT NULL CHECK (price >= 0),
  face_value   INTEGER,
  carrier      TEXT,
  active       INTEGER NOT NULL CHECK (active IN (0, 1)),
  pinyin       TEXT NOT NULL,
  initials     TEXT NOT NULL,
  initials_all TEXT NOT NULL,
  seq          INTEGER NOT NULL
) STRICT;
CREATE INDEX products_barcode ON products (barcode);
CREATE INDEX products_sku ON products (sku);
CREATE INDEX products_initials ON products (initials);
CREATE INDEX products_name ON products (name);
CREATE INDEX products_pinyin ON products (pinyin);

-- Trigram FTS over the searchable text; external content kept in step by triggers.
CREATE VIRTUAL TABLE products_fts USING fts5 (
  name, sku, pinyin, initials_all,
  content = 'products', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN
  INSERT INTO products_fts (rowid, name, sku, pinyin, initials_all)
  VALUES (new.rowid, new.name, new.sku, new.pinyin, new.initials_all);
END;
CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, sku, pinyin, initials_all)
  VALUES ('delete', old.rowid, old.name, old.sku, old.pinyin, old.initials_all);
END;
CREATE TRIGGER products_fts_au AFTER UPDATE ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, sku, pinyin, initials_all)
  VALUES ('delete', old.rowid, old.name, old.sku, old.pinyin, old.initials_all);
  INSERT INTO products_fts (rowid, name, sku, pinyin, initials_all)
  VALUES (new.rowid, new.name, new.sku, new.pinyin, new.initials_all);
END;
