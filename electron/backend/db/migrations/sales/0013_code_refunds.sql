-- sales.db 0013: returns refunded to a payment code (退款到付款码, issue 11 with issue 10). Amounts integer fen.
--
-- A return whose money goes (partly) back to a WeChat / Alipay / UnionPay code needs the cloud to ask the
-- provider first, and the return is committed only once the cloud has accepted each code part's refund
-- (sales/code-returns.ts). Between the two, the return waits here as an intent, written BEFORE any refund is
-- asked for: a till that crashes or loses an answer finds it at the next start (or the cashier's next look)
-- and asks again with the same refund ids — the cloud answers the same refund, never a second one — then
-- commits the return from the plan or abandons it when nothing was accepted. One open intent per sale, so two
-- returns of one sale never race.
CREATE TABLE return_intents (
  -- the id the return will have (returns.id, the wire's clientReturnId): the refund ids derive from it
  id          TEXT PRIMARY KEY,
  order_id    TEXT NOT NULL REFERENCES orders (id),
  employee_id TEXT NOT NULL,
  -- what the return commits: reason, lines, refunds (code parts with their payment id), override
  plan        TEXT NOT NULL CHECK (json_valid(plan)),
  opened_at   INTEGER NOT NULL,
  closed_at   INTEGER,
  outcome     TEXT CHECK (outcome IN ('returned', 'abandoned')),
  reason      TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 300),
  CHECK ((closed_at IS NULL) = (outcome IS NULL))
) STRICT;
CREATE UNIQUE INDEX return_intents_one_open ON return_intents (order_id) WHERE closed_at IS NULL;
CREATE TRIGGER return_intents_closed_frozen BEFORE UPDATE ON return_intents WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a closed return intent cannot change'); END;
CREATE TRIGGER return_intents_no_delete BEFORE DELETE ON return_intents
  BEGIN SELECT RAISE(ABORT, 'return intents are never deleted'); END;

-- Each code part of an intent and what the cloud last said of its refund (refund_id = codeRefundIdOf(return id,
-- seq), shared/sale/returns.ts). status: asking (no answer yet: it may or may not have reached the cloud),
-- pending (accepted, the provider is processing it; the cloud's durable job follows it to the end), succeeded,
-- failed (refused; failure says why). Kept after the return commits, for the history's "processing / refunded".
CREATE TABLE code_refunds (
  return_id  TEXT NOT NULL REFERENCES return_intents (id),
  seq        INTEGER NOT NULL CHECK (seq >= 1),
  refund_id  TEXT NOT NULL UNIQUE,
  payment_id TEXT NOT NULL,
  method     TEXT NOT NULL,
  amount     INTEGER NOT NULL CHECK (amount > 0),
  status     TEXT NOT NULL CHECK (status IN ('asking', 'pending', 'succeeded', 'failed')),
  failure    TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (return_id, seq)
) STRICT;
-- Final is final: a refund that succeeded or failed at the provider never changes again.
CREATE TRIGGER code_refunds_final BEFORE UPDATE ON code_refunds WHEN OLD.status IN ('succeeded', 'failed')
  BEGIN SELECT RAISE(ABORT, 'a final code refund cannot change'); END;
CREATE TRIGGER code_refunds_no_delete BEFORE DELETE ON code_refunds
  BEGIN SELECT RAISE(ABORT, 'code refunds are never deleted'); END;

-- A return's refund line names the cloud payment a code part went back to (NULL for cash and member card).
ALTER TABLE return_refunds ADD COLUMN payment_id TEXT;
