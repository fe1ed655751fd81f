// Runtime: Node. Cloud ingest on real PostgreSQL: orders per second accepted end to end — real HTTP to a
// listening cloud, Ed25519-signed requests, zod validation, the permanent idempotency key, stock moved in
// the feed — batched as the POS sends them (100 per request, several devices in parallel), against the
// naive baseline measured in the same run (one order per request, same devices in parallel).
// Usage: DATABASE_URL=postgres://… npx tsx bench/cloud-ingest.ts [--quick]
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildCloud } from '../cloud/app';
import { openCloudDb } from '../cloud/db/open';
import { seedDemo } from '../cloud/seed/demo';
import { newDeviceKey, registerPayload, signedHeaders } from '../cloud/test-support/device';
import { makeOrder } from '../cloud/test-support/orders';
import { PATHS } from '../shared/sync/protocol';
import { rateFigure, type Figure } from './harness';

const BATCH = 100;
const DEVICES = 4;

interface Device {
  id: string;
  privateKey: ReturnType<typeof newDeviceKey>['privateKey'];
}

async function push(base: string, d: Device, orders: unknown[]): Promise<void> {
  const { headers, payload } = signedHeaders(d, { method: 'POST', url: PATHS.ordersBatch, body: { orders } });
  const res = await fetch(base + PATHS.ordersBatch, { method: 'POST', headers, body: payload });
  const body = (await res.json()) as { results?: { status: string }[] };
  const bad = body.results?.filter((r) => r.status !== 'accepted') ?? [];
  if (res.status !== 200 || bad.length > 0)
    throw new Error(`push refused: ${res.status} ${JSON.stringify(bad[0] ?? body).slice(0, 300)}`);
}

/** Each device pushes its own orders in `per`-sized requests, one request at a time; devices in parallel. */
async function ingest(base: string, devices: Device[], perDevice: number, per: number): Promise<number> {
  const work = devices.map(() => Array.from({ length: perDevice }, () => makeOrder()));
  const t0 = performance.now();
  await Promise.all(
    devices.map(async (d, i) => {
      const mine = work[i]!;
      for (let k = 0; k < mine.length; k += per) await push(base, d, mine.slice(k, k + per));
    }),
  );
  return (devices.length * perDevice) / ((performance.now() - t0) / 1000);
}

export async function cloudIngestFigures(opts: { databaseUrl?: string; quick?: boolean }): Promise<Figure[]> {
  const admin = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (!admin) throw new Error('cloud ingest needs PostgreSQL: set DATABASE_URL');
  const name = `qm_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const db = await openCloudDb({ databaseUrl: u.toString() });
  const app = buildCloud({ db, fulfilmentTickMs: 0 });
  try {
    await seedDemo(db, Date.now());
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const devices: Device[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const key = newDeviceKey();
      const res = await fetch(base + PATHS.register, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(await registerPayload(base, key)),
      });
      const r = (await res.json()) as { deviceId: string };
      // The bench measures ingest, not device approval: an outlet that requires approval gets it here.
      await db.query("UPDATE devices SET status = 'active' WHERE id = $1", [r.deviceId]);
      devices.push({ id: r.deviceId, privateKey: key.privateKey });
    }
    const batchedPer = opts.quick ? 500 : 2500;
    const singlePer = opts.quick ? 50 : 250;
    await ingest(base, devices, 20, BATCH); // warm-up: JIT, pool connections, plans
    const single = await ingest(base, devices, singlePer, 1);
    const batched = await ingest(base, devices, batchedPer, BATCH);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    const expected = DEVICES * (20 + singlePer + batchedPer);
    if (rows[0]!.n !== expected) throw new Error(`expected ${expected} stored orders, found ${rows[0]!.n}`);
    return [
      rateFigure(
        `cloud ingest, ${BATCH}/request × ${DEVICES} devices (PostgreSQL, ${(DEVICES * batchedPer).toLocaleString('en')} orders)`,
        batched,
        'orders/s',
        { name: 'one order per request', value: single },
        '≥ 2,000 orders/s',
      ),
    ];
  } finally {
    await app.close();
    await db.close();
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => d.end());
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  cloudIngestFigures({ quick: process.argv.includes('--quick') })
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
