-- sales.db: the money file (synchronous=FULL). A sale, its lines, its payment and its outbox row commit
-- together in one transaction here. Amounts are integer fen; times are UTC epoch ms.

-- This PC's registration. At most one row: a data folder belongs to exactly one device.
CREATE TABLE device (
  singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
  device_id       TEXT NOT NULL,
  fingerprint     TEXT NOT NULL,
  public_key      TEXT NOT NULL,
  name            TEXT NOT NULL,
  platform        TEXT NOT NULL,
  outlet_id       TEXT NOT NULL,
  outlet_name     TEXT NOT NULL,
  outlet_timezone TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
  policy_json     TEXT NOT NULL,
  registered_at   INTEGER NOT NULL
) STRICT;

-- id is the UUIDv7 made at checkout and doubles as the cloud's clientOrderId (idempotency key).
CREATE TABLE orders (
  id          TEXT PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  employee_id TEXT NOT NULL,
  subtotal    INTEGER NOT NULL CHECK (subtotal >= 0),
  discount    INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
  total       INTEGER NOT NULL CHECK (total >= 0),
  status      TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed'))
) STRICT;
CREATE INDEX orders_created_at ON orders (created_at);

CREATE TABLE order_lines (
  order_id   TEXT NOT NULL REFERENCES orders (id),
  line_no    INTEGER NOT NULL CHECK (line_no >= 1),
  product_id TEXT NOT NULL,
  sku        TEXT NOT NULL,
  name       TEXT NOT NULL,
  unit       TEXT NOT NULL,
  qty        INTEGER NOT NULL CHECK (qty >= 1),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  line_total INTEGER NOT NULL CHECK (line_total = unit_price * qty),
  PRIMARY KEY (order_id, line_no)
) STRICT;

CREATE TABLE payments (
  id       INTEGER PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id),
  method   TEXT NOT NULL CHECK (method IN ('cash')),
  amount   INTEGER NOT NULL CHECK (amount >= 0),
  tendered INTEGER CHECK (tendered >= amount),
  change   INTEGER CHECK (change >= 0)
) STRICT;
CREATE INDEX payments_order ON payments (order_id);

-- Per-day counter behind the human order number (YYYYMMDD-NNNN), bumped in the checkout transaction.
CREATE TABLE order_counters (
  day  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT;

-- Durable job queue to the cloud. Rows are never deleted: acked rows keep acked_at and server_id;
-- rows that can never succeed are parked (failed_at) and surfaced, not dropped.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL CHECK (kind IN ('order')),
  ref_id          TEXT NOT NULL UNIQUE,
  payload         TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  acked_at        INTEGER,
  server_id       TEXT,
  failed_at       INTEGER
) STRICT;
CREATE INDEX outbox_unacked ON outbox (id) WHERE acked_at IS NULL;
