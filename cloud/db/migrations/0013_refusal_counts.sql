-- 0013: refused logins and device registrations counted per client address and per username tried, in fixed
-- windows (cloud/security/refusal-limit.ts): an attempt takes a slot before any password is compared and a
-- successful one gives it back, so n counts refusals (and attempts in flight). A full window answers
-- RATE_LIMITED; suppressed counts those, and the first of them writes one audit row. Old windows are pruned
-- when a new one starts.
CREATE TABLE refusal_counts (
  scope      text NOT NULL CHECK (scope IN ('address', 'account')),
  key        text NOT NULL,
  bucket     bigint NOT NULL,
  n          integer NOT NULL CHECK (n >= 0),
  suppressed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, key, bucket)
);
