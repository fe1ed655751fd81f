-- 0001: organisations, accounts, devices, the per-outlet catalog change feed, and pushed orders.
-- Money columns are bigint fen; time columns are bigint epoch ms (UTC).

CREATE TABLE organizations (
  id          uuid PRIMARY KEY,
  type        text NOT NULL CHECK (type IN ('platform', 'supplier', 'agent', 'outlet')),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  parent_id   uuid REFERENCES organizations(id),
  timezone    text NOT NULL DEFAULT 'Asia/Shanghai',
  created_at  bigint NOT NULL
);
CREATE INDEX organizations_parent_idx ON organizations(parent_id);

CREATE TABLE employees (
  id             uuid PRIMARY KEY,
  org_id         uuid NOT NULL REFERENCES organizations(id),
  username       text NOT NULL UNIQUE,
  name           text NOT NULL,
  -- scrypt$N$r$p$salt_b64$hash_b64: the parameters travel with the hash so they can be raised later
  password_hash  text NOT NULL,
  is_master      boolean NOT NULL DEFAULT false,
  permissions    text[] NOT NULL DEFAULT '{}',
  failed_logins  integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until   bigint,
  created_at     bigint NOT NULL
);
-- one master account per organisation
CREATE UNIQUE INDEX employees_one_master_per_org ON employees(org_id) WHERE is_master;

CREATE TABLE devices (
  id             uuid PRIMARY KEY,
  outlet_id      uuid NOT NULL REFERENCES organizations(id),
  name           text NOT NULL,
  fingerprint    text NOT NULL,
  public_key     text NOT NULL,
  platform       text NOT NULL,
  status         text NOT NULL CHECK (status IN ('active', 'pending', 'revoked')),
  created_at     bigint NOT NULL,
  registered_by  uuid REFERENCES employees(id)
);
CREATE INDEX devices_outlet_idx ON devices(outlet_id);

-- Nonces of signed requests seen within the signature window; the PK makes a replay fail atomically.
CREATE TABLE device_nonces (
  device_id  uuid NOT NULL REFERENCES devices(id),
  nonce      text NOT NULL,
  seen_at    bigint NOT NULL,
  PRIMARY KEY (device_id, nonce)
);
CREATE INDEX device_nonces_seen_idx ON device_nonces(seen_at);

-- Only the sha256 of a session token is stored: a leaked table does not leak sessions.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  employee_id  uuid NOT NULL REFERENCES employees(id),
  device_id    uuid NOT NULL REFERENCES devices(id),
  created_at   bigint NOT NULL,
  expires_at   bigint NOT NULL
);
CREATE INDEX sessions_expires_idx ON sessions(expires_at);

CREATE TABLE categories (
  id          uuid PRIMARY KEY,
  outlet_id   uuid NOT NULL REFERENCES organizations(id),
  parent_id   uuid REFERENCES categories(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  sort        integer NOT NULL DEFAULT 0,
  updated_at  bigint NOT NULL
);
CREATE INDEX categories_outlet_idx ON categories(outlet_id);

-- Goods sources (货源) published by suppliers, with their supply price; agents add a markup per source.
CREATE TABLE goods_sources (
  id            uuid PRIMARY KEY,
  supplier_id   uuid NOT NULL REFERENCES organizations(id),
  kind          text NOT NULL CHECK (kind IN ('physical', 'topup', 'gamecard')),
  name          text NOT NULL,
  carrier       text CHECK (carrier IN ('cmcc', 'cucc', 'ctcc')),
  face_value    bigint CHECK (face_value >= 0),
  supply_price  bigint NOT NULL CHECK (supply_price >= 0),
  active        boolean NOT NULL DEFAULT true,
  created_at    bigint NOT NULL
);

CREATE TABLE agent_markups (
  agent_id   uuid NOT NULL REFERENCES organizations(id),
  source_id  uuid NOT NULL REFERENCES goods_sources(id),
  markup     bigint NOT NULL CHECK (markup >= 0),
  PRIMARY KEY (agent_id, source_id)
);

CREATE TABLE products (
  id           uuid PRIMARY KEY,
  outlet_id    uuid NOT NULL REFERENCES organizations(id),
  sku          text NOT NULL,
  barcode      text,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category_id  uuid REFERENCES categories(id),
  kind         text NOT NULL CHECK (kind IN ('physical', 'topup', 'gamecard')),
  unit         text NOT NULL DEFAULT '件',
  price        bigint NOT NULL CHECK (price >= 0),
  face_value   bigint CHECK (face_value >= 0),
  carrier      text CHECK (carrier IN ('cmcc', 'cucc', 'ctcc')),
  source_id    uuid REFERENCES goods_sources(id),
  active       boolean NOT NULL DEFAULT true,
  updated_at   bigint NOT NULL,
  UNIQUE (outlet_id, sku)
);
CREATE INDEX products_outlet_barcode_idx ON products(outlet_id, barcode);

-- The per-outlet catalog change feed pulled by devices by cursor. Writers take
-- pg_advisory_xact_lock(hashtext(outlet_id::text)) before inserting, so within an outlet seq order equals
-- commit order: a reader that has seen seq N can never later find a committed change below N.
CREATE TABLE catalog_changes (
  seq         bigserial PRIMARY KEY,
  outlet_id   uuid NOT NULL REFERENCES organizations(id),
  entity      text NOT NULL CHECK (entity IN ('product', 'category')),
  entity_id   uuid NOT NULL,
  op          text NOT NULL CHECK (op IN ('upsert', 'delete')),
  data        jsonb,
  created_at  bigint NOT NULL,
  CHECK ((op = 'upsert') = (data IS NOT NULL))
);
CREATE INDEX catalog_changes_outlet_seq_idx ON catalog_changes(outlet_id, seq);

-- Orders pushed by devices. (device_id, client_order_id) is the permanent idempotency key: it is never
-- deleted, so a repeat years later still answers with the first serverOrderId.
CREATE TABLE orders (
  id               uuid PRIMARY KEY,
  outlet_id        uuid NOT NULL REFERENCES organizations(id),
  device_id        uuid NOT NULL REFERENCES devices(id),
  client_order_id  uuid NOT NULL,
  payload_sha256   text NOT NULL,
  payload          jsonb NOT NULL,
  number           text NOT NULL,
  employee_id      uuid NOT NULL REFERENCES employees(id),
  subtotal         bigint NOT NULL CHECK (subtotal >= 0),
  discount         bigint NOT NULL CHECK (discount >= 0),
  total            bigint NOT NULL CHECK (total >= 0),
  created_at       bigint NOT NULL,
  received_at      bigint NOT NULL,
  CONSTRAINT orders_device_client_order_key UNIQUE (device_id, client_order_id)
);
CREATE INDEX orders_outlet_created_idx ON orders(outlet_id, created_at);

CREATE TABLE order_lines (
  order_id    uuid NOT NULL REFERENCES orders(id),
  line_no     integer NOT NULL,
  product_id  uuid NOT NULL REFERENCES products(id),
  sku         text NOT NULL,
  name        text NOT NULL,
  qty         integer NOT NULL CHECK (qty > 0),
  unit_price  bigint NOT NULL CHECK (unit_price >= 0),
  line_total  bigint NOT NULL CHECK (line_total >= 0),
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_payments (
  order_id  uuid NOT NULL REFERENCES orders(id),
  seq       integer NOT NULL,
  method    text NOT NULL,
  amount    bigint NOT NULL CHECK (amount >= 0),
  tendered  bigint CHECK (tendered >= 0),
  change    bigint CHECK (change >= 0),
  PRIMARY KEY (order_id, seq)
);
