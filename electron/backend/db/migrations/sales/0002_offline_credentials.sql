-- Offline login (issue 4). After each ONLINE login the POS keeps a verifier of the employee's password
-- (scrypt with a per-employee random salt; never the password) and the employee as the cloud described
-- it then (permissions included). Within the cloud's offline window after that login, the employee can
-- log in on this PC while the cloud is unreachable. Times are UTC epoch ms.
CREATE TABLE offline_credentials (
  username         TEXT PRIMARY KEY,
  employee_id      TEXT NOT NULL UNIQUE,
  -- "scrypt$N$r$p$salt$hash" (base64url): the parameters travel with the hash
  verifier         TEXT NOT NULL,
  -- the employee (id, name, isMaster, permissions) as returned by that online login
  employee_json    TEXT NOT NULL,
  online_login_at  INTEGER NOT NULL,
  -- the cloud's policy at that login: offline login is allowed until online_login_at + window
  window_ms        INTEGER NOT NULL CHECK (window_ms >= 0),
  -- wrong offline passwords since the last online login; at the limit offline login is refused
  failed_attempts  INTEGER NOT NULL DEFAULT 0
) STRICT;
