-- 0011: payment codes through the cloud (付款码支付), static QR payments, takings by method.
-- Money columns are bigint fen; time columns are bigint epoch ms (UTC).

-- An outlet's merchant account at a provider. merchant_id is public (WeChat mchid / Alipay app_id); the keys
-- live only in config_sealed (AES-256-GCM under PAYMENT_CONFIG_KEY, "iv.tag.ciphertext"), never in clear.
-- schemes: which customer codes this account takes (an aggregator 聚合支付 takes several).
CREATE TABLE payment_merchants (
  outlet_id      uuid NOT NULL REFERENCES organizations(id),
  provider       text NOT NULL CHECK (provider IN ('wechatpay', 'alipay', 'aggregator')),
  -- 'demo': the cloud's built-in demo provider; 'production': the provider's real gateway
  environment    text NOT NULL CHECK (environment IN ('demo', 'production')),
  merchant_id    text NOT NULL CHECK (length(merchant_id) BETWEEN 1 AND 64),
  schemes        text[] NOT NULL CHECK (cardinality(schemes) >= 1 AND schemes <@ ARRAY['wechat', 'alipay', 'unionpay']),
  config_sealed  text NOT NULL,
  updated_by     uuid REFERENCES employees(id),
  updated_at     bigint NOT NULL,
  PRIMARY KEY (outlet_id, provider)
);

-- One row per payment code charged, forever. id is the till's payment id; out_trade_no is that id without
-- hyphens (what the provider knows). A retry of the same submission finds this row (payload_sha256 equal);
-- another payload under the same id is a conflict. The row is never deleted.
CREATE TABLE payments (
  id                  uuid PRIMARY KEY,
  out_trade_no        text NOT NULL UNIQUE CHECK (out_trade_no ~ '^[0-9a-f]{32}$'),
  outlet_id           uuid NOT NULL REFERENCES organizations(id),
  device_id           uuid NOT NULL REFERENCES devices(id),
  employee_id         uuid NOT NULL REFERENCES employees(id),
  payload_sha256      text NOT NULL,
  scheme              text NOT NULL CHECK (scheme IN ('wechat', 'alipay', 'unionpay')),
  method              text NOT NULL CHECK (method IN ('wechat_code', 'alipay_code', 'unionpay_code')),
  provider            text NOT NULL CHECK (provider IN ('wechatpay', 'alipay', 'aggregator')),
  purpose             text NOT NULL CHECK (purpose IN ('sale', 'member_topup')),
  amount              bigint NOT NULL CHECK (amount > 0),
  description         text NOT NULL CHECK (length(description) <= 127),
  -- the code itself is a one-time bearer token: only its scheme prefix and last 4 digits are kept
  code_masked         text NOT NULL,
  status              text NOT NULL CHECK (status IN ('pending', 'paid', 'reversing', 'failed', 'cancelled')),
  customer_confirming boolean NOT NULL DEFAULT false,
  failure_reason      text CHECK (failure_reason IN ('insufficient_balance', 'code_expired', 'code_invalid', 'customer_timeout', 'provider_unreachable', 'declined', 'not_configured', 'cancelled')),
  failure_code        text,
  failure_message     text,
  provider_trade_no   text,
  paid_at             bigint,
  -- the submission reached the provider (false: the cloud stopped before its first call, e.g. a crash)
  submitted           boolean NOT NULL DEFAULT false,
  -- waiting for the customer / an unknown outcome is given up (reversed) after this instant
  confirm_deadline    bigint NOT NULL,
  queries             integer NOT NULL DEFAULT 0,
  reverse_attempts    integer NOT NULL DEFAULT 0,
  -- the till abandoned the sale: reverse even a paid one
  cancel_requested    boolean NOT NULL DEFAULT false,
  -- while reversing: the failure_reason it ends with ('customer_timeout', 'provider_unreachable', 'cancelled')
  reverse_reason      text CHECK (reverse_reason IN ('customer_timeout', 'provider_unreachable', 'cancelled')),
  used_kind           text CHECK (used_kind IN ('order', 'member_topup')),
  used_ref            text,
  refunded            bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
  created_at          bigint NOT NULL,
  updated_at          bigint NOT NULL,
  CONSTRAINT payments_reversing_check CHECK (status <> 'reversing' OR reverse_reason IS NOT NULL),
  CONSTRAINT payments_failed_reason_check CHECK ((status IN ('failed', 'cancelled')) = (failure_reason IS NOT NULL)),
  CONSTRAINT payments_paid_check CHECK (status <> 'paid' OR (paid_at IS NOT NULL AND provider_trade_no IS NOT NULL)),
  CONSTRAINT payments_used_check CHECK ((used_kind IS NULL) = (used_ref IS NULL)),
  -- only a paid payment can be used, and a used one is never reversed (refunds handle it)
  CONSTRAINT payments_used_paid_check CHECK (used_kind IS NULL OR status = 'paid')
);
-- one order (or top-up) per payment, one payment per use
CREATE UNIQUE INDEX payments_used_once ON payments(used_kind, used_ref) WHERE used_kind IS NOT NULL;
CREATE INDEX payments_device_open_idx ON payments(device_id, created_at) WHERE status IN ('pending', 'reversing') OR (status = 'paid' AND used_kind IS NULL);
CREATE INDEX payments_outlet_paid_idx ON payments(outlet_id, paid_at) WHERE paid_at IS NOT NULL;

