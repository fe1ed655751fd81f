// Runtime: Node. Verifies a device-signed request (format fixed in shared/sync/signing.ts).
// Order of checks: device known and active → timestamp inside the window → Ed25519 signature over the
// canonical form (with the sha256 of the RAW body bytes) → nonce unused. The nonce is recorded only after
// the signature verified, so nobody can burn a device's nonces with forged requests.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { canonicalRequest, SIGNATURE_HEADERS, SIGNATURE_WINDOW_MS } from '../../shared/sync/signing';
import type { Queryable } from '../db/types';
import { sha256Hex } from '../catalog/canonical-json';
import { findDevice, type DeviceRow } from './repository';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NONCE_RE = /^[A-Za-z0-9_-]{8,128}$/;

export interface SignedRequestInput {
  method: string;
  pathWithQuery: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

function header(h: SignedRequestInput['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

const keyCache = new Map<string, KeyObject>();
function publicKeyOf(spkiB64: string): KeyObject {
  let k = keyCache.get(spkiB64);
  if (!k) {
    k = createPublicKey({ key: Buffer.from(spkiB64, 'base64'), format: 'der', type: 'spki' });
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(spkiB64, k);
  }
  return k;
}

/** allowPending: answer a device that awaits approval too (only GET /v1/devices/me, so it can learn it was approved). */
export async function verifySignedRequest(
  q: Queryable,
  req: SignedRequestInput,
  now: number,
  opts: { allowPending?: boolean } = {},
): Promise<DeviceRow> {
  const deviceId = header(req.headers, SIGNATURE_HEADERS.device);
  if (!deviceId || !UUID_RE.test(deviceId)) throw new AppError('DEVICE_NOT_REGISTERED', 'Missing or unknown device id');
  const device = await findDevice(q, deviceId.toLowerCase());
  if (!device) throw new AppError('DEVICE_NOT_REGISTERED', 'This device is not registered');
  if (device.status === 'revoked') throw new AppError('DEVICE_REVOKED', 'This device was revoked');
  if (device.status === 'pending' && !opts.allowPending)
    throw new AppError('DEVICE_PENDING', 'This device awaits the owner’s approval');

  const tsText = header(req.headers, SIGNATURE_HEADERS.timestamp) ?? '';
  const ts = /^\d{1,16}$/.test(tsText) ? Number(tsText) : NaN;
  if (!Number.isSafeInteger(ts) || Math.abs(now - ts) > SIGNATURE_WINDOW_MS) {
    throw new AppError('CLOCK_SKEW', 'Request timestamp is outside the allowed window; check the PC clock', {
      serverTime: now,
    });
  }
  const nonce = header(req.headers, SIGNATURE_HEADERS.nonce) ?? '';
  const sigB64 = header(req.headers, SIGNATURE_HEADERS.signature) ?? '';
  if (!NONCE_RE.test(nonce) || sigB64.length === 0 || sigB64.length > 200)
    throw new AppError('BAD_SIGNATURE', 'Missing or malformed signature headers');

  const canonical = canonicalRequest({
    deviceId: device.id,
    method: req.method,
    pathWithQuery: req.pathWithQuery,
    timestamp: ts,
    nonce,
    bodySha256Hex: sha256Hex(req.rawBody),
  });
  let ok: boolean;
  try {
    ok = verify(null, Buffer.from(canonical, 'utf8'), publicKeyOf(device.public_key), Buffer.from(sigB64, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('BAD_SIGNATURE', 'Signature does not verify');

  // A nonce can only be replayed while its timestamp is still accepted: ts ≥ seen_at − W and a replay needs
  // now' ≤ ts + W, so now' ≤ seen_at + 2W. Nonces older than 2W can be pruned safely.
  const ins = await q.query(
    'INSERT INTO device_nonces (device_id, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS inserted',
    [device.id, nonce, now],
  );
  if (ins.rows.length === 0) throw new AppError('REPLAYED', 'This request was already received (nonce reused)');
  await q.query('DELETE FROM device_nonces WHERE device_id = $1 AND seen_at < $2', [
    device.id,
    now - 2 * SIGNATURE_WINDOW_MS,
  ]);
  return device;
}
