-- 0003: the platform: the prepaid ledger (TigerBeetle's model), deposit channels, virtual orders with
-- supplier fulfilment and complaints, members with stored value, and phone-number prefixes.
-- Money columns are bigint fen; time columns are bigint epoch ms (UTC).

-- ---- the ledger ----
-- An account holds four counters that only the ledger code moves, always in the same transaction as the
-- transfer that explains the move (so every counter is re-derivable from ledger_transfers; the invariant
-- check in cloud/ledger/invariant.ts does exactly that). Amounts never go negative; a balance is a
-- difference of counters. no_overdraft = TigerBeetle's debits_must_not_exceed_credits.
CREATE TABLE ledger_accounts (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('outlet_prepaid', 'agent_commission', 'supplier_receivable', 'platform', 'member_stored_value')),
  org_id           uuid REFERENCES organizations(id),
  member_id        uuid,
  -- what a platform account is for ('bank', 'fees', 'compensation'); '' for the others
  purpose          text NOT NULL DEFAULT '',
  no_overdraft     boolean NOT NULL,
  debits_pending   bigint NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  debits_posted    bigint NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_pending  bigint NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  credits_posted   bigint NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  created_at       bigint NOT NULL,
  -- the database itself refuses an overdraft, even if application code were wrong
  CONSTRAINT ledger_accounts_no_overdraft CHECK (NOT no_overdraft OR debits_posted + debits_pending <= credits_posted)
);
CREATE INDEX ledger_accounts_org_idx ON ledger_accounts(org_id, kind);

-- Transfers are immutable (a trigger refuses UPDATE and DELETE). id is the client's idempotency key.
-- kind: 'single' posts at once; 'pending' reserves (moves *_pending); 'post_pending' / 'void_pending'
-- resolve a pending transfer exactly once (the partial unique index decides races).
CREATE TABLE ledger_transfers (
  id                 uuid PRIMARY KEY,
  debit_account_id   uuid NOT NULL REFERENCES ledger_accounts(id),
  credit_account_id  uuid NOT NULL REFERENCES ledger_accounts(id),
  amount             bigint NOT NULL CHECK (amount >= 0),
  kind               text NOT NULL CHECK (kind IN ('single', 'pending', 'post_pending', 'void_pending')),
  pending_id         uuid REFERENCES ledger_transfers(id),
  linked             boolean NOT NULL DEFAULT false,
  code               text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  ref                text CHECK (length(ref) <= 200),
  created_at         bigint NOT NULL,
  CHECK (debit_account_id <> credit_account_id),
  CHECK ((kind IN ('post_pending', 'void_pending')) = (pending_id IS NOT NULL)),
  CHECK (kind IN ('post_pending', 'void_pending') OR amount > 0)
);
CREATE UNIQUE INDEX ledger_transfers_resolve_once ON ledger_transfers(pending_id) WHERE pending_id IS NOT NULL;
CREATE INDEX ledger_transfers_debit_idx ON ledger_transfers(debit_account_id, created_at);
CREATE INDEX ledger_transfers_credit_idx ON ledger_transfers(credit_account_id, created_at);
CREATE INDEX ledger_transfers_ref_idx ON ledger_transfers(ref) WHERE ref IS NOT NULL;

CREATE FUNCTION ledger_transfers_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_transfers are immutable';
END;
$$;
CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_transfers_immutable();

-- ---- deposits (加款) ----
-- fee = round(amount * fee_bps / 10000) + fee_fixed; the outlet is credited amount - fee.
CREATE TABLE deposit_channels (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  fee_bps    integer NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
  fee_fixed  bigint NOT NULL DEFAULT 0 CHECK (fee_fixed >= 0),
  min_amount bigint NOT NULL DEFAULT 100 CHECK (min_amount > 0),
  active     boolean NOT NULL DEFAULT true
);
INSERT INTO deposit_channels (id, name, fee_bps, fee_fixed, min_amount) VALUES
  ('bank_transfer', '银行转账', 0, 0, 10000),
  ('alipay', '支付宝', 60, 0, 100),
  ('wechat', '微信支付', 60, 0, 100),
  ('unionpay', '银联快捷', 30, 200, 1000);

CREATE TABLE deposits (
  id           uuid PRIMARY KEY,
  outlet_id    uuid NOT NULL REFERENCES organizations(id),
  channel_id   text NOT NULL REFERENCES deposit_channels(id),
  amount       bigint NOT NULL CHECK (amount > 0),
  fee          bigint NOT NULL CHECK (fee >= 0),
  payload_sha256 text NOT NULL,
  created_at   bigint NOT NULL,
  CHECK (fee < amount)
);
CREATE INDEX deposits_outlet_idx ON deposits(outlet_id, created_at);

