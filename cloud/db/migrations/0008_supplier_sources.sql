-- 0008: suppliers publish their goods sources themselves (PUT /v1/suppliers/:supplierId/sources/:externalId,
-- HMAC-signed like their callbacks), utility bills (水电煤) as a fourth kind of goods, and region constraints.
-- Money columns are bigint fen; time columns are bigint epoch ms (UTC).

-- ---- goods sources ----
-- external_id: the supplier's own id of the source (unique per supplier); the seed names its sources too.
-- regions: provinces of the phone-prefix table where the source may be sold (a top-up to a number of another
--          province is refused at submit); NULL = nationwide. Never an empty list.
-- biller:  the utility company a bill is paid to (国网上海市电力公司); utilities only, and required for them.
-- version: the supplier's version of the last publish applied; a publish with a version not above it is stale.
ALTER TABLE goods_sources ADD COLUMN external_id text CHECK (external_id ~ '^[A-Za-z0-9._:-]{1,64}$');
ALTER TABLE goods_sources ADD COLUMN regions text[] CHECK (regions IS NULL OR cardinality(regions) > 0);
ALTER TABLE goods_sources ADD COLUMN biller text CHECK (biller IS NULL OR length(biller) BETWEEN 1 AND 100);
ALTER TABLE goods_sources ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE goods_sources ADD COLUMN updated_at bigint;
ALTER TABLE goods_sources ADD CONSTRAINT goods_sources_supplier_external_key UNIQUE (supplier_id, external_id);
ALTER TABLE goods_sources DROP CONSTRAINT goods_sources_kind_check;
ALTER TABLE goods_sources ADD CONSTRAINT goods_sources_kind_check CHECK (kind IN ('physical', 'topup', 'gamecard', 'utility'));
ALTER TABLE goods_sources ADD CONSTRAINT goods_sources_utility_biller_check CHECK ((kind = 'utility') = (biller IS NOT NULL));
ALTER TABLE goods_sources ADD CONSTRAINT goods_sources_topup_carrier_check CHECK (kind <> 'topup' OR carrier IS NOT NULL);

-- ---- products and virtual orders accept utility bills ----
ALTER TABLE products DROP CONSTRAINT products_kind_check;
ALTER TABLE products ADD CONSTRAINT products_kind_check CHECK (kind IN ('physical', 'topup', 'gamecard', 'utility'));

-- account: the utility account number (户号) a bill is paid to: 5–30 letters or digits, utilities only.
ALTER TABLE virtual_orders DROP CONSTRAINT virtual_orders_kind_check;
ALTER TABLE virtual_orders ADD CONSTRAINT virtual_orders_kind_check CHECK (kind IN ('topup', 'gamecard', 'utility'));
ALTER TABLE virtual_orders ADD COLUMN account text CHECK (account ~ '^[A-Za-z0-9]{5,30}$');
ALTER TABLE virtual_orders ADD CONSTRAINT virtual_orders_utility_account_check CHECK ((kind = 'utility') = (account IS NOT NULL));
ALTER TABLE virtual_orders ADD CONSTRAINT virtual_orders_utility_phone_check CHECK (kind <> 'utility' OR phone IS NULL);

-- Every publish request a supplier sent, judged once: request_id is the supplier's replay key (a repeat answers
-- 'replayed' and changes nothing), outcome is what the first one did.
CREATE TABLE supplier_publications (
  supplier_id  uuid NOT NULL REFERENCES organizations(id),
  request_id   text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 128),
  source_id    uuid REFERENCES goods_sources(id),
  outcome      text NOT NULL CHECK (outcome IN ('created', 'updated', 'unchanged', 'stale')),
  received_at  bigint NOT NULL,
  PRIMARY KEY (supplier_id, request_id)
);
