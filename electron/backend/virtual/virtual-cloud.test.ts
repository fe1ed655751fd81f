// Virtual goods end to end: the real POS backend (real SQLite files, signed HTTP) against the real cloud
// (Fastify on PGlite, seeded demo, real ledger) with the demo supplier made deterministic: an order's fate
// follows the phone number's last digit (…0 succeeds, …2 fails), game cards succeed. The supplier answers by
// callback after a short latency, delivered by the cloud's own fulfilment clock, so the POS sees
// pending → success / failed exactly as at a real counter, by polling virtual.status.
//
// Why the first version of this test hung: it drove the supplier with vitest fake timers. The catalog sync
// yields with setImmediate between chunks and waits on a worker thread; under fake timers neither ever
// fires, so `catalog.sync` never returned. Real timers plus a short supplier latency need no faking.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VirtualOrderView as VirtualOrder } from '../../../shared/api/virtual-methods';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { fundDemoOutlet } from '../../../cloud/seed/demo-funds';
import type { CloudDb } from '../../../cloud/db/types';
import {
  agentCommissionId,
  balance,
  checkLedgerInvariants,
  outletPrepaidId,
  supplierReceivableId,
} from '../../../cloud/ledger';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { demoFulfilment } from '../../../cloud/virtual/fulfilment';
import { openPos, tempDir, type TestPos } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';

const SUCCESS_PHONE = '13800138000';
const FAIL_PHONE = '13800138002';

