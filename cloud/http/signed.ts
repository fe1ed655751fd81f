// Runtime: Node. preValidation hook for device-signed routes (it runs before any route schema judges the body): verifies the signature over the raw body and
// attaches the device to the request. Register it inside the plugin scope that holds the signed routes.
// A refused signature (forged, unknown device, expired timestamp, replayed nonce, revoked device) is
// audited: in the device's outlet chain when the claimed device exists, else in the platform chain
// (org NULL), with the client address and the reason. At most REFUSAL_AUDIT_PER_MINUTE rows per client
// address per minute are written; further refusals of that minute are only counted, so a flood of forged
// requests cannot grow the log (or the time spent writing it) without bound.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CloudDb } from '../db/types';
import { findDevice, type DeviceRow } from '../devices/repository';
import { SIGNATURE_HEADERS } from '../../shared/sync/signing';
import { verifySignedRequest } from '../devices/signature';
import { AppError } from '../../shared/errors';
import { appendAuditNow } from '../security/audit';
import { normalizeIp } from '../security/ip';

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceRow;
  }
}

const EMPTY = Buffer.alloc(0);
export const REFUSAL_AUDIT_PER_MINUTE = 20;
/** The refusals that are attacks or their symptoms. DEVICE_PENDING is an honest device waiting, not audited. */
const AUDITED_CODES: ReadonlySet<string> = new Set([
  'BAD_SIGNATURE',
  'REPLAYED',
  'CLOCK_SKEW',
  'DEVICE_NOT_REGISTERED',
  'DEVICE_REVOKED',
]);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Verifies the request's device signature; a refusal is audited (rate-limited) and rethrown. */
export async function verifyDevice(
  request: FastifyRequest,
  db: CloudDb,
  now: () => number,
  opts: { allowPending?: boolean } = {},
): Promise<DeviceRow> {
  try {
    const device = await verifySignedRequest(
      db,
      {
        method: request.method,
        pathWithQuery: request.url,
        headers: request.headers,
        rawBody: request.rawBody ?? EMPTY,
      },
      now(),
      opts,
    );
    request.device = device;
    return device;
  } catch (e) {
    if (e instanceof AppError && AUDITED_CODES.has(e.code)) {
      await auditRefusedSignature(db, request, e.code, now()).catch((err) =>
        request.log.error({ err }, 'audit of a refused signature failed'),
      );
    }
    throw e;
  }
}

async function auditRefusedSignature(db: CloudDb, request: FastifyRequest, code: string, now: number): Promise<void> {
  const ip = normalizeIp(request.ip);
  const minute = Math.floor(now / 60_000);
  const { rows } = await db.query<{ written: number; suppressed: number }>(
    `INSERT INTO signature_refusal_counts (ip, minute, written) VALUES ($1, $2, 1)
     ON CONFLICT (ip, minute) DO UPDATE SET
       written    = CASE WHEN signature_refusal_counts.written < $3 THEN signature_refusal_counts.written + 1 ELSE signature_refusal_counts.written END,
       suppressed = CASE WHEN signature_refusal_counts.written < $3 THEN signature_refusal_counts.suppressed ELSE signature_refusal_counts.suppressed + 1 END
     RETURNING written, suppressed`,
    [ip, minute, REFUSAL_AUDIT_PER_MINUTE],
  );
  const c = rows[0]!;
  if (c.suppressed > 0) return;
  if (c.written === 1) await db.query('DELETE FROM signature_refusal_counts WHERE minute < $1', [minute - 60]);

  const h = request.headers[SIGNATURE_HEADERS.device];
  const claimed = typeof h === 'string' && UUID_RE.test(h) ? h.toLowerCase() : null;
  const device = claimed ? await findDevice(db, claimed) : undefined;
  await appendAuditNow(db, {
    orgId: device?.outlet_id ?? null,
    at: now,
    deviceId: device?.id ?? null,
    ip,
    action: 'signature.refused',
    target: `${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`,
    outcome: 'refused',
    errorCode: code,
    details: {
      ...(claimed && !device ? { claimedDeviceId: claimed } : {}),
      ...(c.written >= REFUSAL_AUDIT_PER_MINUTE ? { limitReached: true, perMinute: REFUSAL_AUDIT_PER_MINUTE } : {}),
    },
  });
}

export function requireSignedDevice(app: FastifyInstance, db: CloudDb, now: () => number): void {
  // Every answer in the signed scope (errors included) tells the device the cloud's clock, so a PC whose
  // clock is off can sign with corrected time instead of failing CLOCK_SKEW forever.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header(SIGNATURE_HEADERS.serverTime, String(now()));
  });
  app.addHook('preValidation', async (request) => {
    await verifyDevice(request, db, now);
  });
}

/** The device verified by requireSignedDevice; a route without that hook is a programming error. */
export function deviceOf(request: FastifyRequest): DeviceRow {
  if (!request.device) throw new Error('route is not behind requireSignedDevice');
  return request.device;
}
