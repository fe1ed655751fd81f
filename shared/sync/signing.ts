// Every request after registration is signed with the device's Ed25519 key. This file fixes what is
// signed; hashing and the signature itself are done with node:crypto on each side (shared/ stays pure).
export const SIGNATURE_HEADERS = {
  device: 'x-pos-device',
  timestamp: 'x-pos-timestamp',
  nonce: 'x-pos-nonce',
  signature: 'x-pos-signature',
  session: 'authorization', // "Bearer <token>" for routes that act as an employee
  /** on the cloud's answers to signed requests: its clock (epoch ms), so a device can sign with corrected time */
  serverTime: 'x-pos-server-time',
} as const;

/** A signed request is accepted only within this many ms of the cloud's clock, and its nonce only once. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/**
 * The exact bytes that are signed: the device id, method, path with query, timestamp, nonce and the body's
 * sha256, one per line. Changing any of them invalidates the signature. The device id is part of the text so
 * a signature made for one device is worthless for another, even one registered with the same key.
 */
export function canonicalRequest(p: {
  deviceId: string;
  method: string;
  pathWithQuery: string;
  timestamp: number;
  nonce: string;
  bodySha256Hex: string;
}): string {
  return [
    'POS2',
    p.deviceId.toLowerCase(),
    p.method.toUpperCase(),
    p.pathWithQuery,
    String(p.timestamp),
    p.nonce,
    p.bodySha256Hex,
  ].join('\n');
}

/** How long a registration challenge may be used (POST /v1/devices/challenge), and only once. */
export const REGISTRATION_CHALLENGE_TTL_MS = 2 * 60 * 1000;

/**
 * What a registering till signs with its NEW key to prove it holds the private half of the public key it
 * registers (proof of possession): the cloud's single-use challenge, the machine fingerprint and the public
 * key, one per line.
 */
export function registrationProofText(p: { challenge: string; fingerprint: string; publicKey: string }): string {
  return ['POS-REGISTER-1', p.challenge, p.fingerprint, p.publicKey].join('\n');
}
