// Runtime: Node. Signs a cloud request with the device's Ed25519 key (the format is fixed in
// shared/sync/signing.ts). The cloud's verifier and its tests use the same canonical form.
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { canonicalRequest, registrationProofText, SIGNATURE_HEADERS } from '../../../shared/sync/signing';

export interface SignInput {
  deviceId: string;
  privateKey: KeyObject;
  method: string;
  /** path plus query string exactly as sent, e.g. /v1/catalog/changes?cursor=0&limit=1000 */
  pathWithQuery: string;
  /** the exact body bytes sent ('' for none) */
  body: string;
  now: number;
  nonce?: string;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The registration's proof of possession: the new key's signature over the cloud's challenge. */
export function registrationProof(
  p: { challenge: string; fingerprint: string; publicKey: string },
  privateKey: KeyObject,
): { challenge: string; signature: string } {
  return {
    challenge: p.challenge,
    signature: sign(null, Buffer.from(registrationProofText(p), 'utf8'), privateKey).toString('base64'),
  };
}

export function signRequest(p: SignInput): Record<string, string> {
  const nonce = p.nonce ?? randomBytes(16).toString('base64url');
  const canonical = canonicalRequest({
    deviceId: p.deviceId,
    method: p.method,
    pathWithQuery: p.pathWithQuery,
    timestamp: p.now,
    nonce,
    bodySha256Hex: sha256Hex(p.body),
  });
  const signature = sign(null, Buffer.from(canonical, 'utf8'), p.privateKey).toString('base64');
  return {
    [SIGNATURE_HEADERS.device]: p.deviceId,
    [SIGNATURE_HEADERS.timestamp]: String(p.now),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signature,
  };
}
