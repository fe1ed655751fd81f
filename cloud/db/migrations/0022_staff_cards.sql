-- 0022: staff cards (员工卡, shared/staff-card.ts). A card alone approves a supervisor override at a till; it never
-- logs anyone in. Only a slow salted hash of the canonical number is kept ("scrypt$N$r$p$salt$key", as passwords)
-- and its last 4 characters for the owner's screen. A salted hash cannot be looked up, so "one card per
-- employee of the org" is checked by comparing against the org's cards (a handful) under the org's lock.
ALTER TABLE employees ADD COLUMN card_hash TEXT;
ALTER TABLE employees ADD COLUMN card_hint TEXT;
ALTER TABLE employees ADD COLUMN card_set_at BIGINT;
CREATE INDEX employees_with_card_idx ON employees(org_id) WHERE card_hash IS NOT NULL;
