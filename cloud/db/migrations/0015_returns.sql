-- 0015: returns and voids (退货 / 作废) pushed by the tills (record kind 'return', POST /v1/returns/batch),
-- idempotent forever on (device_id, client_return_id) like orders. Each is checked against its original order
-- (same device, so the same outlet; quantities left; amounts by shared/sale/returns.ts) before it is stored;
-- its refunds go back to the original tenders: cash from the till's drawer (recorded on the till), member
-- stored value credited here in the same transaction, stock put back here too.
CREATE TABLE returns (
  id               uuid PRIMARY KEY,
  outlet_id        uuid NOT NULL REFERENCES organizations(id),
  device_id        uuid NOT NULL REFERENCES devices(id),
  client_return_id uuid NOT NULL,
  payload_sha256   text NOT NULL,
  payload          jsonb NOT NULL,
  number           text NOT NULL,
  employee_id      uuid NOT NULL REFERENCES employees(id),
  -- the original sale (NULL: a return without a receipt, 无单退货)
  order_id         uuid REFERENCES orders(id),
  reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 32),
  total            bigint NOT NULL CHECK (total >= 0),
  created_at       bigint NOT NULL,
  received_at      bigint NOT NULL,
  CONSTRAINT returns_device_client_key UNIQUE (device_id, client_return_id)
);
CREATE INDEX returns_order_idx ON returns(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX returns_outlet_created_idx ON returns(outlet_id, created_at);
CREATE INDEX returns_employee_created_idx ON returns(employee_id, created_at);

CREATE TABLE return_lines (
  return_id     uuid NOT NULL REFERENCES returns(id),
  line_no       integer NOT NULL,
  order_line_no integer,
  product_id    uuid NOT NULL REFERENCES products(id),
  sku           text NOT NULL,
  name          text NOT NULL,
  qty           integer NOT NULL CHECK (qty > 0),
  amount        bigint NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (return_id, line_no)
);

CREATE TABLE return_refunds (
  return_id  uuid NOT NULL REFERENCES returns(id),
  seq        integer NOT NULL,
  method     text NOT NULL,
  amount     bigint NOT NULL CHECK (amount >= 0),
  member_id  uuid REFERENCES members(id),
  payment_id uuid REFERENCES payments(id),
  PRIMARY KEY (return_id, seq)
);

CREATE TABLE return_overrides (
  return_id     uuid NOT NULL REFERENCES returns(id),
  act           text NOT NULL CHECK (length(act) BETWEEN 1 AND 32),
  supervisor_id uuid NOT NULL REFERENCES employees(id),
  at            bigint NOT NULL,
  PRIMARY KEY (return_id, act, supervisor_id)
);
