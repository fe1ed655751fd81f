-- catalog.db 0003: the phone prefix table (号段 → carrier, province, city), pulled from the cloud's prefix
-- feed by version cursor (sync_state 'prefixes.cursor'), so the carrier of a number is known offline and
-- across restarts. Cloud-owned and rebuildable like the rest of catalog.db. A prefix is a hint only: with
-- number portability (携号转网) the supplier's answer decides.
CREATE TABLE phone_prefixes (
  prefix   TEXT PRIMARY KEY CHECK (length(prefix) BETWEEN 3 AND 7),
  carrier  TEXT NOT NULL CHECK (carrier IN ('cmcc', 'cucc', 'ctcc', 'cbn')),
  province TEXT,
  city     TEXT
) STRICT, WITHOUT ROWID;
