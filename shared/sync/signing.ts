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
 * The exact bytes that are signed: method, path with query, timestamp, nonce and the body's sha256,
 * one per line. Changing any of them invalidates the signature.
 */
export function canonicalRequest(p: {
  method: string;
  pathWithQuery: string;
  timestamp: number;
  nonce: string;
  bodySha256Hex: string;
}): string {
  return ['POS1', p.method.toUpperCase(), p.pathWithQuery, String(p.timestamp), p.nonce, p.bodySha256Hex].join('\n');
}
