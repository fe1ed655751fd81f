-- sales.db 0004: member stored-value payments, seat numbers, and this device's virtual orders.

-- Seat number of an internet-café order ("A23": snacks delivered to the seat). Printed on the receipt and
-- carried in the order wire.
ALTER TABLE orders ADD COLUMN seat TEXT CHECK (seat IS NULL OR length(seat) BETWEEN 1 AND 8);

-- payments gains method 'member' (paid from a member's stored value) and the paying member. SQLite cannot
-- change a CHECK in place: the table is rebuilt (nothing references payments; ids are kept).
CREATE TABLE payments_0005 (
  id        INTEGER PRIMARY KEY,
  order_id  TEXT NOT NULL REFERENCES orders (id),
  method    TEXT NOT NULL CHECK (method IN ('cash', 'member')),
  amount    INTEGER NOT NULL CHECK (amount >= 0),
  tendered  INTEGER CHECK (tendered >= amount),
  change    INTEGER CHECK (change >= 0),
  member_id TEXT,
  CHECK ((method = 'member') = (member_id IS NOT NULL))
) STRICT;
INSERT INTO payments_0005 (id, order_id, method, amount, tendered, change)
  SELECT id, order_id, method, amount, tendered, change FROM payments;
DROP TABLE payments;
ALTER TABLE payments_0005 RENAME TO payments;
CREATE INDEX payments_order ON payments (order_id);
-- the unsynced spends of one member are summed at every member lookup and member checkout
CREATE INDEX payments_member ON payments (member_id) WHERE member_id IS NOT NULL;

-- This device's virtual orders (top-ups, game cards), journalled BEFORE the cloud is asked, so an order
-- whose answer was lost (timeout, dropped network) can still be found and followed: its status arrives
-- later from the cloud's virtual-order feed, matched on client_order_id. Rows are never deleted.
--   unconfirmed: asked, no answer yet (the cloud may or may not have it)
--   refused:     the cloud answered with a refusal (nothing was charged)
CREATE TABLE virtual_orders (
  client_order_id TEXT PRIMARY KEY,
  -- the cloud's order id, once known
  id              TEXT UNIQUE,
  product_id      TEXT NOT NULL,
  product_name    TEXT NOT NULL,
  phone           TEXT,
  employee_id     TEXT NOT NULL,
  submitted_at    INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('unconfirmed', 'refused', 'pending', 'success', 'failed', 'stuck')),
  status_reason   TEXT,
  face_value      INTEGER,
  cost            INTEGER,
  escalated       INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
  -- {"status": "open"|"compensated"|"rejected", "resolution": text|null} or NULL
  complaint       TEXT,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX virtual_orders_submitted ON virtual_orders (submitted_at);

-- Where this device is in the cloud's virtual-order feed (GET /v1/virtual/changes?cursor=).
CREATE TABLE virtual_feed (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  cursor    INTEGER NOT NULL
) STRICT;