describe('virtual goods: POS backend against the real cloud', () => {
  let db: CloudDb;
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let printer: Server;
  const printed: Buffer[] = [];
  const catalog = demoCatalog();
  const cmcc100 = catalog.products.find((p) => p.kind === 'topup' && p.carrier === 'cmcc' && p.faceValue === 10_000)!;
  const card = catalog.products.find((p) => p.kind === 'gamecard')!;
  const outlet = () => balance(db, outletPrepaidId(DEMO.outletId));
  const supplier = () => balance(db, supplierReceivableId(DEMO.supplierId));
  const agent = () => balance(db, agentCommissionId(DEMO.agentId));
  const virtualOrders = async () =>
    Number((await db.query<{ n: number }>('select count(*)::int as n from virtual_orders')).rows[0]!.n);

  /** Polls virtual.status until the order leaves 'pending' (the supplier's callback comes in ~150 ms). */
  async function settle(id: string): Promise<VirtualOrder[]> {
    const seen: VirtualOrder[] = [];
    for (let i = 0; i < 200; i++) {
      const o = await t.pos.call('virtual.status', { id });
      seen.push(o);
      if (o.status !== 'pending') return seen;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`order ${id} still pending after 200 polls`);
  }

  beforeAll(async () => {
    cloud = await startCloud({
      port: 0,
      fulfilment: demoFulfilment({
        seed: 1,
        latencyMs: 150,
        fateOf: (req) => (req.phone?.endsWith('2') ? 'failed' : 'success'),
      }),
      fulfilmentTickMs: 50,
    });
    db = cloud.db;
    await fundDemoOutlet(db); // the opening ¥5,000.00 deposit; the tests compare balances before and after
    proxy = await startToggleProxy(cloud.url);
    dir = tempDir();
    // A fake receipt printer: a TCP listener capturing the ESC/POS bytes (the real one is on the LAN).
    printer = createServer((sock) => {
      const chunks: Buffer[] = [];
      sock.on('data', (c) => chunks.push(c));
      sock.on('end', () => printed.push(Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => printer.listen(0, '127.0.0.1', r));
    writeFileSync(
      join(dir.dir, 'printer.json'),
      JSON.stringify({
        kind: 'network',
        host: '127.0.0.1',
        port: (printer.address() as AddressInfo).port,
        paperWidth: 58,
      }),
    );
    t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
    await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '收银台1',
    });
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    // The whole demo catalog (>2,000 items; the tail is pulled by the worker thread): awaited to the end.
    const synced = await t.pos.call('catalog.sync', {});
    expect(synced.products).toBe(DEMO.productCount);
  });
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    await new Promise((r) => printer?.close(r));
    dir?.cleanup();
  });

  it('knows the carrier of a number, and still knows it with the network down', async () => {
    expect(await t.pos.call('topup.carrierOf', { phone: SUCCESS_PHONE })).toMatchObject({
      carrier: 'cmcc',
      tableLoaded: true,
    });
    proxy.setDown(true);
    try {
      expect(await t.pos.call('topup.carrierOf', { phone: '1380013' })).toMatchObject({
        carrier: 'cmcc',
        tableLoaded: true,
      });
      expect((await t.pos.call('topup.carrierOf', { phone: '13301234567' })).carrier).toBe('ctcc');
    } finally {
      proxy.setDown(false);
    }
    // The table lives in catalog.db: after a restart with the network still down, the carrier is known.
    await t.backend.close();
    proxy.setDown(true);
    try {
      t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
      await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
      expect(await t.pos.call('topup.carrierOf', { phone: '18612345678' })).toMatchObject({
        carrier: 'cucc',
        tableLoaded: true,
      });
    } finally {
      proxy.setDown(false);
    }
    const items = (await t.pos.call('topup.products', { carrier: 'cmcc' })).items;
    expect(items.map((i) => i.faceValue)).toContain(10_000);
  });

  it('sells a ¥100 China Mobile top-up: pending, then success; the ledger settles ¥99.00 = ¥98.50 + ¥0.50', async () => {
    const [o0, s0, a0] = [await outlet(), await supplier(), await agent()];
    const sent = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: SUCCESS_PHONE });
    // the cashier does not see what the outlet pays (cost.view): the ledger below shows the ¥99.00
    expect(sent).toMatchObject({ status: 'pending', cost: null, faceValue: 10_000, phone: SUCCESS_PHONE });
    expect(await outlet()).toMatchObject({ posted: o0.posted, pendingDebits: 9_900 });
    const seen = await settle(sent.id);
    expect(seen.at(-1)).toMatchObject({ id: sent.id, status: 'success' });
    expect(await outlet()).toMatchObject({ posted: o0.posted - 9_900, pendingDebits: 0 });
    expect((await supplier()).posted - s0.posted).toBe(9_850);
    expect((await agent()).posted - a0.posted).toBe(50);
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it('the owner (cost.view) sees the cost of the same order the cashier sees without it', async () => {
    const sent = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: SUCCESS_PHONE });
    expect(sent.cost).toBeNull();
    expect((await t.pos.call('virtual.recent', { limit: 5 })).orders[0]).toMatchObject({ id: sent.id, cost: null });
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    try {
      expect(await t.pos.call('virtual.status', { id: sent.id })).toMatchObject({ id: sent.id, cost: 9_900 });
      expect((await t.pos.call('virtual.recent', { limit: 5 })).orders[0]).toMatchObject({ id: sent.id, cost: 9_900 });
    } finally {
      await t.pos.call('auth.logout', {});
      await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    }
    await settle(sent.id);
  });

  it('a failing top-up is refunded in full and shows failed', async () => {
    const o0 = await outlet();
    const sent = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: FAIL_PHONE });
    const last = (await settle(sent.id)).at(-1)!;
    expect(last).toMatchObject({ status: 'failed', statusReason: '充值失败' });
    expect(await outlet()).toEqual(o0);
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it("hands a game card's code to this device, and again when it asks again (a lost answer must not cost the card)", async () => {
    const sent = await t.pos.call('virtual.submit', { productId: card.id });
    const seen = await settle(sent.id);
    const final = seen.at(-1)!;
    expect(final.status).toBe('success');
    const codes = seen.map((o) => o.cardCode).filter(Boolean);
    expect(new Set(codes).size).toBe(1);
    expect(codes[0]).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    const again = await t.pos.call('virtual.status', { id: sent.id });
    expect(again.status).toBe('success');
    expect(again.cardCode).toBe(codes[0]);
    // 最近充值 shows it too while the till holds it (the panel may have moved on to the next customer)
    const listed = (await t.pos.call('virtual.recent', { limit: 5 })).orders.find((o) => o.id === sent.id);
    expect(listed).toMatchObject({ status: 'success', cardCode: codes[0] });
    // Printed from memory while on screen: the slip carries the code; nothing on disk does.
    expect(await t.pos.call('receipt.printCard', { orderId: sent.id })).toEqual({ printed: true });
    // Cash sales also pulse the drawer through the same printer, so look for the slip among the jobs.
    const slips = () => printed.filter((b) => b.toString('latin1').includes(codes[0]!));
    await vi.waitFor(() => expect(slips()).toHaveLength(1), { timeout: 15_000 });
    for (const f of ['sales.db', 'sales.db-wal', 'catalog.db', 'catalog.db-wal']) {
      const bytes = existsSync(join(dir.dir, f)) ? readFileSync(join(dir.dir, f)) : Buffer.alloc(0);
      expect(bytes.includes(Buffer.from(codes[0]!))).toBe(false);
    }
  });

  it('历史订单 (充值缴费): filters by state, number, product, day and cash; the 凭条 prints without the card code', async () => {
    const all = (await t.pos.call('virtual.history', {})).orders;
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.map((o) => o.submittedAt)).toEqual([...all.map((o) => o.submittedAt)].sort((a, b) => b - a));
    const failed = (await t.pos.call('virtual.history', { status: 'failed' })).orders;
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const o of failed) {
      expect(o).toMatchObject({ status: 'failed', phone: FAIL_PHONE, paid: cmcc100.price, handedBack: cmcc100.price });
    }
    // part of the number, as the customer reads it out
    const byPhone = (await t.pos.call('virtual.history', { query: '0138002' })).orders;
    expect(byPhone.map((o) => o.clientOrderId).sort()).toEqual(failed.map((o) => o.clientOrderId).sort());
    const cards = (await t.pos.call('virtual.history', { query: card.name })).orders;
    expect(cards).toHaveLength(1);
    const code = cards[0]!.cardCode!;
    expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/); // still held by the till: shown as in 最近充值
    const success = (await t.pos.call('virtual.history', { status: 'success', minPaid: cmcc100.price })).orders;
    expect(success.every((o) => o.status === 'success' && o.paid >= cmcc100.price)).toBe(true);
    expect(success.some((o) => o.phone === SUCCESS_PHONE)).toBe(true);
    expect((await t.pos.call('virtual.history', { maxPaid: 0 })).orders).toEqual([]);
    const later = Date.now() + 3_600_000;
    expect((await t.pos.call('virtual.history', { from: later })).orders).toEqual([]);
    expect((await t.pos.call('virtual.history', { to: later })).orders).toHaveLength(all.length);

    const before = printed.length;
    expect(await t.pos.call('receipt.printVirtual', { clientOrderId: failed[0]!.clientOrderId })).toEqual({
      printed: true,
    });
    expect(await t.pos.call('receipt.printVirtual', { clientOrderId: cards[0]!.clientOrderId })).toEqual({
      printed: true,
    });
    await vi.waitFor(() => expect(printed.length).toBeGreaterThanOrEqual(before + 2), { timeout: 15_000 });
    const text = printed.slice(before).map((b) => iconv.decode(b, 'gb18030'));
    const failSlip = text.find((s) => s.includes('138****8002'))!;
    expect(failSlip).toContain('充值缴费凭条');
    expect(failSlip).toContain('失败');
    expect(failSlip).toContain('已退');
    expect(failSlip).not.toContain(FAIL_PHONE);
    const cardSlip = text.find((s) => s !== failSlip && s.includes('充值缴费凭条'))!;
    expect(cardSlip).toContain('成功');
    expect(cardSlip).not.toContain(code);
    const missing = await t.pos.try('receipt.printVirtual', { clientOrderId: uuidv7() });
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  });

  it('a retry under the same clientOrderId answers with the first order and charges once', async () => {
    const o0 = await outlet();
    const clientOrderId = uuidv7();
    const a = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: SUCCESS_PHONE, clientOrderId });
    const b = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: SUCCESS_PHONE, clientOrderId });
    expect(b.id).toBe(a.id);
    await settle(a.id);
    expect((await outlet()).posted).toBe(o0.posted - 9_900);
  });

  it('offline: a typed OFFLINE with a clear message, and nothing charged', async () => {
    const [o0, n0] = [await outlet(), await virtualOrders()];
    proxy.setDown(true);
    try {
      const r = await t.backend.call('virtual.submit', { productId: cmcc100.id, phone: SUCCESS_PHONE });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('OFFLINE');
        expect(r.error.message).toMatch(/network/);
        expect(r.error.details).toMatchObject({ clientOrderId: expect.any(String) });
      }
    } finally {
      proxy.setDown(false);
    }
    expect(await outlet()).toEqual(o0);
    expect(await virtualOrders()).toBe(n0);
  });
});
