-- 0006: the rest of the security layer — device approval per outlet, short sessions with an idle timeout
-- and rotation, SMS codes for password recovery and for changing security settings, and audit rows for
-- refused signatures (which may come from no known organisation) with a per-address rate limit.

-- ---- device approval ----
-- When set, every new device of the outlet starts 'pending' until the master approves it, even one the
-- master registered himself (a stolen master password alone then cannot add a till).
ALTER TABLE organizations ADD COLUMN new_devices_need_approval boolean NOT NULL DEFAULT false;

-- ---- sessions ----
-- expires_at stays the absolute end (12 h from login, never extended by a refresh); idle_expires_at moves
-- forward with use (30 min); NULL = never used since login, i.e. created_at + the idle window. A refresh
-- replaces the token: the old hash is deleted in the same transaction.
ALTER TABLE sessions ADD COLUMN idle_expires_at bigint;

-- ---- one-time codes ----
-- 'sensitive': the SMS code asked, besides the super password, before security settings change.
ALTER TABLE verification_codes DROP CONSTRAINT verification_codes_purpose_check;
ALTER TABLE verification_codes ADD CONSTRAINT verification_codes_purpose_check CHECK (purpose IN ('phone', 'email', 'recovery', 'sensitive'));
-- Sending is rate-limited per employee and purpose by counting recent rows.
CREATE INDEX verification_codes_sent_idx ON verification_codes(employee_id, purpose, created_at);

-- ---- audit of refused signatures ----
-- A forged request may name no known device, so its row belongs to no organisation: org_id NULL is the
-- platform's own chain (chained like any organisation's).
ALTER TABLE audit_log ALTER COLUMN org_id DROP NOT NULL;
CREATE INDEX audit_log_platform_idx ON audit_log(id) WHERE org_id IS NULL;

-- How many refused-signature rows each client address wrote per minute: beyond the limit further refusals
-- of that minute are counted here, not written, so a flood cannot grow the log without bound.
CREATE TABLE signature_refusal_counts (
  ip         text NOT NULL,
  minute     bigint NOT NULL,
  written    integer NOT NULL DEFAULT 0,
  suppressed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (ip, minute)
);
