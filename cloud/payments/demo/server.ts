// Runtime: Node. The demo payment provider: one small HTTP server speaking WeChat Pay API v3 (/v3/…) and the
// Alipay gateway (/gateway.do) with their real shapes and signatures, for `npm start`, the e2e tests and
// the adapters' tests. Outcomes follow the code scanned (outcomes.ts); every answer waits `latencyMs` first
// (DEMO_PAY_LATENCY_MS, or startCloud({ demoPay: { latencyMs } })), like a provider across the internet.
// It is an outside party: its trades live in its own memory (trades.ts), not in the cloud's database.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AlipayConfig } from '../providers/alipay';
import type { WechatPayConfig } from '../providers/wechatpay';
import type { AggregatorConfig } from '../providers/aggregator';
import { demoAggregatorRoutes } from './aggregator';
import { demoAlipayRoutes } from './alipay';
import {
  ALIPAY_APP_PRIVATE_KEY,
  ALIPAY_APP_PUBLIC_KEY,
  ALIPAY_PLATFORM_PRIVATE_KEY,
  ALIPAY_PLATFORM_PUBLIC_KEY,
  WECHAT_MERCHANT_PRIVATE_KEY,
  WECHAT_MERCHANT_PUBLIC_KEY,
  WECHAT_PLATFORM_PRIVATE_KEY,
  WECHAT_PLATFORM_PUBLIC_KEY,
} from './keys';
import { DemoBooks } from './trades';
import { demoWechatRoutes } from './wechatpay';

/** The demo merchant accounts (the demo outlet's, and any test's). Their keys are in keys.ts. */
export const DEMO_WECHAT = {
  appid: 'wx8d0f0c9a5b7e3d21',
  mchid: '1900009231',
  merchantSerialNo: '3775B6A45ACD588826D15E583A95F5DD2C3D6A1F',
  merchantPrivateKeyPem: WECHAT_MERCHANT_PRIVATE_KEY,
  platformPublicKeyId: 'PUB_KEY_ID_0119000092312025DEMO000000001',
  platformPublicKeyPem: WECHAT_PLATFORM_PUBLIC_KEY,
} as const;
export const DEMO_ALIPAY = {
  appId: '2021004100000001',
  pid: '208800000000',
  appPrivateKeyPem: ALIPAY_APP_PRIVATE_KEY,
  alipayPublicKeyPem: ALIPAY_PLATFORM_PUBLIC_KEY,
} as const;

/** The demo aggregator terminal (聚合支付): the demo outlet takes UnionPay codes through it. */
export const DEMO_AGGREGATOR = {
  terminalSn: '100071150000001',
  terminalKey: '5b1e9c0f7d2a4e6b8c3f1a9d0e7b2c4f',
} as const;

export interface DemoPayOptions {
  /** ms before every answer (default: DEMO_PAY_LATENCY_MS, else 0) */
  latencyMs?: number;
  /** how late a 'timeout_paid' code (…3001) is answered (default 15 s: past the cloud's provider timeout) */
  hangMs?: number;
  host?: string;
  port?: number;
}

export interface DemoPayProvider {
  url: string;
  books: DemoBooks;
  /** change the latency of a running provider (bench, tests) */
  setLatency(ms: number): void;
  close(): Promise<void>;
  wechat(timeoutMs: number): WechatPayConfig;
  alipay(timeoutMs: number): AlipayConfig;
  aggregator(timeoutMs: number): AggregatorConfig;
}

export function demoLatencyFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.DEMO_PAY_LATENCY_MS);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

export async function startDemoPayProvider(opts: DemoPayOptions = {}): Promise<DemoPayProvider> {
  const books = new DemoBooks();
  let latency = opts.latencyMs ?? demoLatencyFromEnv();
  const hang = opts.hangMs ?? 15_000;
  let url = '';
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  // WeChat signs the raw body: keep it as text. Alipay posts a form.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.addHook('onRequest', async () => {
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  });
  app.register(
    demoWechatRoutes({
      books,
      merchants: [
        {
          mchid: DEMO_WECHAT.mchid,
          appid: DEMO_WECHAT.appid,
          serialNo: DEMO_WECHAT.merchantSerialNo,
          publicKeyPem: WECHAT_MERCHANT_PUBLIC_KEY,
        },
      ],
      platformKeyId: DEMO_WECHAT.platformPublicKeyId,
      platformPrivateKeyPem: WECHAT_PLATFORM_PRIVATE_KEY,
      hangMs: () => hang,
      baseUrl: () => url,
    }),
  );
  app.register(
    demoAlipayRoutes({
      books,
      apps: [{ appId: DEMO_ALIPAY.appId, pid: DEMO_ALIPAY.pid, publicKeyPem: ALIPAY_APP_PUBLIC_KEY }],
      platformPrivateKeyPem: ALIPAY_PLATFORM_PRIVATE_KEY,
      hangMs: () => hang,
      baseUrl: () => url,
    }),
  );
  app.register(demoAggregatorRoutes({ books, terminals: [DEMO_AGGREGATOR], hangMs: () => hang }));
  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    books,
    setLatency(ms) {
      latency = ms;
    },
    async close() {
      await app.close();
    },
    wechat: (timeoutMs) => ({ baseUrl: url, ...DEMO_WECHAT, timeoutMs }),
    alipay: (timeoutMs) => ({ gateway: `${url}/gateway.do`, ...DEMO_ALIPAY, timeoutMs }),
    aggregator: (timeoutMs) => ({ baseUrl: url, ...DEMO_AGGREGATOR, timeoutMs }),
  };
}
