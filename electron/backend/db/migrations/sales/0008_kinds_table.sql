-- sales.db 0008: the lists of kinds live in a table, not in CHECK lists. SQLite cannot change a CHECK in
-- place, so every new kind of record (payments, returns …), cash movement or payment method used to cost a
-- table rebuild. Now the lists are declared once in shared/ (shared/sync/records.ts, shared/cash.ts,
-- shared/payments/methods.ts) and copied into `kinds` at every open (electron/backend/db/kinds.ts),
-- and triggers check each row against it: a new kind is a new entry in shared/, no migration at all.
-- This migration rebuilds outbox, cash_movements and payments one last time to drop their CHECK lists;
-- ids and every column are kept (the queue's order, AUTOINCREMENT and the catalog's outbox floor depend on
-- them), as are their indexes and triggers. Nothing references these three tables.
CREATE TABLE kinds (
  list TEXT NOT NULL CHECK (list IN ('record', 'cash_movement', 'payment_method')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 32),
  -- the entry's rules as JSON, e.g. a cash movement's {"sign":-1,"manual":true}
  spec TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(spec)),
  PRIMARY KEY (list, name)
) STRICT, WITHOUT ROWID;
-- The kinds that existed when this migration was written (the rows below are copied under their rules);
-- every later one arrives from shared/ at open.
INSERT INTO kinds (list, name, spec) VALUES
  ('record', 'order', '{}'),
  ('record', 'shift', '{}'),
  ('cash_movement', 'sale', '{"sign":1,"once":true}'),
  ('cash_movement', 'virtual_sale', '{"sign":1}'),
  ('cash_movement', 'virtual_refund', '{"sign":-1}'),
  ('cash_movement', 'member_topup', '{"sign":1,"member":true,"once":true}'),
  ('cash_movement', 'pay_in', '{"sign":1,"manual":true}'),
  ('cash_movement', 'pay_out', '{"sign":-1,"manual":true}'),
  ('payment_method', 'cash', '{}'),
  ('payment_method', 'member', '{"member":true}');
-- A kind once used stays: rows name it forever.
CREATE TRIGGER kinds_no_delete BEFORE DELETE ON kinds BEGIN SELECT RAISE(ABORT, 'kinds are never deleted'); END;

-- ---- outbox: kind is a record kind of shared/sync/records.ts ----
CREATE TABLE outbox_0008 (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL,
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
INSERT INTO outbox_0008 (id, kind, ref_id, payload, created_at, attempts, next_attempt_at, last_error, acked_at, server_id, failed_at)
  SELECT id, kind, ref_id, payload, created_at, attempts, next_attempt_at, last_error, acked_at, server_id, failed_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_0008 RENAME TO outbox;
CREATE INDEX outbox_unacked ON outbox (id) WHERE acked_at IS NULL;
CREATE TRIGGER outbox_kind_known BEFORE INSERT ON outbox
  WHEN NOT EXISTS (SELECT 1 FROM kinds WHERE list = 'record' AND name = NEW.kind)
  BEGIN SELECT RAISE(ABORT, 'outbox.kind is not a record kind (shared/sync/records.ts)'); END;
CREATE TRIGGER outbox_kind_fixed BEFORE UPDATE OF kind, ref_id ON outbox
  BEGIN SELECT RAISE(ABORT, 'an outbox row keeps its kind and ref'); END;

-- ---- cash_movements: kind is a cash kind of shared/cash.ts, with its sign and its rules ----
CREATE TABLE cash_movements_0008 (
  id          TEXT PRIMARY KEY,
  shift_id    TEXT NOT NULL REFERENCES shifts (id),
  kind        TEXT NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount <> 0),
  ref         TEXT,
  member_id   TEXT,
  reason      TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 100),
  employee_id TEXT NOT NULL,
  at          INTEGER NOT NULL
) STRICT;
INSERT INTO cash_movements_0008 (rowid, id, shift_id, kind, amount, ref, member_id, reason, employee_id, at)
  SELECT rowid, id, shift_id, kind, amount, ref, member_id, reason, employee_id, at FROM cash_movements;
DROP TABLE cash_movements;
ALTER TABLE cash_movements_0008 RENAME TO cash_movements;
CREATE UNIQUE INDEX cash_movements_once ON cash_movements (kind, ref) WHERE ref IS NOT NULL AND kind IN ('sale', 'member_topup');
CREATE INDEX cash_movements_ref ON cash_movements (ref) WHERE ref IS NOT NULL;
CREATE INDEX cash_movements_shift ON cash_movements (shift_id);
CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements BEGIN SELECT RAISE(ABORT, 'cash_movements is append-only'); END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements BEGIN SELECT RAISE(ABORT, 'cash_movements is append-only'); END;
-- The rules the CHECKs of 0006 held, read from the kind's spec: its sign; a manual kind (pay-in/out) has a
-- reason and no ref, every other kind a ref and no reason; a member kind has its member, no other does.
CREATE TRIGGER cash_movements_kind_rules BEFORE INSERT ON cash_movements
BEGIN
  SELECT RAISE(ABORT, 'cash_movements.kind is not a cash movement kind (shared/cash.ts)')
    WHERE NOT EXISTS (SELECT 1 FROM kinds WHERE list = 'cash_movement' AND name = NEW.kind);
  SELECT RAISE(ABORT, 'cash_movements.amount has the wrong sign for its kind')
    FROM kinds WHERE list = 'cash_movement' AND name = NEW.kind AND NEW.amount * json_extract(spec, '$.sign') <= 0;
  SELECT RAISE(ABORT, 'a manual cash movement has a reason and no ref; any other has a ref and no reason')
    FROM kinds WHERE list = 'cash_movement' AND name = NEW.kind
      AND ((coalesce(json_extract(spec, '$.manual'), 0) = 1) <> (NEW.ref IS NULL)
        OR (coalesce(json_extract(spec, '$.manual'), 0) = 1) <> (NEW.reason IS NOT NULL));
  SELECT RAISE(ABORT, 'a member cash movement names its member, and only it does')
    FROM kinds WHERE list = 'cash_movement' AND name = NEW.kind
      AND (coalesce(json_extract(spec, '$.member'), 0) = 1) <> (NEW.member_id IS NOT NULL);
END;

-- ---- payments: method is a payment method of shared/payments/methods.ts ----
CREATE TABLE payments_0008 (
  id        INTEGER PRIMARY KEY,
  order_id  TEXT NOT NULL REFERENCES orders (id),
  method    TEXT NOT NULL,
  amount    INTEGER NOT NULL CHECK (amount >= 0),
  tendered  INTEGER CHECK (tendered >= amount),
  change    INTEGER CHECK (change >= 0),
  member_id TEXT
) STRICT;
INSERT INTO payments_0008 (id, order_id, method, amount, tendered, change, member_id)
  SELECT id, order_id, method, amount, tendered, change, member_id FROM payments;
DROP TABLE payments;
ALTER TABLE payments_0008 RENAME TO payments;
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_member ON payments (member_id) WHERE member_id IS NOT NULL;
CREATE TRIGGER payments_method_rules BEFORE INSERT ON payments
BEGIN
  SELECT RAISE(ABORT, 'payments.method is not a payment method (shared/payments/methods.ts)')
    WHERE NOT EXISTS (SELECT 1 FROM kinds WHERE list = 'payment_method' AND name = NEW.method);
  SELECT RAISE(ABORT, 'a member payment names its member, and only it does')
    FROM kinds WHERE list = 'payment_method' AND name = NEW.method
      AND (coalesce(json_extract(spec, '$.member'), 0) = 1) <> (NEW.member_id IS NOT NULL);
END;
