-- sales.db 0007: closed shifts (交班) travel to the cloud through the outbox, like orders. outbox.kind gains
-- 'shift' (ref_id: the shift's id, payload: the ShiftWire of shared/sync/protocol.ts), enqueued in the SAME
-- transaction as the close, behind every order rung up before it.
-- SQLite cannot change a CHECK in place: the table is rebuilt. Ids are kept (the queue's order and the
-- catalog's outbox floor depend on them), every row keeps every column, and AUTOINCREMENT goes on from the
-- highest id (rows are never deleted, so that is the last one ever handed out). Nothing references outbox.
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
