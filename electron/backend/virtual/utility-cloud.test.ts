// Utility bills (水电煤) and regional top-ups at the counter: the real POS backend (real SQLite files, signed
// HTTP) against the real cloud (Fastify on PGlite, seeded demo, real ledger, demo supplier answering by
// callback). A bill is paid to an account number and settles like a top-up; the top-up buttons offered for a
// number leave out a regional source whose provinces do not hold the number's province; when the supplier
// takes a source off shelf, the next catalog pull takes it off the counter.
import { v4 as uuidv4 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualOrderView as VirtualOrder } from '../../../shared/api/virtual-methods';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { fundDemoOutlet } from '../../../cloud/seed/demo-funds';
import {
  agentCommissionId,
  balance,
  checkLedgerInvariants,
  outletPrepaidId,
  supplierReceivableId,
} from '../../../cloud/ledger';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { SUPPLIER_SIGNATURE_HEADER, supplierSignature } from '../../../cloud/suppliers/signature';
import { demoFulfilment } from '../../../cloud/virtual/fulfilment';
import { openPos, tempDir, type TestPos } from '../testing/harness';

const SHANGHAI_CUCC = '13010310001'; // 1301031 → 中国联通 上海市
const SHANDONG_CUCC = '13000000001'; // 1300000 → 中国联通 山东省 济南市

