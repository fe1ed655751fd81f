-- catalog.db 0004: the outlet's members (internet cafés) as the cloud last published them in the change
-- feed (entity 'member'). Cloud-owned and rebuildable like the rest of catalog.db: only the feed writes
-- here. balance is the cloud's figure at that seq (stored value minus unpaid overdraft, may be negative);
-- the balance shown at the counter also subtracts this device's member spends the cloud has not reflected
-- yet (electron/backend/members/pending-spends.ts reads those from sales.db).
CREATE TABLE members (
  id                TEXT PRIMARY KEY,
  card_no           TEXT NOT NULL,
  phone             TEXT,
  -- the phone number reversed, so "last 4 digits" is an index range scan (a card reader types the card
  -- number; staff often ask for the last digits of the phone)
  phone_rev         TEXT,
  name              TEXT NOT NULL,
  level             TEXT NOT NULL,
  -- 10000 = no discount, 9500 = 5% off
  discount_bps      INTEGER NOT NULL CHECK (discount_bps BETWEEN 0 AND 10000),
  balance           INTEGER NOT NULL,
  offline_allowance INTEGER NOT NULL CHECK (offline_allowance >= 0),
  seq               INTEGER NOT NULL
) STRICT;
-- Not unique: card numbers can move between members, and the feed applies one change at a time.
CREATE INDEX members_card_no ON members (card_no);
CREATE INDEX members_phone ON members (phone);
CREATE INDEX members_phone_rev ON members (phone_rev);
CREATE INDEX members_name ON members (name);
