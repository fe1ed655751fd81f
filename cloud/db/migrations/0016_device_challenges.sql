-- 0016: registration challenges (proof of possession of a device key). POST /v1/devices/challenge hands out a
-- random challenge that lives REGISTRATION_CHALLENGE_TTL_MS (shared/sync/signing.ts); POST /v1/devices/register
-- must carry the new key's signature over it, and consumes it (DELETE … RETURNING: used once, even by two
-- racing registrations). Expired rows are pruned when new ones are handed out.
CREATE TABLE device_challenges (
  challenge  text PRIMARY KEY CHECK (length(challenge) = 43),
  expires_at bigint NOT NULL
);
CREATE INDEX device_challenges_expiry_idx ON device_challenges (expires_at);
