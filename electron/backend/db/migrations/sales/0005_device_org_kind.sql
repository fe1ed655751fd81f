-- sales 0005: which kind of organisation this PC is registered to (the cloud's register answer, outlet.kind).
-- 'outlet': a till that sells, pulls its outlet's catalog and pushes orders. 'agent': an agent's (区代) back-office
-- PC, which the cloud serves only its account and /v1/agent/* routes, so the POS neither sells nor syncs there.
-- Every device registered before this migration was an outlet's till.
ALTER TABLE device ADD COLUMN org_kind TEXT NOT NULL DEFAULT 'outlet' CHECK (org_kind IN ('outlet', 'agent'));
