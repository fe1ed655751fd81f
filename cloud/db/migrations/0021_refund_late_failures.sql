-- 0021: a refund to a payment code that fails AFTER the cloud told the till it was accepted (WeChat ABNORMAL or
-- CLOSED on a later query, Alipay refused when asked again, an aggregator's REFUND_FAIL): the till has already
-- committed the return and the customer has gone without their money. failed_late_at marks such a failure (a
-- refusal inside the till's own request stays NULL: the cashier saw it and paid back in cash); return_id links
-- the refund to the return that used it once that return reached the cloud; alerted_at: the owner was e-mailed
-- (once, when both the failure and the return are known).
ALTER TABLE payment_refunds ADD COLUMN failed_late_at bigint;
ALTER TABLE payment_refunds ADD COLUMN return_id uuid REFERENCES returns(id);
ALTER TABLE payment_refunds ADD COLUMN alerted_at bigint;
CREATE INDEX payment_refunds_failed_late_idx ON payment_refunds(failed_late_at) WHERE failed_late_at IS NOT NULL;