describe('utility bills and regional top-ups: POS backend against the real cloud', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  // every order succeeds (a random share would fail or stick otherwise: the demo supplier's default rates)
  const f = demoFulfilment({ seed: 3, latencyMs: 150, fateOf: () => 'success' });
  const catalog = demoCatalog();
  const sku = (s: string) => catalog.products.find((p) => p.sku === s)!;

  async function settle(id: string): Promise<VirtualOrder> {
    for (let i = 0; i < 200; i++) {
      const o = await t.pos.call('virtual.status', { id });
      if (o.status !== 'pending') return o;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`order ${id} still pending after 200 polls`);
  }

  beforeAll(async () => {
    cloud = await startCloud({ port: 0, fulfilment: f, fulfilmentTickMs: 50 });
    await fundDemoOutlet(cloud.db);
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '收银台1',
    });
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect((await t.pos.call('catalog.sync', {})).products).toBe(DEMO.productCount);
  });
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('lists the billers with their amounts from the local catalog', async () => {
    const { billers } = await t.pos.call('utility.billers', {});
    expect(billers.map((b) => b.biller).sort()).toEqual(
      ['上海城投水务（集团）有限公司', '上海燃气有限公司', '国网上海市电力公司'].sort(),
    );
    const power = billers.find((b) => b.biller === '国网上海市电力公司')!;
    expect(power.items.map((i) => [i.name, i.faceValue, i.price])).toEqual([
      ['上海电费 50元', 5_000, 5_000],
      ['上海电费 100元', 10_000, 10_000],
      ['上海电费 200元', 20_000, 20_000],
    ]);
  });

  it('pays a ¥100 electricity bill to an account number: pending, then success; the ledger settles', async () => {
    const db = cloud.db;
    const bill = sku('BILL-1-100');
    const [o0, s0, a0] = [
      await balance(db, outletPrepaidId(DEMO.outletId)),
      await balance(db, supplierReceivableId(DEMO.supplierId)),
      await balance(db, agentCommissionId(DEMO.agentId)),
    ];
    const sent = await t.pos.call('virtual.submit', { productId: bill.id, account: '3100123456' });
    expect(sent).toMatchObject({ kind: 'utility', account: '3100123456', phone: null, status: 'pending', cost: null });
    expect((await settle(sent.id)).status).toBe('success');
    expect((await balance(db, outletPrepaidId(DEMO.outletId))).posted - o0.posted).toBe(-9_990);
    expect((await balance(db, supplierReceivableId(DEMO.supplierId))).posted - s0.posted).toBe(9_980);
    expect((await balance(db, agentCommissionId(DEMO.agentId))).posted - a0.posted).toBe(10);
    expect(await checkLedgerInvariants(db)).toEqual([]);
    // the recent list names the account the bill went to
    const recent = await t.pos.call('virtual.recent', { limit: 5 });
    expect(recent.orders.find((o) => o.id === sent.id)).toMatchObject({
      productName: '上海电费 100元',
      phone: '3100123456',
      status: 'success',
    });
  });

  it('pays a bill of any amount: the drawer takes that amount at the biller rate, the cloud charges it alike', async () => {
    const bill = sku('BILL-1-100');
    const taken = async () => (await t.pos.call('shift.current', {})).shift?.cashByKind.virtual_sale ?? 0;
    const before = await taken();
    const sent = await t.pos.call('virtual.submit', { productId: bill.id, account: '3100123456', amount: 8_735 });
    // the cashier sees no cost (cost.view); the cloud booked supply 8,718 + markup 9
    expect(sent).toMatchObject({ kind: 'utility', faceValue: 8_735, cost: null, status: 'pending' });
    const booked = await cloud.db.query<{ cost: string }>('SELECT cost FROM virtual_orders WHERE id = $1', [sent.id]);
    expect(Number(booked.rows[0]!.cost)).toBe(8_718 + 9);
    expect((await settle(sent.id)).status).toBe('success');
    expect((await taken()) - before).toBe(8_735);
    // an amount on a top-up, or out of range, is refused before the cloud is asked
    for (const bad of [
      { productId: sku('TOPUP-CUCC-50').id, phone: SHANGHAI_CUCC, amount: 5_000 },
      { productId: bill.id, account: '3100123456', amount: 50 },
    ])
      expect((await t.backend.call('virtual.submit', bad)).ok).toBe(false);
  });

  it('refuses a bill without an account (or with a phone), and an account on a top-up, before asking the cloud', async () => {
    const before = Number(
      (await cloud.db.query<{ n: number }>('select count(*)::int as n from virtual_orders')).rows[0]!.n,
    );
    const bill = sku('BILL-2-50').id;
    await expect(t.pos.call('virtual.submit', { productId: bill })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(t.pos.call('virtual.submit', { productId: bill, phone: SHANGHAI_CUCC })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(t.pos.call('virtual.submit', { productId: bill, account: '12' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      t.pos.call('virtual.submit', { productId: sku('TOPUP-CUCC-50').id, phone: SHANGHAI_CUCC, account: '3100123456' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(
      Number((await cloud.db.query<{ n: number }>('select count(*)::int as n from virtual_orders')).rows[0]!.n),
    ).toBe(before);
  });

  it('offers the Shanghai-only top-up to a Shanghai number only (local prefix table), and the cloud agrees', async () => {
    const regional = sku('TOPUP-CUCC-SH-50');
    const offered = async (phone?: string) =>
      (await t.pos.call('topup.products', { carrier: 'cucc', ...(phone ? { phone } : {}) })).items.map((i) => i.id);
    expect(await offered(SHANGHAI_CUCC)).toContain(regional.id);
    expect(await offered('1301031')).toContain(regional.id); // the first 7 digits already place it
    expect(await offered(SHANDONG_CUCC)).not.toContain(regional.id);
    expect(await offered('13199999991')).not.toContain(regional.id); // province unknown
    expect(await offered()).not.toContain(regional.id);
    expect(await offered(SHANDONG_CUCC)).toContain(sku('TOPUP-CUCC-50').id); // the nationwide ¥50 stays
    const sold = await t.pos.call('virtual.submit', { productId: regional.id, phone: SHANGHAI_CUCC });
    expect(sold.cost).toBeNull(); // a cashier does not see costs; the cloud booked the regional cost
    const booked = await cloud.db.query<{ cost: string }>('SELECT cost FROM virtual_orders WHERE id = $1', [sold.id]);
    expect(Number(booked.rows[0]!.cost)).toBe(4_925);
    expect((await settle(sold.id)).status).toBe('success');
    // a counter that offers it anyway (stale catalog, hand-made call) is refused by the cloud, nothing charged
    await expect(t.pos.call('virtual.submit', { productId: regional.id, phone: SHANDONG_CUCC })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('山东省'),
    });
  });

  it('a source the supplier takes off shelf leaves the counter at the next pull', async () => {
    const bill = sku('BILL-3-200');
    const raw = JSON.stringify({
      requestId: uuidv4(),
      version: 2,
      kind: 'utility',
      name: '上海燃气费 200元',
      faceValue: 20_000,
      supplyPrice: 19_960,
      biller: '上海燃气有限公司',
      active: false,
    });
    const res = await fetch(`${cloud.url}/v1/suppliers/${DEMO.supplierId}/sources/BILL-3-200`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        [SUPPLIER_SIGNATURE_HEADER]: supplierSignature(f.demo.callbackSecret, raw),
      },
      body: raw,
    });
    expect(res.status).toBe(200);
    await t.pos.call('catalog.sync', {});
    const gas = (await t.pos.call('utility.billers', {})).billers.find((b) => b.biller === '上海燃气有限公司')!;
    expect(gas.items.map((i) => i.id)).not.toContain(bill.id);
    expect(gas.items).toHaveLength(2);
  });
});
