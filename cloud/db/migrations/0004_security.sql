-- 0004: security — employee limits and second factors, IP binding, known IPs, hash-chained audit log,
-- recorded e-mail / SMS, verification codes, money movements (for the daily cap).

-- Super password (超级密码): a second scrypt hash, with its own failure counter and lockout.
ALTER TABLE employees ADD COLUMN super_password_hash text;
ALTER TABLE employees ADD COLUMN factor_failures integer NOT NULL DEFAULT 0 CHECK (factor_failures >= 0);
ALTER TABLE employees ADD COLUMN factor_locked_until bigint;
-- Per-employee limits, integer fen. NULL max discount = no discount allowed beyond the role; 0 cap = no movement.
ALTER TABLE employees ADD COLUMN max_discount_fen bigint NOT NULL DEFAULT 0 CHECK (max_discount_fen >= 0);
ALTER TABLE employees ADD COLUMN daily_transfer_cap_fen bigint NOT NULL DEFAULT 0 CHECK (daily_transfer_cap_fen >= 0);
-- TOTP (RFC 6238): base32 secret; pending until the first code confirms it. totp_last_step makes a code
-- usable at most once: a code is accepted only for a step strictly greater than the last accepted one.
ALTER TABLE employees ADD COLUMN totp_secret text;
ALTER TABLE employees ADD COLUMN totp_pending_secret text;
ALTER TABLE employees ADD COLUMN totp_last_step bigint;
-- IP binding: empty = any address; otherwise the client address must fall in one of these CIDRs.
ALTER TABLE employees ADD COLUMN ip_allowlist text[] NOT NULL DEFAULT '{}';
ALTER TABLE employees ADD COLUMN phone text;
ALTER TABLE employees ADD COLUMN phone_verified_at bigint;
ALTER TABLE employees ADD COLUMN email text;
ALTER TABLE employees ADD COLUMN email_verified_at bigint;
ALTER TABLE employees ADD COLUMN disabled_at bigint;
ALTER TABLE employees ADD COLUMN created_by uuid REFERENCES employees(id);

-- Client addresses an employee has used after proving the super password there (or the first one).
CREATE TABLE employee_known_ips (
  employee_id    uuid NOT NULL REFERENCES employees(id),
  ip             text NOT NULL,
  first_seen_at  bigint NOT NULL,
  PRIMARY KEY (employee_id, ip)
);

-- A session opened from an address the employee has not used before stays unconfirmed until the super
-- password is given from it.
ALTER TABLE sessions ADD COLUMN ip text;
ALTER TABLE sessions ADD COLUMN ip_confirmed boolean NOT NULL DEFAULT true;
CREATE INDEX sessions_employee_idx ON sessions(employee_id);
CREATE INDEX sessions_device_idx ON sessions(device_id);

-- Append-only, hash-chained audit log, one chain per organisation. hash = sha256(prev_hash || canonical
-- JSON of the row's fields); the first row of an org chains from 64 zeros. Writers take
-- pg_advisory_xact_lock(hashtext('audit:' || org_id)) so the chain has one tail.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES organizations(id),
  at           bigint NOT NULL,
  actor_id     uuid,
  device_id    uuid,
  ip           text,
  action       text NOT NULL,
  target       text,
  outcome      text NOT NULL CHECK (outcome IN ('ok', 'refused')),
  error_code   text,
  before       jsonb,
  after        jsonb,
  details      jsonb,
  prev_hash    text NOT NULL,
  hash         text NOT NULL UNIQUE
);
CREATE INDEX audit_log_org_idx ON audit_log(org_id, id);

-- Append-only is enforced by the database too: UPDATE and DELETE raise. (Someone with table-owner rights
-- can still disable the trigger; the hash chain is what reveals that.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- What the recording e-mail / SMS providers "sent" (tests and the owner's screen read these).
CREATE TABLE email_messages (
  id          bigserial PRIMARY KEY,
  org_id      uuid REFERENCES organizations(id),
  to_address  text NOT NULL,
  subject     text NOT NULL,
  body        text NOT NULL,
  kind        text NOT NULL,
  created_at  bigint NOT NULL
);
CREATE TABLE sms_messages (
  id          bigserial PRIMARY KEY,
  phone       text NOT NULL,
  body        text NOT NULL,
  created_at  bigint NOT NULL
);

-- One-time codes sent by SMS / e-mail. Only sha256(code) is stored; attempts are bounded.
CREATE TABLE verification_codes (
  id           bigserial PRIMARY KEY,
  employee_id  uuid NOT NULL REFERENCES employees(id),
  purpose      text NOT NULL CHECK (purpose IN ('phone', 'email', 'recovery')),
  target       text NOT NULL,
  code_hash    text NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  expires_at   bigint NOT NULL,
  used_at      bigint,
  created_at   bigint NOT NULL
);
CREATE INDEX verification_codes_emp_idx ON verification_codes(employee_id, purpose);

-- Every money movement an employee made, for the daily cap (the balances live in the prepaid ledger).
CREATE TABLE money_movements (
  id           uuid PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES organizations(id),
  employee_id  uuid NOT NULL REFERENCES employees(id),
  to_account   text NOT NULL,
  amount       bigint NOT NULL CHECK (amount > 0),
  ledger_ref   text,
  created_at   bigint NOT NULL
);
CREATE INDEX money_movements_emp_idx ON money_movements(employee_id, created_at);
