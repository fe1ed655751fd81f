// Runtime: Node. Payments in the cloud app: the engine, its durable jobs (follow-ups, refunds, the daily
// bills) on the job queue, the till's and the owner's routes, and the demo outlet's demo merchant accounts.
import type { FastifyInstance } from 'fastify';
import type { CloudDb } from '../db/types';
import type { JobQueue } from '../jobs/queue';
import type { RouteContext } from '../http/route-context';
import { DEMO } from '../seed/demo';
import { DEMO_AGGREGATOR, DEMO_ALIPAY, DEMO_WECHAT } from './demo/server';
import { DEFAULT_PAYMENT_SETTINGS, FOLLOW_UP_QUEUE, PaymentEngine, REFUND_QUEUE } from './engine';
import { merchantRows, paymentConfigKeyFromEnv, saveMerchant } from './merchants';
import { beijingDate, downloadBills } from './reconcile';

export interface PaymentsOptions {
  /** seals merchant keys at rest (default PAYMENT_CONFIG_KEY, else a per-process random key) */
  key?: Buffer;
  /** base URL of the demo provider, for merchant accounts in environment 'demo' */
  demoUrl?: string;
  /** a provider call gives up after this long: the outcome is unknown and asked again (default 10 s) */
  timeoutMs?: number;
  /** a pending payment is asked about again this often (default 3 s) */
  pollIntervalMs?: number;
  /** how long a customer may take to confirm before the payment is reversed (default 45 s) */
  confirmLimitMs?: number;
  /** (re)seal the demo outlet's demo WeChat Pay and Alipay accounts at start (npm start, tests) */
  demoMerchants?: boolean;
  /** ms between checks for yesterday's bills, downloaded from 10:00 Beijing time (default 1 h; 0 = off) */
  billCheckMs?: number;
}

export const BILLS_QUEUE = 'payments.bills';
/** Providers publish yesterday's bill by about 09:00–10:00 Beijing time. */
const BILLS_FROM_HOUR = 10;

export function installPayments(ctx: RouteContext, queue: JobQueue, opts: PaymentsOptions = {}): PaymentEngine {
  const engine = new PaymentEngine(
    ctx.db,
    queue,
    {
      key: opts.key ?? paymentConfigKeyFromEnv(),
      gateways: { demoUrl: opts.demoUrl, timeoutMs: opts.timeoutMs ?? DEFAULT_PAYMENT_SETTINGS.timeoutMs },
      pollIntervalMs: opts.pollIntervalMs ?? DEFAULT_PAYMENT_SETTINGS.pollIntervalMs,
      confirmLimitMs: opts.confirmLimitMs ?? DEFAULT_PAYMENT_SETTINGS.confirmLimitMs,
    },
    ctx.now,
  );
  // Provider calls take seconds: several payments are followed at once; a step stuck past 2 min is retried.
  // Follow-ups are due every pollIntervalMs: look for due ones twice as often (never under pg-boss's 0.5 s).
  const followUpPoll = Math.min(5, Math.max(0.5, engine.settings.pollIntervalMs / 2000));
  queue.define(
    FOLLOW_UP_QUEUE,
    { policy: 'stately', expireInSeconds: 120, concurrency: 8, pollingIntervalSeconds: followUpPoll },
    async (data) => {
      await engine.followUp(String(data.paymentId));
    },
  );
  queue.define(
    REFUND_QUEUE,
    { policy: 'stately', expireInSeconds: 120, concurrency: 2, pollingIntervalSeconds: 2 },
    async (data) => {
      await engine.refundStep(String(data.refundId));
    },
  );
  const billEvery = opts.billCheckMs ?? 3_600_000;
  if (billEvery > 0) queue.every(BILLS_QUEUE, billEvery, () => fetchYesterdaysBills(ctx.db, engine, ctx.now()));
  return engine;
}

/** Once a day per outlet and provider: yesterday's bill, from 10:00 Beijing time, until one download worked. */
export async function fetchYesterdaysBills(db: CloudDb, engine: PaymentEngine, now: number): Promise<void> {
  if (new Date(now + 8 * 3600_000).getUTCHours() < BILLS_FROM_HOUR) return;
  const yesterday = beijingDate(now - 86_400_000);
  const { rows } = await db.query<{ outlet_id: string }>(
    `SELECT DISTINCT m.outlet_id FROM payment_merchants m
      WHERE NOT EXISTS (SELECT 1 FROM payment_bills b WHERE b.outlet_id = m.outlet_id AND b.provider = m.provider
                          AND b.bill_date = $1 AND b.downloaded_at IS NOT NULL)`,
    [yesterday],
  );
  for (const r of rows) await downloadBills(db, engine, r.outlet_id, yesterday, now);
}

/** The demo outlet takes WeChat Pay and Alipay codes through its direct accounts and UnionPay codes through an
 *  aggregator terminal, all at the demo provider (sealed with this process's key). */
export async function ensureDemoMerchants(db: CloudDb, engine: PaymentEngine, now: number): Promise<void> {
  const { rows } = await db.query('SELECT 1 FROM organizations WHERE id = $1', [DEMO.outletId]);
  if (rows.length === 0) return;
  const existing = await merchantRows(db, DEMO.outletId);
  const readable = async (provider: string) =>
    existing.some((r) => r.provider === provider) && (await engine.provider(DEMO.outletId, provider)) !== null;
  const { appid, mchid, merchantSerialNo, merchantPrivateKeyPem, platformPublicKeyId, platformPublicKeyPem } =
    DEMO_WECHAT;
  if (!(await readable('wechatpay')))
    await saveMerchant(
      db,
      DEMO.outletId,
      {
        provider: 'wechatpay',
        environment: 'demo',
        schemes: ['wechat'],
        secrets: { appid, mchid, merchantSerialNo, merchantPrivateKeyPem, platformPublicKeyId, platformPublicKeyPem },
      },
      engine.settings.key,
      null,
      now,
    );
  if (!(await readable('alipay')))
    await saveMerchant(
      db,
      DEMO.outletId,
      {
        provider: 'alipay',
        environment: 'demo',
        schemes: ['alipay'],
        secrets: {
          appId: DEMO_ALIPAY.appId,
          appPrivateKeyPem: DEMO_ALIPAY.appPrivateKeyPem,
          alipayPublicKeyPem: DEMO_ALIPAY.alipayPublicKeyPem,
        },
      },
      engine.settings.key,
      null,
      now,
    );
  if (!(await readable('aggregator')))
    await saveMerchant(
      db,
      DEMO.outletId,
      { provider: 'aggregator', environment: 'demo', schemes: ['unionpay'], secrets: { ...DEMO_AGGREGATOR } },
      engine.settings.key,
      null,
      now,
    );
}

export function paymentsReady(
  app: FastifyInstance,
  db: CloudDb,
  engine: PaymentEngine,
  now: () => number,
  opts: PaymentsOptions,
): void {
  if (!opts.demoMerchants) return;
  app.addHook('onReady', async () => {
    await ensureDemoMerchants(db, engine, now()).catch((e: unknown) =>
      app.log.error(e, 'sealing the demo merchant accounts failed'),
    );
  });
}
