// Runtime: Node. Cloud payment-code throughput on real PostgreSQL: payments per second taken end to end —
// tills' Ed25519-signed POST /v1/payments over real HTTP, the payment row and its durable follow-up job in one
// transaction, the provider call signed (WeChat Pay v3 RSA / Alipay RSA2 through alipay-sdk) to the demo
// provider, which verifies it and signs its answer, the answer verified, the outcome recorded — WeChat and
// Alipay codes alternating, several tills in parallel. Baseline measured in the same run: the same tills
// submitting one payment at a time in total (a single till). The demo provider runs in this process with no
// added latency, so the figure is the cloud's own cost (crypto both ways + PostgreSQL), not a network's.
// Usage: DATABASE_URL=postgres://… npx tsx bench/cloud-payments.ts [--quick]
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { signRequest } from '../electron/backend/device/signer';
import { buildCloud } from '../cloud/app';
import { openCloudDb } from '../cloud/db/open';
import { demoCode } from '../cloud/payments/demo/outcomes';
import { startDemoPayProvider } from '../cloud/payments/demo/server';
import { DEMO, seedDemo } from '../cloud/seed/demo';
import { newDeviceKey, registerPayload } from '../cloud/test-support/device';
import { PATHS } from '../shared/sync/protocol';
import { rateFigure, type Figure } from './harness';

const TILLS = 8;

interface Till {
  id: string;
  privateKey: ReturnType<typeof newDeviceKey>['privateKey'];
}

async function payOnce(base: string, t: Till, i: number): Promise<void> {
  const body = JSON.stringify({
    paymentId: randomUUID(),
    code: demoCode(i % 2 === 0 ? 'wechat' : 'alipay', '0000'),
    amountFen: 100 + (i % 900),
    purpose: 'sale',
    employeeId: DEMO.cashier.id,
  });
  const headers = signRequest({
    deviceId: t.id,
    privateKey: t.privateKey,
    method: 'POST',
    pathWithQuery: '/v1/payments',
    body,
    now: Date.now(),
  });
  const res = await fetch(`${base}/v1/payments`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  const answer = (await res.json()) as { payment?: { status: string } };
  if (res.status !== 200 || answer.payment?.status !== 'paid')
    throw new Error(`payment not paid: ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
}

/** Each till takes `per` payments one after another; tills in parallel. Answers payments per second. */
async function run(base: string, tills: Till[], per: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    tills.map(async (t) => {
      for (let i = 0; i < per; i++) await payOnce(base, t, i);
    }),
  );
  return (tills.length * per) / ((performance.now() - t0) / 1000);
}

export async function cloudPaymentFigures(opts: { databaseUrl?: string; quick?: boolean }): Promise<Figure[]> {
  const admin = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (!admin) throw new Error('cloud payments needs PostgreSQL: set DATABASE_URL');
  const name = `qm_bench_pay_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const db = await openCloudDb({ databaseUrl: u.toString() });
  const demo = await startDemoPayProvider({ latencyMs: 0 });
  const app = buildCloud({
    db,
    fulfilmentTickMs: 0,
    deposits: { sweepMs: 0 },
    payments: { demoUrl: demo.url, demoMerchants: true, billCheckMs: 0 },
  });
  try {
    await seedDemo(db, Date.now());
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const tills: Till[] = [];
    for (let i = 0; i < TILLS; i++) {
      const key = newDeviceKey();
      const res = await fetch(base + PATHS.register, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(await registerPayload(base, key)),
      });
      const r = (await res.json()) as { deviceId: string };
      await db.query("UPDATE devices SET status = 'active' WHERE id = $1", [r.deviceId]);
      tills.push({ id: r.deviceId, privateKey: key.privateKey });
    }
    const per = opts.quick ? 15 : 60;
    await run(base, tills.slice(0, 2), 5); // warm-up: JIT, pool connections, TLS-free keep-alive sockets
    const single = await run(base, tills.slice(0, 1), per);
    const parallel = await run(base, tills, per);
    const { rows } = await db.query<{ n: number; paid: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'paid')::int AS paid FROM payments",
    );
    const expected = 10 + per + TILLS * per;
    if (rows[0]!.n !== expected || rows[0]!.paid !== expected)
      throw new Error(`expected ${expected} paid payments, found ${JSON.stringify(rows[0])}`);
    if (demo.books.trades.size !== expected)
      throw new Error(`the provider holds ${demo.books.trades.size} trades for ${expected} payments`);
    return [
      rateFigure(
        `cloud payment codes, ${TILLS} tills in parallel (PostgreSQL, demo provider in-process, ${(TILLS * per).toLocaleString('en')} payments)`,
        parallel,
        'payments/s',
        { name: 'one till, one payment at a time', value: single },
      ),
    ];
  } finally {
    await app.close();
    await db.close();
    await demo.close();
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => d.end());
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  cloudPaymentFigures({ quick: process.argv.includes('--quick') })
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