-- ---- virtual orders (top-ups, game cards) ----
CREATE TABLE virtual_orders (
  id                   uuid PRIMARY KEY,
  outlet_id            uuid NOT NULL REFERENCES organizations(id),
  device_id            uuid NOT NULL REFERENCES devices(id),
  client_order_id      uuid NOT NULL,
  payload_sha256       text NOT NULL,
  product_id           uuid NOT NULL REFERENCES products(id),
  source_id            uuid NOT NULL REFERENCES goods_sources(id),
  supplier_id          uuid NOT NULL REFERENCES organizations(id),
  agent_id             uuid NOT NULL REFERENCES organizations(id),
  kind                 text NOT NULL CHECK (kind IN ('topup', 'gamecard')),
  phone                text CHECK (phone ~ '^1[0-9]{10}$'),
  face_value           bigint NOT NULL CHECK (face_value >= 0),
  supply_price         bigint NOT NULL CHECK (supply_price >= 0),
  markup               bigint NOT NULL CHECK (markup >= 0),
  -- what the outlet pays: supply_price + markup, reserved by pending_transfer_id
  cost                 bigint NOT NULL CHECK (cost = supply_price + markup),
  status               text NOT NULL CHECK (status IN ('pending', 'success', 'failed', 'stuck')),
  status_reason        text,
  supplier_ref         text,
  pending_transfer_id  uuid NOT NULL REFERENCES ledger_transfers(id),
  submitted_at         bigint NOT NULL,
  updated_at           bigint NOT NULL,
  -- no supplier answer by this time = stuck; then automatic queries every query interval
  sla_deadline         bigint NOT NULL,
  query_attempts       integer NOT NULL DEFAULT 0,
  next_query_at        bigint,
  escalated_at         bigint,
  -- game-card code (卡密): AES-256-GCM ciphertext (iv.tag.data, base64); delivered once to the ordering device
  card_code_enc        text,
  card_delivered_at    bigint,
  CONSTRAINT virtual_orders_device_client_key UNIQUE (device_id, client_order_id)
);
CREATE INDEX virtual_orders_outlet_idx ON virtual_orders(outlet_id, submitted_at);
CREATE INDEX virtual_orders_open_idx ON virtual_orders(next_query_at) WHERE status IN ('pending', 'stuck');
CREATE UNIQUE INDEX virtual_orders_supplier_ref_idx ON virtual_orders(supplier_id, supplier_ref) WHERE supplier_ref IS NOT NULL;

-- Every status change, in order: the audit trail and the feed the POS polls (seq per outlet is monotonic
-- because writers lock the order row first and the POS asks for seq > cursor of its own orders only).
CREATE TABLE virtual_order_events (
  seq         bigserial PRIMARY KEY,
  order_id    uuid NOT NULL REFERENCES virtual_orders(id),
  outlet_id   uuid NOT NULL REFERENCES organizations(id),
  from_status text,
  to_status   text NOT NULL,
  source      text NOT NULL CHECK (source IN ('submit', 'supplier_answer', 'callback', 'query', 'sla', 'complaint')),
  detail      text,
  created_at  bigint NOT NULL
);
CREATE INDEX virtual_order_events_order_idx ON virtual_order_events(order_id, seq);
CREATE INDEX virtual_order_events_outlet_idx ON virtual_order_events(outlet_id, seq);

-- Supplier callbacks seen, keyed by the supplier's own callback id: a replay is recognised and ignored.
CREATE TABLE supplier_callbacks (
  supplier_id  uuid NOT NULL REFERENCES organizations(id),
  callback_id  text NOT NULL CHECK (length(callback_id) BETWEEN 1 AND 128),
  order_id     uuid,
  outcome      text NOT NULL,
  received_at  bigint NOT NULL,
  PRIMARY KEY (supplier_id, callback_id)
);

-- A complaint (假充: "the customer did not receive it") on a successful order: open → compensated | rejected.
CREATE TABLE virtual_complaints (
  id                         uuid PRIMARY KEY,
  order_id                   uuid NOT NULL UNIQUE REFERENCES virtual_orders(id),
  outlet_id                  uuid NOT NULL REFERENCES organizations(id),
  reason                     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  status                     text NOT NULL CHECK (status IN ('open', 'compensated', 'rejected')),
  resolution                 text,
  compensation_transfer_id   uuid REFERENCES ledger_transfers(id),
  opened_at                  bigint NOT NULL,
  resolved_at                bigint,
  CHECK ((status = 'compensated') = (compensation_transfer_id IS NOT NULL)),
  CHECK ((status = 'open') = (resolved_at IS NULL))
);

-- ---- members (internet cafés): stored value lives in a ledger account ----
CREATE TABLE members (
  id                 uuid PRIMARY KEY,
  outlet_id          uuid NOT NULL REFERENCES organizations(id),
  card_no            text NOT NULL CHECK (length(card_no) BETWEEN 1 AND 32),
  phone              text CHECK (phone ~ '^1[0-9]{10}$'),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  level              text NOT NULL DEFAULT 'normal',
  discount_bps       integer NOT NULL DEFAULT 10000 CHECK (discount_bps BETWEEN 0 AND 10000),
  -- how much a device may let this member spend offline beyond what the cloud last confirmed
  offline_allowance  bigint NOT NULL DEFAULT 0 CHECK (offline_allowance >= 0),
  account_id         uuid NOT NULL REFERENCES ledger_accounts(id),
  created_at         bigint NOT NULL,
  UNIQUE (outlet_id, card_no)
);

-- An offline spend the stored value could not cover, found at sync: recorded, flagged for the owner.
CREATE TABLE member_overdrafts (
  id           uuid PRIMARY KEY,
  member_id    uuid NOT NULL REFERENCES members(id),
  outlet_id    uuid NOT NULL REFERENCES organizations(id),
  amount       bigint NOT NULL CHECK (amount > 0),
  ref          text NOT NULL,
  detected_at  bigint NOT NULL,
  resolved_at  bigint
);
CREATE INDEX member_overdrafts_open_idx ON member_overdrafts(outlet_id) WHERE resolved_at IS NULL;

-- ---- phone-number prefixes (号段): a hint, the supplier's answer is final (携号转网) ----
-- A global, cloud-owned table pulled by devices by cursor (version = a change sequence).
CREATE TABLE phone_prefixes (
  prefix      text PRIMARY KEY CHECK (prefix ~ '^1[0-9]{2,6}$'),
  carrier     text NOT NULL CHECK (carrier IN ('cmcc', 'cucc', 'ctcc', 'cbn')),
  province    text,
  city        text,
  version     bigint NOT NULL,
  updated_at  bigint NOT NULL
);
CREATE SEQUENCE phone_prefixes_version_seq;
CREATE INDEX phone_prefixes_version_idx ON phone_prefixes(version);
