-- 0009: closed shifts (交班) pushed by the tills (POST /v1/shifts/batch), so the owner sees every till's
-- handovers and cash differences (GET /v1/shifts). Money columns are bigint fen; time columns are bigint
-- epoch ms (UTC). A shift is stored as the till closed it and never changes: idempotent forever on
-- (device_id, client_shift_id) like orders — the same payload again is a duplicate, another is a conflict.
CREATE TABLE shifts (
  id               uuid PRIMARY KEY,
  outlet_id        uuid NOT NULL REFERENCES organizations(id),
  device_id        uuid NOT NULL REFERENCES devices(id),
  client_shift_id  uuid NOT NULL,
  payload_sha256   text NOT NULL,
  opened_by        uuid NOT NULL REFERENCES employees(id),
  opened_at        bigint NOT NULL,
  opening_float    bigint NOT NULL CHECK (opening_float >= 0),
  -- opened by the till's first sale or cash movement because nobody had opened a shift (float 0)
  auto_opened      boolean NOT NULL,
  closed_by        uuid NOT NULL REFERENCES employees(id),
  closed_at        bigint NOT NULL CHECK (closed_at >= opened_at),
  expected_cash    bigint NOT NULL,
  counted_cash     bigint NOT NULL CHECK (counted_cash >= 0),
  -- counted − expected: negative = 短款 (cash missing), positive = 长款 (cash over)
  difference       bigint NOT NULL CHECK (difference = counted_cash - expected_cash),
  -- signed fen per kind of cash movement: {"sale": .., "virtual_sale": .., "virtual_refund": .., "member_topup": .., "pay_in": .., "pay_out": ..}
  cash_by_kind     jsonb NOT NULL CHECK (jsonb_typeof(cash_by_kind) = 'object'),
  sales_count      integer NOT NULL CHECK (sales_count >= 0),
  sales_total      bigint NOT NULL CHECK (sales_total >= 0),
  note             text CHECK (note IS NULL OR length(note) <= 200),
  received_at      bigint NOT NULL,
  CONSTRAINT shifts_device_client_shift_key UNIQUE (device_id, client_shift_id)
);
-- the owner's list: an outlet's shifts newest first, optionally of one till
CREATE INDEX shifts_outlet_closed_idx ON shifts(outlet_id, closed_at DESC, id DESC);
CREATE INDEX shifts_device_closed_idx ON shifts(device_id, closed_at DESC);
