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
import { recordRoutes } from './records/routes';
import { shiftListRoutes } from './shifts/routes';
import { demoFulfilment, fulfilmentTick, type Fulfilment } from './virtual/fulfilment';
import { ensurePhonePrefixes } from './virtual/prefixes';
import { supplierCallbackRoutes, virtualSignedRoutes } from './virtual/routes';
import { supplierPublishingRoutes } from './suppliers/routes';
import type { SecurityOptions } from './security/context';
import { securityContext, securityRoutes } from './security/index';
import { requireEmployeeSession } from './security/session-auth';
import { memberRoutes } from './members/routes';
import { catalogAdminRoutes } from './catalog-admin/routes';
import { agentRoutes } from './agent/routes';
import { requireOrgKind } from './security/org-kind';
import {
  depositCallbackRoutes,
  depositSecrets,
  depositSessionRoutes,
  installDepositExpiry,
  type DepositOptions,
} from './deposits/routes';

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
  /** suppliers and SLA of virtual goods; default: the demo supplier (2 s latency) for every supplier */
  fulfilment?: Fulfilment;
  /** ms between fulfilment ticks (callbacks, SLA, queries); default 1000 with the default fulfilment, else 0 (off) */
  fulfilmentTickMs?: number;
  /** deposit channels' callback secrets (default: DEPOSIT_CALLBACK_SECRETS JSON, else callbacks fail closed),
   *  and the expiry of unconfirmed deposits (ttlMs, default 24 h; sweepMs, default 60 s, 0 = off) */
  deposits?: DepositOptions;
}

export function buildCloud(opts: BuildCloudOptions): FastifyInstance {
  const ctx: RouteContext = { db: opts.db, now: opts.now ?? Date.now };
  const sctx = securityContext(ctx, opts.security);
  const app: FastifyInstance = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
  });
  installRawJsonParser(app);
  installErrorHandler(app);

  app.register(healthRoutes);
  app.register(deviceRoutes(sctx));
  const fulfilment = opts.fulfilment ?? demoFulfilment();
  app.register(supplierCallbackRoutes(ctx, fulfilment.config));
  app.register(supplierPublishingRoutes(ctx, fulfilment.config));
  app.register(depositCallbackRoutes(ctx, depositSecrets(opts.deposits)));
  installDepositExpiry(app, ctx, opts.deposits);
  installFulfilmentClock(app, ctx, fulfilment, opts.fulfilmentTickMs ?? (opts.fulfilment ? 0 : 1000));
  app.addHook('onReady', async () => {
    // The shipped 号段 table into an empty database. Reference data must not keep the service from
    // starting: if the database is unreachable now, the next start loads it.
    await ensurePhonePrefixes(ctx.db, ctx.now()).catch((e: unknown) =>
      app.log.error(e, 'loading the phone prefix table failed'),
    );
  });
  app.register(async (signed) => {
    requireSignedDevice(signed, ctx.db, ctx.now);
    // Outlet-only unless a route says otherwise (agent devices reach login, /v1/me and /v1/agent/*).
    requireOrgKind(signed, ctx.db);
    await signed.register(authRoutes(sctx));
    await signed.register(catalogRoutes(ctx));
    // POST /v1/orders/batch, /v1/shifts/batch …: one per kind of the record-kind registry
    await signed.register(recordRoutes(sctx));
    await signed.register(virtualSignedRoutes(ctx, fulfilment.config));
    await signed.register(securityRoutes(sctx));
    // Platform routes acting as an employee (members, deposits, catalog administration).
    await signed.register(async (session) => {
      requireEmployeeSession(session, sctx);
      await session.register(memberRoutes(sctx));
      await session.register(depositSessionRoutes(sctx));
      await session.register(catalogAdminRoutes(sctx));
      await session.register(agentRoutes(sctx));
      await session.register(shiftListRoutes(sctx));
    });
  });
  return app;
}

/** The fulfilment clock runs while the app is up; ticks never overlap, and an error only logs. */
function installFulfilmentClock(app: FastifyInstance, ctx: RouteContext, f: Fulfilment, everyMs: number): void {
  if (everyMs <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      if (running) return;
      running = true;
      fulfilmentTick(ctx.db, f, ctx.now())
        .catch((err) => app.log.error({ err }, 'fulfilment tick failed'))
        .finally(() => {
          running = false;
        });
    }, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    while (running) await new Promise((r) => setTimeout(r, 20));
  });
}