-- Every change of a payment, in order: what the provider answered and what the cloud did (the audit trail).
CREATE TABLE payment_events (
  seq          bigserial PRIMARY KEY,
  payment_id   uuid NOT NULL REFERENCES payments(id),
  at           bigint NOT NULL,
  from_status  text,
  to_status    text NOT NULL,
  -- submit | query | reverse | cancel | refund | use
  source       text NOT NULL,
  detail       text NOT NULL CHECK (length(detail) <= 500)
);
CREATE INDEX payment_events_payment_idx ON payment_events(payment_id, seq);

-- Refunds of a paid payment through the provider's refund API (returns, 退款). id is the caller's refund
-- id; a retry finds this row. status moves pending → succeeded | failed once.
CREATE TABLE payment_refunds (
  id                  uuid PRIMARY KEY,
  payment_id          uuid NOT NULL REFERENCES payments(id),
  out_refund_no       text NOT NULL UNIQUE CHECK (out_refund_no ~ '^[0-9a-f]{32}$'),
  amount              bigint NOT NULL CHECK (amount > 0),
  reason              text NOT NULL CHECK (length(reason) BETWEEN 1 AND 80),
  payload_sha256      text NOT NULL,
  status              text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  failure             text,
  provider_refund_no  text,
  attempts            integer NOT NULL DEFAULT 0,
  device_id           uuid REFERENCES devices(id),
  created_at          bigint NOT NULL,
  updated_at          bigint NOT NULL
);
CREATE INDEX payment_refunds_payment_idx ON payment_refunds(payment_id);

-- Reconciliation (对账): the provider's daily bill as downloaded, one row per line. The owner's report
-- compares it with the payments above (in one list and not the other, or a different amount).
CREATE TABLE payment_bills (
  outlet_id      uuid NOT NULL REFERENCES organizations(id),
  provider       text NOT NULL CHECK (provider IN ('wechatpay', 'alipay', 'aggregator')),
  -- the bill's day in Beijing time, YYYY-MM-DD
  bill_date      text NOT NULL CHECK (bill_date ~ '^\d{4}-\d{2}-\d{2}$'),
  -- the last successful download (NULL: none yet); error: why the last try failed (NULL after a success)
  downloaded_at  bigint,
  line_count     integer NOT NULL DEFAULT 0,
  tried_at       bigint NOT NULL,
  error          text CHECK (length(error) <= 300),
  PRIMARY KEY (outlet_id, provider, bill_date)
);
CREATE TABLE payment_bill_lines (
  outlet_id          uuid NOT NULL,
  provider           text NOT NULL,
  bill_date          text NOT NULL,
  line_no            integer NOT NULL,
  -- payment or refund
  kind               text NOT NULL CHECK (kind IN ('payment', 'refund')),
  out_trade_no       text NOT NULL,
  provider_trade_no  text,
  out_refund_no      text,
  amount             bigint NOT NULL CHECK (amount >= 0),
  at                 bigint,
  PRIMARY KEY (outlet_id, provider, bill_date, line_no),
  FOREIGN KEY (outlet_id, provider, bill_date) REFERENCES payment_bills(outlet_id, provider, bill_date) ON DELETE CASCADE
);

-- Orders: a payment-code line names its cloud payment (one order per payment), a static-code line the
-- employee who confirmed the money arrived. Methods are checked by the wire (shared/payments/methods.ts).
ALTER TABLE order_payments ADD COLUMN payment_id uuid REFERENCES payments(id);
ALTER TABLE order_payments ADD COLUMN confirmed_by uuid REFERENCES employees(id);
CREATE UNIQUE INDEX order_payments_payment_once ON order_payments(payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX order_payments_method_idx ON order_payments(method);

-- Closed shifts carry their takings by payment method (signed fen per method; NULL from tills before it).
ALTER TABLE shifts ADD COLUMN takings_by_method jsonb CHECK (takings_by_method IS NULL OR jsonb_typeof(takings_by_method) = 'object');
