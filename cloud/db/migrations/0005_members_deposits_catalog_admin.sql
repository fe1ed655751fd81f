-- 0005: code on top of 0003's tables — member stored value (an outlet-side ledger account for the cash
-- taken at the counter, members in the change feed, overdrafts found at sync), deposits with a status and
-- channel callbacks, and the agent/outlet catalog administration (markup rules, deep categories).
-- Money columns are bigint fen; time columns are bigint epoch ms (UTC).

-- ---- members ----
-- outlet_member_cash: the other side of every member stored-value movement of one outlet. A top-up paid in
-- cash at the counter debits it and credits the member; a spend debits the member and credits it back. So
-- its posted balance is always minus the stored value the outlet still owes its members (never no_overdraft).
ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check
  CHECK (kind IN ('outlet_prepaid', 'agent_commission', 'supplier_receivable', 'platform', 'member_stored_value', 'outlet_member_cash'));

ALTER TABLE catalog_changes DROP CONSTRAINT catalog_changes_entity_check;
ALTER TABLE catalog_changes ADD CONSTRAINT catalog_changes_entity_check CHECK (entity IN ('product', 'category', 'stock', 'member'));

ALTER TABLE members ADD COLUMN updated_at bigint NOT NULL DEFAULT 0;
CREATE INDEX members_outlet_phone_idx ON members(outlet_id, phone);

-- order_id: the pushed order whose offline member payment the stored value could not cover.
-- beyond_allowance: the shortfall was larger than the member's offline allowance (the POS should not have let it happen).
ALTER TABLE member_overdrafts ADD COLUMN order_id uuid REFERENCES orders(id);
ALTER TABLE member_overdrafts ADD COLUMN beyond_allowance boolean NOT NULL DEFAULT false;
-- how the debt was settled ('topup' = taken from the member's next top-up)
ALTER TABLE member_overdrafts ADD COLUMN resolution text;

-- ---- deposits (加款) ----
-- pending: the pending transfers (channel → outlet prepaid, channel → fees) reserve the credit;
-- confirmed: the channel's signed callback posted them; failed: it voided them. Exactly one resolution.
ALTER TABLE deposits ADD COLUMN status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'failed'));
ALTER TABLE deposits ADD COLUMN employee_id uuid REFERENCES employees(id);
ALTER TABLE deposits ADD COLUMN channel_ref text CHECK (length(channel_ref) <= 128);
ALTER TABLE deposits ADD COLUMN resolved_at bigint;
ALTER TABLE deposits ADD CONSTRAINT deposits_resolved_check CHECK ((status = 'pending') = (resolved_at IS NULL));

-- Channel callbacks seen, keyed by the channel's own callback id: a replay is recognised and ignored.
CREATE TABLE deposit_callbacks (
  channel_id   text NOT NULL REFERENCES deposit_channels(id),
  callback_id  text NOT NULL CHECK (length(callback_id) BETWEEN 1 AND 128),
  deposit_id   uuid,
  outcome      text NOT NULL,
  received_at  bigint NOT NULL,
  PRIMARY KEY (channel_id, callback_id)
);

-- ---- catalog administration ----
-- An agent's markup rules: per goods source, or per source kind (a category of goods: topup, gamecard,
-- physical); fixed fen or basis points of the supply price. The most specific rule wins (source > kind).
-- agent_markups (0001) stays the resolved per-source figure every price reader uses; rules rewrite it.
CREATE TABLE agent_markup_rules (
  agent_id    uuid NOT NULL REFERENCES organizations(id),
  scope       text NOT NULL CHECK (scope IN ('source', 'kind')),
  target      text NOT NULL CHECK (length(target) BETWEEN 1 AND 64),
  basis       text NOT NULL CHECK (basis IN ('fixed', 'bps')),
  value       bigint NOT NULL CHECK (value >= 0 AND (basis = 'fixed' OR value <= 100000)),
  updated_at  bigint NOT NULL,
  PRIMARY KEY (agent_id, scope, target)
);

-- Which organisation last edited a category (the agent or the outlet: both may, without asking anyone).
ALTER TABLE categories ADD COLUMN edited_by uuid REFERENCES organizations(id);
CREATE INDEX categories_parent_idx ON categories(parent_id);
