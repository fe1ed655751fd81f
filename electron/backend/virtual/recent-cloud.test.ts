// Recent virtual orders and complaints (假充) at the counter, against the real cloud (Fastify on PGlite,
// demo supplier made deterministic by the phone's last digit: …0 success, …9 stuck). Between POS and cloud
// sits a small HTTP proxy that can LOSE AN ANSWER: it forwards a submit, lets the cloud commit it, and
// resets the connection instead of answering — the stuck order a cashier used to lose track of.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { fundDemoOutlet } from '../../../cloud/seed/demo-funds';
import type { CloudDb } from '../../../cloud/db/types';
import { checkLedgerInvariants } from '../../../cloud/ledger';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { resolveComplaint } from '../../../cloud/virtual/complaints';
import { demoFulfilment } from '../../../cloud/virtual/fulfilment';
import { VIRTUAL_PATHS } from '../../../shared/sync/protocol';
import { openTillAt, type tempDir, type TestPos } from '../testing/harness';

const OK_PHONE = '13800138000';
const STUCK_PHONE = '13800138009';

/** Forwards everything; the next `loseSubmits` submits reach the cloud but their answers are dropped. */
async function startLossyProxy(target: string) {
  const t = new URL(target);
  const state = { loseSubmits: 0, down: false };
  const server: Server = createServer((req, res) => {
    if (state.down) return req.socket.destroy();
    const lose = state.loseSubmits > 0 && req.method === 'POST' && req.url === VIRTUAL_PATHS.submit;
    if (lose) state.loseSubmits--;
    const up = httpRequest(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (lose) {
          answer.resume();
          answer.on('end', () => req.socket.destroy()); // committed in the cloud, never answered here
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('recent virtual orders and complaints: POS backend against the real cloud', () => {
  let db: CloudDb;
  let cloud: RunningCloud;
  let proxy: Awaited<ReturnType<typeof startLossyProxy>>;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const cmcc100 = demoCatalog().products.find(
    (p) => p.kind === 'topup' && p.carrier === 'cmcc' && p.faceValue === 10_000,
  )!;

  beforeAll(async () => {
    cloud = await startCloud({
      port: 0,
      fulfilment: demoFulfilment({
        seed: 1,
        latencyMs: 50,
        slaMs: 600,
        queryIntervalMs: 100,
        maxQueries: 2,
        fateOf: (req) => (req.phone?.endsWith('9') ? 'stuck' : 'success'),
      }),
      fulfilmentTickMs: 50,
    });
    db = cloud.db;
    await fundDemoOutlet(db); // the opening ¥5,000.00 deposit; the tests compare balances before and after
    proxy = await startLossyProxy(cloud.url);
    ({ t, dir } = await openTillAt(proxy.url, { deviceName: '收银台1', login: DEMO.cashier }));
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('an order whose answer was lost is listed, and its status (stuck) arrives from the cloud', async () => {
    // Two: the POS retries once at once on a dropped connection (idempotent on clientOrderId); both lost.
    proxy.state.loseSubmits = 2;
    const lost = await t.backend.call('virtual.submit', { productId: cmcc100.id, phone: STUCK_PHONE });
    expect(!lost.ok && lost.error.code).toBe('OFFLINE');
    const clientOrderId = (!lost.ok && (lost.error.details as { clientOrderId: string }).clientOrderId) as string;
    // The cloud has it: listed with the cloud's id, pending, then stuck once the SLA passes (and escalated).
    const first = (await t.pos.call('virtual.recent', { limit: 10 })).orders;
    expect(first[0]).toMatchObject({
      clientOrderId,
      productName: cmcc100.name,
      phone: STUCK_PHONE,
      id: expect.any(String),
    });
    await vi.waitFor(
      async () => {
        const o = (await t.pos.call('virtual.recent', { limit: 10 })).orders.find(
          (x) => x.clientOrderId === clientOrderId,
        )!;
        expect(o).toMatchObject({ status: 'stuck', cost: null }); // a cashier: no cost.view
      },
      { timeout: 15_000, interval: 200 },
    );
  });

  it('complaint on a successful top-up: opened, then its outcome (compensated) is shown', async () => {
    const sent = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: OK_PHONE });
    await vi.waitFor(async () => expect((await t.pos.call('virtual.status', { id: sent.id })).status).toBe('success'), {
      timeout: 10_000,
      interval: 100,
    });
    const listed = (await t.pos.call('virtual.recent', { limit: 10 })).orders;
    expect(listed[0]).toMatchObject({ id: sent.id, status: 'success', complaint: null });
    const opened = await t.pos.call('virtual.complain', { orderId: sent.id, reason: '客户说没到账' });
    expect(opened.complaint).toEqual({ status: 'open', resolution: null });
    // the same complaint again answers the same; a complaint on a stuck order is refused (CONFLICT)
    expect((await t.pos.call('virtual.complain', { orderId: sent.id, reason: '客户说没到账' })).complaint?.status).toBe(
      'open',
    );
    const stuck = listed.find((o) => o.status === 'stuck')!;
    const refused = await t.backend.call('virtual.complain', { orderId: stuck.id!, reason: '没到账' });
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    const { rows } = await db.query<{ id: string }>('SELECT id FROM virtual_complaints WHERE order_id = $1', [sent.id]);
    await resolveComplaint(db, rows[0]!.id, 'compensate', '供货商对账确认未到账', Date.now());
    const after = (await t.pos.call('virtual.recent', { limit: 10 })).orders.find((o) => o.id === sent.id)!;
    expect(after.complaint).toEqual({ status: 'compensated', resolution: '供货商对账确认未到账' });
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it('refused submits are not listed; offline, the list is the journal as last known, and says so', async () => {
    const online = await t.pos.call('virtual.recent', { limit: 50 });
    expect(online.offline).toBeUndefined();
    const bad = await t.backend.call('virtual.submit', { productId: cmcc100.id });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    expect((await t.pos.call('virtual.recent', { limit: 50 })).orders).toHaveLength(online.orders.length);
    proxy.state.down = true;
    try {
      // the pending orders are still there to follow once the network is back (they were lost before)
      const r = await t.pos.call('virtual.recent', { limit: 50 });
      expect(r.offline).toBe(true);
      expect(r.orders.map((o) => [o.clientOrderId, o.status])).toEqual(
        online.orders.map((o) => [o.clientOrderId, o.status]),
      );
    } finally {
      proxy.state.down = false;
    }
  });
});
