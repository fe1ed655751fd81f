-- sales.db 0011: payment codes (付款码), static QR codes (收款码) and split tender at the till (issue 10).
-- Amounts are integer fen, times UTC epoch ms.

-- A sale's payment lines now name what backs them: a payment-code line its cloud payment (the provider's
-- out_trade_no), a static-code line the employee who saw the money arrive. Which method needs which comes
-- from the method's spec in `kinds` (electron/backend/db/kinds.ts, from shared/payments/methods.ts).
ALTER TABLE payments ADD COLUMN payment_id TEXT;
ALTER TABLE payments ADD COLUMN confirmed_by TEXT;
CREATE UNIQUE INDEX payments_code_once ON payments (payment_id) WHERE payment_id IS NOT NULL;
CREATE TRIGGER payments_backing_rules BEFORE INSERT ON payments
BEGIN
  SELECT RAISE(ABORT, 'a payment-code payment names its cloud payment, and only it does')
    FROM kinds WHERE list = 'payment_method' AND name = NEW.method
      AND (coalesce(json_extract(spec, '$.code'), 0) = 1) <> (NEW.payment_id IS NOT NULL);
  SELECT RAISE(ABORT, 'a static-code payment names the employee who confirmed it, and only it does')
    FROM kinds WHERE list = 'payment_method' AND name = NEW.method
      AND (coalesce(json_extract(spec, '$.static') , 0) = 1) <> (NEW.confirmed_by IS NOT NULL);
END;

-- The payment of the cart in progress once it takes more than cash (tender.*: electron/backend/payments/).
-- Written when the first non-cash part is taken, with what is needed to commit the sale without the screen
-- (plan: the cart as parked baskets keep it, seat, approvals): a till that crashed while a customer's code
-- was being charged finds it here at the next start and either completes the sale or abandons it with the
-- money reversed. parts: the member-balance and static-code parts (JSON); payment-code parts are rows of
-- code_payments. Closing fills the closing columns once; a tender is never deleted. One open at a time.
CREATE TABLE tenders (
  id          TEXT PRIMARY KEY,
  opened_at   INTEGER NOT NULL,
  employee_id TEXT NOT NULL,
  total       INTEGER NOT NULL CHECK (total > 0),
  plan        TEXT NOT NULL CHECK (json_valid(plan)),
  parts       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parts)),
  closed_at   INTEGER,
  outcome     TEXT CHECK (outcome IN ('sold', 'abandoned')),
  order_id    TEXT REFERENCES orders (id),
  reason      TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 100),
  CHECK ((closed_at IS NULL) = (outcome IS NULL)),
  CHECK ((outcome = 'sold') = (order_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX tenders_one_open ON tenders ((closed_at IS NULL)) WHERE closed_at IS NULL;
CREATE TRIGGER tenders_closed_frozen BEFORE UPDATE ON tenders WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a closed tender cannot change'); END;
CREATE TRIGGER tenders_no_delete BEFORE DELETE ON tenders BEGIN SELECT RAISE(ABORT, 'tenders are never deleted'); END;

-- Every payment-code payment this till asked the cloud for, written BEFORE the request leaves (so a crash
-- finds it) and kept forever. id is the till's payment id = the provider's out_trade_no. The scanned code is
-- never stored whole (code_masked: prefix and last 4 digits). status, the till's view of it:
--   submitting  written, no answer yet (the request may or may not have reached the cloud)
--   pending     the cloud has it and is waiting for the provider / the customer's confirmation
--   paid        the money is taken and not used yet
--   used        the sale (used_ref = order id) or member top-up (used_ref = top-up id) it paid is committed
--   failed      no money was taken (failure_reason from shared/payments/wire.ts)
--   cancelling  abandoned by the till: the cloud is (being) asked to cancel, the money to go back
--   cancelled   abandoned and the money back (or it never reached the cloud)
-- A sale's payment (purpose 'sale') belongs to a tender; a member top-up's names the member and the top-up id.
CREATE TABLE code_payments (
  id               TEXT PRIMARY KEY,
  purpose          TEXT NOT NULL,
  tender_id        TEXT REFERENCES tenders (id),
  member_id        TEXT,
  topup_id         TEXT,
  method           TEXT NOT NULL,
  amount           INTEGER NOT NULL CHECK (amount > 0),
  code_masked      TEXT NOT NULL,
  employee_id      TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('submitting', 'pending', 'paid', 'used', 'failed', 'cancelling', 'cancelled')),
  confirming       INTEGER NOT NULL DEFAULT 0 CHECK (confirming IN (0, 1)),
  failure_reason   TEXT,
  failure_message  TEXT,
  provider_trade_no TEXT,
  paid_at          INTEGER,
  used_ref         TEXT,
  shift_id         TEXT REFERENCES shifts (id),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  CHECK ((tender_id IS NOT NULL) <> (member_id IS NOT NULL)),
  CHECK ((member_id IS NULL) = (topup_id IS NULL)),
  CHECK ((status = 'used') = (used_ref IS NOT NULL))
) STRICT;
CREATE INDEX code_payments_unsettled ON code_payments (created_at) WHERE status IN ('submitting', 'pending', 'paid', 'cancelling');
CREATE INDEX code_payments_tender ON code_payments (tender_id) WHERE tender_id IS NOT NULL;
CREATE INDEX code_payments_shift ON code_payments (shift_id) WHERE shift_id IS NOT NULL;
-- Settled is settled: a used, failed or cancelled payment never changes again.
CREATE TRIGGER code_payments_final BEFORE UPDATE ON code_payments WHEN OLD.status IN ('used', 'failed', 'cancelled')
  BEGIN SELECT RAISE(ABORT, 'a settled code payment cannot change'); END;
CREATE TRIGGER code_payments_no_delete BEFORE DELETE ON code_payments
  BEGIN SELECT RAISE(ABORT, 'code payments are never deleted'); END;
