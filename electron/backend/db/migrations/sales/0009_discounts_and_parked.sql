-- sales.db 0009: discounts and price changes (issue 11), the supervisor overrides they were made with, and
-- parked baskets (挂单). Amounts are integer fen, times UTC epoch ms.

-- order_lines: the catalog price when the cashier charged another (改价; NULL = the catalog's) and the line
-- discount; line_total = unit_price × qty − discount. SQLite cannot change a CHECK in place: the table is
-- rebuilt (nothing references order_lines; every row and column is kept, the old rows with no discount).
CREATE TABLE order_lines_0009 (
  order_id   TEXT NOT NULL REFERENCES orders (id),
  line_no    INTEGER NOT NULL CHECK (line_no >= 1),
  product_id TEXT NOT NULL,
  sku        TEXT NOT NULL,
  name       TEXT NOT NULL,
  unit       TEXT NOT NULL,
  qty        INTEGER NOT NULL CHECK (qty >= 1),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  list_price INTEGER CHECK (list_price IS NULL OR (list_price >= 0 AND list_price <> unit_price)),
  discount   INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0 AND discount <= unit_price * qty),
  line_total INTEGER NOT NULL CHECK (line_total = unit_price * qty - discount),
  PRIMARY KEY (order_id, line_no)
) STRICT;
INSERT INTO order_lines_0009 (order_id, line_no, product_id, sku, name, unit, qty, unit_price, line_total)
  SELECT order_id, line_no, product_id, sku, name, unit, qty, unit_price, line_total FROM order_lines;
DROP TABLE order_lines;
ALTER TABLE order_lines_0009 RENAME TO order_lines;
-- order history finds sales of a product
CREATE INDEX order_lines_product ON order_lines (product_id);

-- orders: what `discount` is made of. Before 0009 the only order-level discount was the member's level.
ALTER TABLE orders ADD COLUMN member_discount INTEGER NOT NULL DEFAULT 0 CHECK (member_discount >= 0);
ALTER TABLE orders ADD COLUMN order_discount INTEGER NOT NULL DEFAULT 0 CHECK (order_discount >= 0);
ALTER TABLE orders ADD COLUMN rounding INTEGER NOT NULL DEFAULT 0 CHECK (rounding >= 0);
UPDATE orders SET member_discount = discount;
-- order history finds a member's sales and sorts by amount
CREATE INDEX orders_total ON orders (total);

-- The supervisor overrides a sale (or, later, a return) was made with: who approved which act for whom.
-- Written in the transaction of the act; never changed.
CREATE TABLE overrides (
  ref           TEXT NOT NULL,
  act           TEXT NOT NULL,
  supervisor_id TEXT NOT NULL,
  cashier_id    TEXT NOT NULL,
  at            INTEGER NOT NULL,
  PRIMARY KEY (ref, act),
  CHECK (supervisor_id <> cashier_id)
) STRICT;
CREATE INDEX overrides_at ON overrides (at);
CREATE TRIGGER overrides_no_update BEFORE UPDATE ON overrides BEGIN SELECT RAISE(ABORT, 'overrides are never changed'); END;
CREATE TRIGGER overrides_no_delete BEFORE DELETE ON overrides BEGIN SELECT RAISE(ABORT, 'overrides are never deleted'); END;

-- Parked baskets (挂单): a cart set aside with its member and seat while the customer fetches something, and
-- recalled (取单) from a list later — after an idle lock, a logout or a restart. A basket leaves the list only
-- by a decision: sold (its sale's checkout closes it, in the sale's transaction) or discarded (with a reason,
-- audited); closing fills the closing columns once and freezes the row; a basket is never deleted.
-- While recalled into a cart (recalled_at set) it is off the list; if that cart is cleared, the cashier logs
-- out or the till restarts, it comes back onto the list as it was parked, so a basket is never lost.
-- basket: the cart's lines (catalog item as added, quantity, the cashier's changes), member, order discount
-- and approval, as JSON (electron/backend/sales/parked.ts).
CREATE TABLE parked_baskets (
  id          TEXT PRIMARY KEY,
  parked_at   INTEGER NOT NULL,
  parked_by   TEXT NOT NULL,
  member_id   TEXT,
  member_name TEXT,
  seat        TEXT CHECK (seat IS NULL OR length(seat) BETWEEN 1 AND 8),
  note        TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 100),
  item_count  INTEGER NOT NULL CHECK (item_count >= 1),
  total       INTEGER NOT NULL CHECK (total >= 0),
  basket      TEXT NOT NULL CHECK (json_valid(basket)),
  recalled_at INTEGER,
  recalled_by TEXT,
  closed_at   INTEGER,
  closed_by   TEXT,
  outcome     TEXT CHECK (outcome IN ('sold', 'discarded')),
  order_id    TEXT REFERENCES orders (id),
  reason      TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 100),
  CHECK ((recalled_at IS NULL) = (recalled_by IS NULL)),
  CHECK ((closed_at IS NULL) = (outcome IS NULL) AND (closed_at IS NULL) = (closed_by IS NULL)),
  CHECK ((outcome = 'sold') = (order_id IS NOT NULL))
) STRICT;
CREATE INDEX parked_open ON parked_baskets (parked_at) WHERE closed_at IS NULL;
CREATE TRIGGER parked_closed_frozen BEFORE UPDATE ON parked_baskets WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a sold or discarded basket cannot change'); END;
CREATE TRIGGER parked_no_delete BEFORE DELETE ON parked_baskets BEGIN SELECT RAISE(ABORT, 'parked baskets are never deleted'); END;
