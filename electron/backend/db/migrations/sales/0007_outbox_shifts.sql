-- sales.db 0007: closed shifts (交班) travel to the cloud through the outbox, like orders. outbox.kind gains
-- 'shift' (ref_id: the shift's id, payload: the ShiftWire of shared/sync/protocol.ts), enqueued in the SAME
-- transaction as the close, behind every order rung up before it.
-- SQLite cannot change a CHECK in place: the table is rebuilt. Ids are kept (the queue's order and the
-- catalog's outbox floor depend on them), every row keeps every column, and AUTOINCREMENT goes on from the
-- highest id (rows are never deleted, so that is the last one ever handed out). Nothing references outbox.
-- Shifts closed before this migration are enqueued too, oldest first, after every row already queued (so
-- after the orders rung up in them), with the same payload shifts/wire.ts builds at a close.
CREATE TABLE outbox_0007 (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL CHECK (kind IN ('order', 'shift')),
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
INSERT INTO outbox_0007 (id, kind, ref_id, payload, created_at, attempts, next_attempt_at, last_error, acked_at, server_id, failed_at)
  SELECT id, kind, ref_id, payload, created_at, attempts, next_attempt_at, last_error, acked_at, server_id, failed_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_0007 RENAME TO outbox;
CREATE INDEX outbox_unacked ON outbox (id) WHERE acked_at IS NULL;

INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at)
SELECT 'shift', s.id, json_object(
    'clientShiftId', s.id, 'openedBy', s.opened_by, 'openedAt', s.opened_at, 'openingFloat', s.opening_float,
    'autoOpened', json(CASE WHEN s.auto_opened = 1 THEN 'true' ELSE 'false' END),
    'closedBy', s.closed_by, 'closedAt', s.closed_at,
    'cashByKind', json_object(
      'sale', (SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE shift_id = s.id AND kind = 'sale'),
      'virtual_sale', (SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE shift_id = s.id AND kind = 'virtual_sale'),
      'virtual_refund', (SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE shift_id = s.id AND kind = 'virtual_refund'),
      'member_topup', (SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE shift_id = s.id AND kind = 'member_topup'),
      'pay_in', (SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE shift_id = s.id AND kind = 'pay_in'),
      'pay_out', (SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE shift_id = s.id AND kind = 'pay_out')),
    'expectedCash', s.expected_cash, 'countedCash', s.counted_cash, 'difference', s.difference,
    'salesCount', (SELECT count(*) FROM orders WHERE shift_id = s.id),
    'salesTotal', (SELECT coalesce(sum(total), 0) FROM orders WHERE shift_id = s.id),
    'note', s.note),
  s.closed_at, s.closed_at
FROM shifts s WHERE s.closed_at IS NOT NULL ORDER BY s.closed_at, s.id;
