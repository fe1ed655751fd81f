// Runtime: Node. preHandler for device-signed routes: verifies the signature over the raw body and
// attaches the device to the request. Register it inside the plugin scope that holds the signed routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CloudDb } from '../db/types';
import type { DeviceRow } from '../services/devices';
import { SIGNATURE_HEADERS } from '../../shared/sync/signing';
import { verifySignedRequest } from '../services/signature';

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceRow;
  }
}

const EMPTY = Buffer.alloc(0);

export function requireSignedDevice(app: FastifyInstance, db: CloudDb, now: () => number): void {
  // Every answer in the signed scope (errors included) tells the device the cloud's clock, so a PC whose
  // clock is off can sign with corrected time instead of failing CLOCK_SKEW forever.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header(SIGNATURE_HEADERS.serverTime, String(now()));
  });
  app.addHook('preHandler', async (request) => {
    request.device = await verifySignedRequest(
      db,
      { method: request.method, pathWithQuery: request.url, headers: request.headers, rawBody: request.rawBody ?? EMPTY },
      now(),
    );
  });
}

/** The device verified by requireSignedDevice; a route without that hook is a programming error. */
export function deviceOf(request: FastifyRequest): DeviceRow {
  if (!request.device) throw new Error('route is not behind requireSignedDevice');
  return request.device;
}
