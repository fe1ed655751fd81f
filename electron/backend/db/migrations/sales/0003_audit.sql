-- sales.db: the till's append-only, hash-chained audit log (login, logout, checkout, device events).
-- hash = sha256(prev_hash || canonical JSON of the row's content); the first row chains from 64 zeros.
-- Writers append in the same transaction as the act they record.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor_id    TEXT,
  device_id   TEXT,
  action      TEXT NOT NULL,
  target      TEXT,
  outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
  error_code  TEXT,
  details     TEXT,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL UNIQUE
) STRICT;

-- Append-only in the file too: UPDATE and DELETE abort (dropping the triggers is what the chain reveals).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
