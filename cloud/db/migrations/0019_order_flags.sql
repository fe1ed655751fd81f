-- 0019: orders the cloud could not vouch for. Tills sell offline and fast, so the cloud checks each order as
-- it arrives (cloud/order-flags/checks.ts): a discount beyond the cashier's limits without a supervisor's
-- override, a member or 抹零 discount no rule explains, or a line whose catalog price is not the one the
-- catalog had when it was sold. Such an order is stored as usual and flagged here for the owner (GET
-- /v1/orders/flagged), who marks it reviewed; the flag is written in the order's own transaction.
CREATE TABLE order_flags (
  order_id     uuid PRIMARY KEY REFERENCES orders(id),
  outlet_id    uuid NOT NULL REFERENCES organizations(id),
  -- [{ "kind": "discount_over_limit" | "member_discount" | "rounding" | "price_mismatch", ... }]
  reasons      jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array' AND jsonb_array_length(reasons) > 0),
  flagged_at   bigint NOT NULL,
  reviewed_at  bigint,
  reviewed_by  uuid REFERENCES employees(id),
  CHECK ((reviewed_at IS NULL) = (reviewed_by IS NULL))
);
-- the owner's list: open ones first page by page, newest first
CREATE INDEX order_flags_outlet_idx ON order_flags(outlet_id, flagged_at DESC, order_id DESC);

-- Catalog price history, so an order is judged against the price of the moment it was sold. Written by a
-- trigger whenever a product's price changes (valid_from = the product's updated_at, which every price
-- writer sets to its clock); the first change also records the price held until then, from 0. A product
-- with no history has had one price all along: products.price.
CREATE TABLE product_prices (
  product_id  uuid NOT NULL REFERENCES products(id),
  valid_from  bigint NOT NULL,
  price       bigint NOT NULL CHECK (price >= 0),
  PRIMARY KEY (product_id, valid_from)
);
CREATE FUNCTION record_product_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO product_prices (product_id, valid_from, price) VALUES (OLD.id, 0, OLD.price)
    ON CONFLICT (product_id, valid_from) DO NOTHING;
  INSERT INTO product_prices (product_id, valid_from, price) VALUES (NEW.id, NEW.updated_at, NEW.price)
    ON CONFLICT (product_id, valid_from) DO UPDATE SET price = EXCLUDED.price;
  RETURN NEW;
END $$;
CREATE TRIGGER products_price_history AFTER UPDATE OF price ON products
  FOR EACH ROW WHEN (OLD.price IS DISTINCT FROM NEW.price) EXECUTE FUNCTION record_product_price();
