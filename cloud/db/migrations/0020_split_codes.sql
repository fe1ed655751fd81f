-- 0020: one order may be paid by several payment codes (split tender: a WeChat part and an Alipay part). 0011's
-- payments_used_once made (used_kind, used_ref) unique, so an order naming two code payments failed to store
-- (a unique violation, the push retried forever). A payment still backs at most one order or top-up (it has one
-- used_kind/used_ref, and order_payments_payment_once keeps each payment on one order line); a member top-up is
-- still paid by exactly one payment.
DROP INDEX payments_used_once;
CREATE UNIQUE INDEX payments_used_once ON payments(used_kind, used_ref) WHERE used_kind = 'member_topup';
CREATE INDEX payments_used_ref_idx ON payments(used_ref) WHERE used_kind IS NOT NULL;
