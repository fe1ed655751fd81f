// Runtime: Node. Proof of possession at device registration: the cloud hands out a random single-use
// challenge (POST /v1/devices/challenge); the registration must carry the NEW key's Ed25519 signature over
// registrationProofText (shared/sync/signing.ts). Without it a till could register anyone's public key —
// e.g. another device's — and one key could stand for two devices. A challenge is consumed by the first
// registration that names it, whether its proof verifies or not, so it can never be tried twice.
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { RegisterRequest } from '../../shared/sync/protocol';
import { REGISTRATION_CHALLENGE_TTL_MS, registrationProofText } from '../../shared/sync/signing';
import type { Queryable } from '../db/types';

/** Most live challenges kept; beyond it the oldest go first (an unauthenticated route must not grow a table). */
const MAX_LIVE_CHALLENGES = 10_000;

export async function issueChallenge(q: Queryable, now: number): Promise<{ challenge: string; expiresAt: number }> {
  const challenge = randomBytes(32).toString('base64url');
  const expiresAt = now + REGISTRATION_CHALLENGE_TTL_MS;
  await q.query('DELETE FROM device_challenges WHERE expires_at <= $1', [now]);
  await q.query(
    `DELETE FROM device_challenges WHERE challenge IN (
       SELECT challenge FROM device_challenges ORDER BY expires_at DESC OFFSET $1)`,
    [MAX_LIVE_CHALLENGES - 1],
  );
  await q.query('INSERT INTO device_challenges (challenge, expires_at) VALUES ($1, $2)', [challenge, expiresAt]);
  return { challenge, expiresAt };
}

/** Consumes the request's challenge and checks the new key's signature over it; BAD_SIGNATURE otherwise. */
export async function assertProofOfPossession(q: Queryable, req: RegisterRequest, now: number): Promise<void> {
  let key: KeyObject | null;
  try {
    key = createPublicKey({ key: Buffer.from(req.device.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    key = null;
  }
  if (!key || key.asymmetricKeyType !== 'ed25519')
    throw new AppError('VALIDATION', 'Invalid input: device.publicKey is not an Ed25519 public key (SPKI, base64)', [
      { path: 'device.publicKey', message: 'not an Ed25519 public key (SPKI, base64)' },
    ]);
  const { rows } = await q.query<{ challenge: string }>(
    'DELETE FROM device_challenges WHERE challenge = $1 AND expires_at > $2 RETURNING challenge',
    [req.proof.challenge, now],
  );
  if (rows.length === 0)
    throw new AppError(
      'BAD_SIGNATURE',
      'The registration challenge is unknown, used or expired; ask for a new one (POST /v1/devices/challenge)',
    );
  let ok: boolean;
  try {
    ok = verify(
      null,
      Buffer.from(registrationProofText({ challenge: req.proof.challenge, ...req.device }), 'utf8'),
      key,
      Buffer.from(req.proof.signature, 'base64'),
    );
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('BAD_SIGNATURE', 'The registration is not signed by the key it registers');
}
