// Runtime: Node. How a supplier proves a machine-to-machine request is its own: x-supplier-signature = hex
// HMAC-SHA256, under the supplier's shared secret (SupplierAdapter.callbackSecret), of the raw request body —
// for a GET, which has no body, of the request's path and query, which must carry `at` (epoch ms) within
// the signature window, so a captured GET cannot be replayed forever. Used by the callback route and the
// publishing routes alike. Compared in constant time; a malformed header is simply a wrong signature.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { SIGNATURE_WINDOW_MS } from '../../shared/sync/signing';
import { judgedInHandler } from '../http/zod-schemas';

export const SUPPLIER_SIGNATURE_HEADER = 'x-supplier-signature';

export function supplierSignature(secret: string, message: string | Buffer): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Throws BAD_SIGNATURE unless `header` is the HMAC of `message` under `secret`. */
export function verifySupplierSignature(secret: string, message: string | Buffer, header: unknown): void {
  const expected = createHmac('sha256', secret).update(message).digest();
  const given =
    typeof header === 'string' && /^[0-9a-f]{64}$/.test(header) ? Buffer.from(header, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError('BAD_SIGNATURE', 'Bad supplier signature');
}

/** A signed GET: the signature covers the path and query; `at` must be within the window of `now`. */
export function verifySupplierGet(
  secret: string,
  pathWithQuery: string,
  at: number | undefined,
  header: unknown,
  now: number,
): void {
  verifySupplierSignature(secret, pathWithQuery, header);
  if (at === undefined || Math.abs(now - at) > SIGNATURE_WINDOW_MS)
    throw new AppError('BAD_SIGNATURE', 'Stale supplier request (at outside the signature window)');
}

/** The signature header, judged by the handler (a missing or wrong one is BAD_SIGNATURE, never VALIDATION).
 *  Loose: Fastify replaces request.headers with what the schema lets through. */
export const zSupplierSignedHeaders = z.looseObject({
  [SUPPLIER_SIGNATURE_HEADER]: judgedInHandler(
    z.unknown(),
    'hex HMAC-SHA256 under the supplier secret: of the raw body (PUT, POST) or of the path and query (GET)',
  ).optional(),
});
