// Runtime: Node. Starts the cloud in-process: database (PGlite or PostgreSQL), demo seed, HTTP listener.
// Used by POS integration tests, e2e, `npm start` and benchmarks; port 0 picks a free port.
import type { FastifyInstance } from 'fastify';
import { buildCloud, type BuildCloudOptions } from './app';
import { openCloudDb } from './db/open';
import type { CloudDb } from './db/types';
import { seedDemo } from './seed/demo';
import { demoFulfilment } from './virtual/fulfilment';
import { startDemoPayProvider, type DemoPayOptions, type DemoPayProvider } from './payments/demo/server';

export interface StartCloudOptions {
  host?: string;
  port?: number;
  databaseUrl?: string;
  /** PGlite data folder; in-memory when neither this nor databaseUrl is given */
  dataDir?: string;
  seed?: boolean;
  logger?: boolean;
  now?: () => number;
  /** the supplier side of virtual goods (default: the demo supplier on a 1 s clock) */
  fulfilment?: BuildCloudOptions['fulfilment'];
  /** with the default demo supplier: how long it takes to answer an order, in ms (default 2000;
   *  DEMO_SUPPLIER_DELAY_MS in server.ts and `npm start`). Ignored when `fulfilment` is given. */
  supplierDelayMs?: number;
  fulfilmentTickMs?: number;
  /** deposits not confirmed by their channel within this many ms expire (default 24 h; server.ts: DEPOSIT_TTL_HOURS) */
  depositTtlMs?: number;
  /** ms between deposit expiry sweeps (default 60 s; 0 = off) */
  depositSweepMs?: number;
  /** the demo payment provider (WeChat Pay v3 + Alipay shapes): started with the cloud unless false, or an
   *  already running one's URL (tests that restart the cloud keep the provider, an outside party, running) */
  demoPay?: false | (DemoPayOptions & { url?: string });
  /** payment-code settings (timeouts, poll interval, confirm limit, merchant-key seal) */
  payments?: BuildCloudOptions['payments'];
  /** record kinds this cloud does not take (plays an older cloud in the capability tests) */
  disabledRecordKinds?: BuildCloudOptions['disabledRecordKinds'];
}

export interface RunningCloud {
  url: string;
  port: number;
  db: CloudDb;
  app: FastifyInstance;
  /** the demo payment provider this cloud started (undefined when it uses an outside one or none) */
  demoPay?: DemoPayProvider;
  close(): Promise<void>;
}

export async function startCloud(opts: StartCloudOptions = {}): Promise<RunningCloud> {
  const db = await openCloudDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  let demoPay: DemoPayProvider | undefined;
  try {
    if (opts.demoPay !== false && !opts.demoPay?.url) demoPay = await startDemoPayProvider(opts.demoPay || {});
    const demoUrl = opts.demoPay === false ? undefined : (opts.demoPay?.url ?? demoPay?.url);
    if (opts.seed ?? true) await seedDemo(db, (opts.now ?? Date.now)());
    const deposits = {
      ...(opts.depositTtlMs !== undefined ? { ttlMs: opts.depositTtlMs } : {}),
      ...(opts.depositSweepMs !== undefined ? { sweepMs: opts.depositSweepMs } : {}),
    };
    const app = buildCloud({
      db,
      now: opts.now,
      logger: opts.logger ?? false,
      fulfilment:
        opts.fulfilment ??
        (opts.supplierDelayMs !== undefined ? demoFulfilment({ latencyMs: opts.supplierDelayMs }) : undefined),
      // a demo supplier made here still needs the default clock to deliver its callbacks
      fulfilmentTickMs:
        opts.fulfilmentTickMs ?? (!opts.fulfilment && opts.supplierDelayMs !== undefined ? 1000 : undefined),
      deposits,
      disabledRecordKinds: opts.disabledRecordKinds,
      payments: { demoMerchants: opts.seed ?? true, ...opts.payments, ...(demoUrl ? { demoUrl } : {}) },
    });
    const host = opts.host ?? '127.0.0.1';
    await app.listen({ host, port: opts.port ?? 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    let closed = false;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      db,
      app,
      demoPay,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await db.close();
        await demoPay?.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => {});
    await demoPay?.close().catch(() => {});
    throw e;
  }
}
