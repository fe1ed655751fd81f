// Runtime: Node. The cloud's Fastify app: plumbing (raw JSON body, one error handler), then the public
// routes, then the device-signed routes in their own scope behind the signature check.
import Fastify, { type FastifyInstance } from 'fastify';
import type { CloudDb } from './db/types';
import { installErrorHandler } from './http/error-handler';
import { BODY_LIMIT_BYTES, installRawJsonParser } from './http/raw-json';
import { installZodSchemas } from './http/zod-schemas';
import { requireSignedDevice } from './http/signed';
import { authRoutes } from './auth/routes';
import { catalogRoutes } from './catalog/routes';
import type { RouteContext } from './http/route-context';
import { deviceRoutes } from './devices/routes';
import { healthRoutes } from './http/health-routes';
import { overrideRoutes } from './auth/override-routes';
import { recordRoutes } from './records/routes';
import { flaggedOrderRoutes } from './order-flags/routes';
import { shiftListRoutes } from './shifts/routes';
import { saleSettingsRoutes } from './returns/settings-routes';
import { deliverDemoCallbacks, demoFulfilment, type Fulfilment } from './virtual/fulfilment';
import { sweepVirtualOrders } from './virtual/sweep';
import { JobQueue } from './jobs/queue';
import { installPayments, paymentsReady, type PaymentsOptions } from './payments/index';
import { paymentTillRoutes } from './payments/routes';
import { paymentOwnerRoutes } from './payments/owner-routes';
import { alertLateRefund, lateRefundRoutes } from './returns/late-refunds';
import type { PaymentEngine } from './payments/engine';
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
import { depositCallbackRoutes, depositSecrets, depositSessionRoutes, type DepositOptions } from './deposits/routes';
import { DEPOSIT_TTL_MS_DEFAULT, expireDeposits } from './deposits/ledger';
import { capabilityRoutes, routeTable } from './capabilities/routes';
import { updateAdminRoutes } from './updates/admin-routes';
import { updateAgentRoutes } from './updates/agent-routes';
import { updateFeedRoutes } from './updates/feed-routes';

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
  /** payment codes: merchant-key seal, the demo provider's URL, provider timeout, poll and confirm limits */
  payments?: PaymentsOptions;
  /**
   * Record kinds this cloud does not take (their routes are not registered): plays a cloud older than its
   * tills in the capability tests. Default: none.
   */
  disabledRecordKinds?: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the cloud's durable job queue (pg-boss), started when the app is ready, stopped when it closes */
    jobs: JobQueue;
    payments: PaymentEngine;
  }
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
  // Route schemas are the shared zod schemas; the OpenAPI document lists every route registered below.
  installZodSchemas(app);
  const routes = routeTable(app);
  const takes = (kind: string) => !opts.disabledRecordKinds?.includes(kind);

  app.register(healthRoutes);
  app.register(updateFeedRoutes(ctx));
  app.register(updateAdminRoutes(ctx));
  app.register(deviceRoutes(sctx));
  const fulfilment = opts.fulfilment ?? demoFulfilment();
  app.register(supplierCallbackRoutes(ctx, fulfilment.config));
  app.register(supplierPublishingRoutes(ctx, fulfilment.config));
  app.register(depositCallbackRoutes(ctx, depositSecrets(opts.deposits)));

  // Durable background work runs on the job queue, once across every cloud process (cloud/jobs/queue.ts).
  const jobs = new JobQueue(opts.db, { log: (level, msg, err) => app.log[level]({ err }, msg) });
  app.decorate('jobs', jobs);
  const depositSweepMs = opts.deposits?.sweepMs ?? 60_000;
  const depositTtlMs = opts.deposits?.ttlMs ?? DEPOSIT_TTL_MS_DEFAULT;
  if (depositSweepMs > 0)
    jobs.every('deposits.expire', depositSweepMs, async () => {
      await expireDeposits(ctx.db, ctx.now(), depositTtlMs);
    });
  const tickMs = opts.fulfilmentTickMs ?? (opts.fulfilment ? 0 : 1000);
  if (tickMs > 0) {
    jobs.every('virtual.sweep', tickMs, async () => {
      await sweepVirtualOrders(ctx.db, fulfilment.config, ctx.now());
    });
    installDemoCallbacks(app, ctx, fulfilment, tickMs);
  }
  const payments = installPayments(ctx, jobs, opts.payments);
  payments.onLateRefundFailure = (refundId) =>
    alertLateRefund(sctx, refundId, (e) => app.log.error(e, 'late refund alert failed'));
  app.decorate('payments', payments);
  paymentsReady(app, ctx.db, payments, ctx.now, opts.payments ?? {});
  app.addHook('onReady', async () => {
    await jobs.start();
  });
  app.addHook('onClose', async () => {
    await jobs.stop();
  });
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
    await signed.register(overrideRoutes(ctx));
    await signed.register(catalogRoutes(ctx));
    // POST /v1/orders/batch, /v1/shifts/batch …: one per kind of the record-kind registry it takes
    await signed.register(recordRoutes(sctx, { takes }));
    await signed.register(capabilityRoutes(ctx, routes));
    await signed.register(virtualSignedRoutes(ctx, fulfilment.config));
    await signed.register(paymentTillRoutes(ctx, payments));
    await signed.register(securityRoutes(sctx));
    // Platform routes acting as an employee (members, deposits, catalog administration).
    await signed.register(async (session) => {
      requireEmployeeSession(session, sctx);
      await session.register(memberRoutes(sctx));
      await session.register(depositSessionRoutes(sctx));
      await session.register(catalogAdminRoutes(sctx));
      await session.register(agentRoutes(sctx));
      await session.register(updateAgentRoutes(sctx));
      await session.register(shiftListRoutes(sctx));
      await session.register(flaggedOrderRoutes(sctx));
      await session.register(lateRefundRoutes(sctx));
      await session.register(saleSettingsRoutes(sctx));
      await session.register(paymentOwnerRoutes(sctx, payments));
    });
  });
  return app;
}

/**
 * The demo supplier's callbacks arrive on its own clock, in this process: it is the outside party (its
 * callbacks are held in this process's memory), not the cloud's own durable work. Runs never overlap.
 */
function installDemoCallbacks(app: FastifyInstance, ctx: RouteContext, f: Fulfilment, everyMs: number): void {
  if (!f.demo) return;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      if (running) return;
      running = true;
      deliverDemoCallbacks(ctx.db, f, ctx.now())
        .catch((err) => app.log.error({ err }, 'demo supplier callbacks failed'))
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
