-- 0018: the answer a device got for a one-time act (member creates and money acts), kept so that the same
-- device repeating the same request (same route, same client id, same request hash) gets the same answer
-- while it is recent (24 h, cloud/http/answers.ts): a lost answer must not cost the customer. The answer is
-- sealed (AES-256-GCM under CARD_CODE_KEY); rows older than 24 h are pruned as the device writes new ones.
CREATE TABLE device_answers (
  device_id      uuid NOT NULL REFERENCES devices(id),
  route          text NOT NULL,
  client_id      text NOT NULL,
  request_sha256 text NOT NULL,
  answer_sealed  text NOT NULL,
  created_at     bigint NOT NULL,
  PRIMARY KEY (device_id, route, client_id)
);
CREATE INDEX device_answers_device_created_idx ON device_answers(device_id, created_at);
