-- 0014: discounts and price changes made at the till (order wire version 2, POST /v2/orders/batch), the
-- supervisor overrides they were made with, each employee's discount and refund limits, and the outlet's
-- rules for 抹零 and voids. Amounts are integer fen.

-- Per line: the catalog price when the cashier charged another (改价; NULL = charged the catalog price), and
-- the line discount. line_total = unit_price × qty − discount.
ALTER TABLE order_lines ADD COLUMN list_price bigint CHECK (list_price IS NULL OR list_price >= 0);
ALTER TABLE order_lines ADD COLUMN discount bigint NOT NULL DEFAULT 0 CHECK (discount >= 0);

-- Per order: what `discount` is made of. Before version 2 the only order-level discount was the member's.
ALTER TABLE orders ADD COLUMN member_discount bigint NOT NULL DEFAULT 0 CHECK (member_discount >= 0);
ALTER TABLE orders ADD COLUMN order_discount bigint NOT NULL DEFAULT 0 CHECK (order_discount >= 0);
ALTER TABLE orders ADD COLUMN rounding bigint NOT NULL DEFAULT 0 CHECK (rounding >= 0);
UPDATE orders SET member_discount = discount;
ALTER TABLE orders ADD CONSTRAINT orders_discount_parts CHECK (discount = member_discount + order_discount + rounding);

-- The supervisor overrides an order was made with (a discount beyond the cashier's limits): who approved
-- what, for the owner's reports and for the check of discounts against the cashier's limits.
CREATE TABLE order_overrides (
  order_id      uuid NOT NULL REFERENCES orders(id),
  act           text NOT NULL CHECK (length(act) BETWEEN 1 AND 32),
  supervisor_id uuid NOT NULL REFERENCES employees(id),
  at            bigint NOT NULL,
  PRIMARY KEY (order_id, act, supervisor_id)
);
CREATE INDEX order_overrides_supervisor_idx ON order_overrides(supervisor_id);

-- An employee's limits at the till beside max_discount_fen (0004): the largest share of a sale they may
-- discount by their own choice (10000 = any share: only the amount limits), and the largest return they may
-- make without a supervisor's override.
ALTER TABLE employees ADD COLUMN max_discount_bps integer NOT NULL DEFAULT 10000
  CHECK (max_discount_bps BETWEEN 0 AND 10000);
ALTER TABLE employees ADD COLUMN max_refund_fen bigint NOT NULL DEFAULT 0 CHECK (max_refund_fen >= 0);

-- The outlet's rules at its tills: 抹零 (none / to the jiao / to the yuan), how long after a sale it may be
-- voided, and the refunds by one employee in one day above which the owner is e-mailed (0 = no alert).
ALTER TABLE organizations ADD COLUMN rounding_rule text NOT NULL DEFAULT 'none'
  CHECK (rounding_rule IN ('none', 'jiao', 'yuan'));
ALTER TABLE organizations ADD COLUMN void_window_minutes integer NOT NULL DEFAULT 10
  CHECK (void_window_minutes BETWEEN 0 AND 1440);
ALTER TABLE organizations ADD COLUMN refund_alert_fen bigint NOT NULL DEFAULT 0 CHECK (refund_alert_fen >= 0);
