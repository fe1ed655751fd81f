-- 0007: resolving member overdrafts (collected by a top-up, or written off by the owner), closing a member
-- (销卡), and expiring deposits the channel never confirmed. Money bigint fen, time bigint epoch ms (UTC).

-- ---- member overdrafts: who settled them, and how ----
-- 'topup' (0005) is renamed 'collected': the member paid the debt back (a top-up repaid it in full).
-- 'written_off': the outlet absorbed it (cloud/members/ledger.ts writeOff, member.balance + super password).
UPDATE member_overdrafts SET resolution = 'collected' WHERE resolution = 'topup';
ALTER TABLE member_overdrafts ADD CONSTRAINT member_overdrafts_resolution_check CHECK (resolution IN ('collected', 'written_off'));
ALTER TABLE member_overdrafts ADD CONSTRAINT member_overdrafts_resolved_check CHECK ((resolved_at IS NULL) = (resolution IS NULL));
-- the employee whose act resolved it (the top-up's or the write-off's); NULL for rows resolved before 0007
ALTER TABLE member_overdrafts ADD COLUMN resolved_by uuid REFERENCES employees(id);
-- the ledger transfer that settled it (the write-off transfer; the top-up for 'collected')
ALTER TABLE member_overdrafts ADD COLUMN resolved_transfer_id uuid;
CREATE INDEX member_overdrafts_member_open_idx ON member_overdrafts(member_id) WHERE resolved_at IS NULL;

-- ---- closing a member (销卡) ----
-- A closed member keeps its row, accounts and history; it is gone from the counter (find, feed) and its
-- stored value can no longer move, except an offline spend found at sync (the sale happened: it becomes an
-- overdraft for the owner). close_client_id makes the close idempotent; close_refund is the cash handed back.
ALTER TABLE members ADD COLUMN closed_at bigint;
ALTER TABLE members ADD COLUMN closed_by uuid REFERENCES employees(id);
ALTER TABLE members ADD COLUMN close_client_id uuid;
ALTER TABLE members ADD COLUMN close_refund bigint NOT NULL DEFAULT 0 CHECK (close_refund >= 0);
ALTER TABLE members ADD CONSTRAINT members_closed_check CHECK ((closed_at IS NULL) = (close_client_id IS NULL));
-- A closed card number may be issued again: unique among open members only.
ALTER TABLE members DROP CONSTRAINT members_outlet_id_card_no_key;
CREATE UNIQUE INDEX members_outlet_card_open_idx ON members(outlet_id, card_no) WHERE closed_at IS NULL;
CREATE INDEX members_outlet_card_idx ON members(outlet_id, card_no);

-- The feed carries a member's close as a 'delete' (the row already allows op 'delete' with no data).

-- ---- deposits that were never confirmed ----
-- expired: the channel did not confirm within the TTL; the sweep voided the pending chain. A later callback
-- is refused (DEPOSIT_EXPIRED) and recorded in deposit_callbacks with outcome 'refused_expired'.
ALTER TABLE deposits DROP CONSTRAINT deposits_status_check;
ALTER TABLE deposits ADD CONSTRAINT deposits_status_check CHECK (status IN ('pending', 'confirmed', 'failed', 'expired'));
CREATE INDEX deposits_pending_idx ON deposits(created_at) WHERE status = 'pending';
