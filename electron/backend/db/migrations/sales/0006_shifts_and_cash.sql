-- sales.db 0006: shifts (开班/交班) and every cash movement in the till's drawer. Amounts are integer fen,
-- times UTC epoch ms. Each movement is written in the SAME transaction as what it belongs to (the sale's
-- checkout, the virtual order's journal row, the member top-up's record), so cash never exists without its
-- sale, nor a sale without its cash.

-- One row per shift. A shift is open while closed_at is NULL; closing fills the five closing columns at
-- once and freezes the row. auto_opened = 1: opened by the first sale or cash movement when nobody had
-- opened one (opening float 0), so selling never stops for want of a shift.
CREATE TABLE shifts (
  id            TEXT PRIMARY KEY,
  opened_by     TEXT NOT NULL,
  opened_at     INTEGER NOT NULL,
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  auto_opened   INTEGER NOT NULL DEFAULT 0 CHECK (auto_opened IN (0, 1)),
  closed_at     INTEGER,
  closed_by     TEXT,
  counted_cash  INTEGER CHECK (counted_cash >= 0),
  expected_cash INTEGER,
  difference    INTEGER,
  note          TEXT CHECK (note IS NULL OR length(note) <= 200),
  CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (counted_cash IS NULL)
     AND (closed_at IS NULL) = (expected_cash IS NULL) AND (closed_at IS NULL) = (difference IS NULL)),
  CHECK (difference IS NULL OR difference = counted_cash - expected_cash)
) STRICT;
-- At most one open shift on this till: every open row has the same index key (1), and the index is unique.
CREATE UNIQUE INDEX shifts_one_open ON shifts ((closed_at IS NULL)) WHERE closed_at IS NULL;
CREATE INDEX shifts_closed ON shifts (closed_at) WHERE closed_at IS NOT NULL;
-- A closed shift is history: it cannot change or disappear; an open one may only be closed.
CREATE TRIGGER shifts_closed_frozen BEFORE UPDATE ON shifts WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a closed shift cannot change'); END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts BEGIN SELECT RAISE(ABORT, 'shifts are never deleted'); END;

-- Cash in (+) and out (−) of the drawer, signed fen:
--   sale            a physical sale paid in cash, net of change (ref: the order id)
--   virtual_sale    cash taken for a top-up / game card, at submit (ref: the client order id)
--   virtual_refund  that cash handed back: the order failed, or the cloud refused it (ref: client order id)
--   member_topup    cash put on a member's stored value (ref: the top-up's client id; member_id)
--   pay_in/pay_out  cash put in / taken out by hand, with a reason (备用金, 取现, 买零钱 ...)
CREATE TABLE cash_movements (
  id          TEXT PRIMARY KEY,
  shift_id    TEXT NOT NULL REFERENCES shifts (id),
  kind        TEXT NOT NULL CHECK (kind IN ('sale', 'virtual_sale', 'virtual_refund', 'member_topup', 'pay_in', 'pay_out')),
  amount      INTEGER NOT NULL CHECK (CASE WHEN kind IN ('virtual_refund', 'pay_out') THEN amount < 0 ELSE amount > 0 END),
  ref         TEXT,
  member_id   TEXT,
  reason      TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 100),
  employee_id TEXT NOT NULL,
  at          INTEGER NOT NULL,
  CHECK ((kind IN ('pay_in', 'pay_out')) = (ref IS NULL)),
  CHECK ((kind IN ('pay_in', 'pay_out')) = (reason IS NOT NULL)),
  CHECK ((kind = 'member_topup') = (member_id IS NOT NULL))
) STRICT;
-- Exactly once per thing: one sale movement per order, one per member top-up (a retried top-up the
-- cloud answers as a repeat finds its row and adds nothing). A virtual order's cash may go out and come
-- back in again (refused, then retried under the same id and accepted): its rows are kept exactly by
-- their running sum per ref — cash is taken only while the sum is 0 and handed back only while it is
-- positive (shifts/drawer.ts), so a second "failed" adds nothing.
CREATE UNIQUE INDEX cash_movements_once ON cash_movements (kind, ref) WHERE ref IS NOT NULL AND kind IN ('sale', 'member_topup');
CREATE INDEX cash_movements_ref ON cash_movements (ref) WHERE ref IS NOT NULL;
CREATE INDEX cash_movements_shift ON cash_movements (shift_id);
CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements BEGIN SELECT RAISE(ABORT, 'cash_movements is append-only'); END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements BEGIN SELECT RAISE(ABORT, 'cash_movements is append-only'); END;

-- The shift a sale was made in (whatever it was paid with), for the shift's sales count and total.
-- NULL for sales made before this migration.
ALTER TABLE orders ADD COLUMN shift_id TEXT REFERENCES shifts (id);
CREATE INDEX orders_shift ON orders (shift_id) WHERE shift_id IS NOT NULL;
