-- sales.db 0010: returns and voids (退货 / 作废). A return is written in ONE transaction with its cash
-- movement (kind 'sale_return', the cash handed back), its outbox row (kind 'return') and its audit row, and is
-- never changed or deleted. Amounts are integer fen.
CREATE TABLE returns (
  id          TEXT PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  employee_id TEXT NOT NULL,
  -- the original sale (NULL: a return without a receipt, 无单退货)
  order_id    TEXT REFERENCES orders (id),
  reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 32),
  total       INTEGER NOT NULL CHECK (total >= 0),
  shift_id    TEXT REFERENCES shifts (id)
) STRICT;
CREATE INDEX returns_order ON returns (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX returns_created ON returns (created_at);
CREATE INDEX returns_shift ON returns (shift_id) WHERE shift_id IS NOT NULL;

CREATE TABLE return_lines (
  return_id     TEXT NOT NULL REFERENCES returns (id),
  line_no       INTEGER NOT NULL CHECK (line_no >= 1),
  order_line_no INTEGER,
  product_id    TEXT NOT NULL,
  sku           TEXT NOT NULL,
  name          TEXT NOT NULL,
  qty           INTEGER NOT NULL CHECK (qty >= 1),
  amount        INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (return_id, line_no)
) STRICT;

CREATE TABLE return_refunds (
  return_id  TEXT NOT NULL REFERENCES returns (id),
  seq        INTEGER NOT NULL CHECK (seq >= 1),
  method     TEXT NOT NULL,
  amount     INTEGER NOT NULL CHECK (amount >= 0),
  member_id  TEXT,
  PRIMARY KEY (return_id, seq)
) STRICT;

CREATE TRIGGER returns_no_update BEFORE UPDATE ON returns BEGIN SELECT RAISE(ABORT, 'returns are never changed'); END;
CREATE TRIGGER returns_no_delete BEFORE DELETE ON returns BEGIN SELECT RAISE(ABORT, 'returns are never deleted'); END;
CREATE TRIGGER return_lines_no_update BEFORE UPDATE ON return_lines BEGIN SELECT RAISE(ABORT, 'returns are never changed'); END;
CREATE TRIGGER return_lines_no_delete BEFORE DELETE ON return_lines BEGIN SELECT RAISE(ABORT, 'returns are never deleted'); END;
CREATE TRIGGER return_refunds_no_update BEFORE UPDATE ON return_refunds BEGIN SELECT RAISE(ABORT, 'returns are never changed'); END;
CREATE TRIGGER return_refunds_no_delete BEFORE DELETE ON return_refunds BEGIN SELECT RAISE(ABORT, 'returns are never deleted'); END;
