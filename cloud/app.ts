// Runtime: Node. The cloud's Fastify app: plumbing (raw JSON body, one error handler), then the public
// routes, then the device-signed routes in their own scope behind the signature check.
import Fastify, { type FastifyInstance } from 'fastify';
import type { CloudDb } from './db/types';
import { installErrorHandler } from './http/error-handler';
import { BODY_LIMIT_BYTES, installRawJsonParser } from './http/raw-json';
import { requireSignedDevice } from './http/signed';
import { authRoutes } from './routes/auth';
import { catalogRoutes } from './routes/catalog';
import type { RouteContext } from './routes/context';
import { deviceRoutes } from './routes/devices';
import { healthRoutes } from './routes/health';
import { orderRoutes } from './routes/orders';
import type { SecurityOptions } from './security/context';
import { securityContext, securityRoutes } from './security/index';

export interface BuildCloudOptions {
  db: CloudDb;
  /** the cloud's clock, epoch ms (tests move it) */
  now?: () => number;
  logger?: boolean;
  /** e-mail / SMS providers, alert threshold, ledger seam (defaults: recording providers, cloud ledger) */
  security?: SecurityOptions;
  /**
   * Trust X-Forwarded-For from these proxies (Fastify trustProxy: addresses or CIDRs). Off by
   * default: IP binding then uses the socket's address, which a client cannot forge.
   */
  trustProxy?: string | string[];
}

export function buildCloud(opts: BuildCloudOptions): FastifyInstance {
  const ctx: RouteContext = { db: opts.db, now: opts.now ?? Date.now };
  const sctx = securityContext(ctx, opts.security);
  const app: FastifyInstance = Fastify({ logger: opts.logger ?? false, bodyLimit: BODY_LIMIT_BYTES, ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}) });
  installRawJsonParser(app);
  installErrorHandler(app);

  app.register(healthRoutes);
  app.register(deviceRoutes(ctx));
  app.register(async (signed) => {
    requireSignedDevice(signed, ctx.db, ctx.now);
    await signed.register(authRoutes(sctx));
    await signed.register(catalogRoutes(ctx));
    await signed.register(orderRoutes(ctx));
    await signed.register(securityRoutes(sctx));
  });
  return app;
}
