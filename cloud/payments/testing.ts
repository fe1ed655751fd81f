// Runtime: Node (tests). A seeded cloud listening on 127.0.0.1 (PGlite, or PostgreSQL with DATABASE_URL), the
// demo payment provider beside it (an outside party: it outlives cloud restarts), a registered till, and a
// signed HTTP client speaking to the cloud as the till does — over real HTTP, never inject.
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { PATHS, type RegisterResponse } from '../../shared/sync/protocol';
import { signRequest } from '../../electron/backend/device/signer';
import { buildCloud } from '../app';
import type { CloudDb } from '../db/types';
import { DEMO, seedDemo } from '../seed/demo';
import { newDeviceKey, registerPayload } from '../test-support/device';
import type { PaymentsOptions } from './index';
import { startDemoPayProvider, type DemoPayProvider } from './demo/server';

/** Fast settings for tests: provider calls give up after 600 ms, pending payments are asked every 200 ms
 *  (pg-boss polls every 0.5 s), a customer has 3 s to confirm. */
export const TEST_PAYMENTS: PaymentsOptions = {
  timeoutMs: 600,
  pollIntervalMs: 200,
  confirmLimitMs: 3_000,
  billCheckMs: 0,
};

export interface PaymentCloud {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function listenCloud(
  db: CloudDb,
  demo: DemoPayProvider,
  over: PaymentsOptions = {},
): Promise<PaymentCloud> {
  const app = buildCloud({
    db,
    fulfilmentTickMs: 0,
    deposits: { sweepMs: 0 },
    payments: { ...TEST_PAYMENTS, demoUrl: demo.url, demoMerchants: true, ...over },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  return {
    url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    app,
    close: () => app.close(),
  };
}

export async function startTestDemo(): Promise<DemoPayProvider> {
  return startDemoPayProvider({ latencyMs: 0, hangMs: 1_500 });
}

export interface Till {
  deviceId: string;
  call<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** point at another cloud (a restart on another port) */
  use(url: string): void;
}

export async function registerTill(baseUrl: string): Promise<Till> {
  const key = newDeviceKey();
  const res = await fetch(`${baseUrl}${PATHS.register}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(await registerPayload(baseUrl, key)),
  });
  if (res.status !== 200) throw new Error(`register: ${res.status} ${await res.text()}`);
  const reg = (await res.json()) as RegisterResponse;
  let url = baseUrl;
  return {
    deviceId: reg.deviceId,
    use(u) {
      url = u;
    },
    async call(method, path, body) {
      const payload = body === undefined ? '' : JSON.stringify(body);
      const headers = signRequest({
        deviceId: reg.deviceId,
        privateKey: key.privateKey,
        method,
        pathWithQuery: path,
        body: payload,
        now: Date.now(),
      });
      const r = await fetch(`${url}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : payload,
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : {}) as never };
    },
  };
}

export async function seeded(db: CloudDb): Promise<void> {
  await seedDemo(db);
}

export const submitBody = (code: string, amountFen = 1_250, over: Record<string, unknown> = {}) => ({
  paymentId: randomUUID(),
  code,
  amountFen,
  purpose: 'sale',
  employeeId: DEMO.cashier.id,
  ...over,
});
