// The drawer's cash from top-ups, game cards and member top-ups: the real POS backend (real SQLite files,
// signed HTTP) against the real cloud (Fastify on PGlite, seeded demo, real ledger), with the demo supplier
// made deterministic by the phone's last digit (…0 succeeds, …2 fails). A failed top-up's hand-back is
// recorded exactly once whichever way its status arrives first (the feed, a status read), and however
// often it arrives after.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { fundDemoOutlet } from '../../../cloud/seed/demo-funds';
import { createMember, zNewMember } from '../../../cloud/members/store';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { demoFulfilment } from '../../../cloud/virtual/fulfilment';
import { openDatabases } from '../db/open';
import { openPos, tempDir, type TestPos } from '../testing/harness';

const OK_PHONE = '13800138000';
const FAIL_PHONE = '13800138002';

describe('cash of virtual goods and member top-ups in the drawer (real cloud)', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let memberId: string;
  const catalog = demoCatalog();
  const cmcc100 = catalog.products.find((p) => p.kind === 'topup' && p.carrier === 'cmcc' && p.faceValue === 10_000)!;
  const card = catalog.products.find((p) => p.kind === 'gamecard')!;

  const moves = (ref: string) => {
    const dbs = openDatabases(dir.dir);
    try {
      return dbs.sales.prepare('SELECT kind, amount FROM cash_movements WHERE ref = ? ORDER BY at, rowid').all(ref);
    } finally {
      dbs.close();
    }
  };
  const statusOf = async (clientOrderId: string) =>
    (await t.pos.call('virtual.recent', { limit: 50 })).orders.find((o) => o.clientOrderId === clientOrderId)?.status;

  beforeAll(async () => {
    cloud = await startCloud({
      port: 0,
      fulfilment: demoFulfilment({
        seed: 1,
        latencyMs: 100,
        fateOf: (req) => (req.phone?.endsWith('2') ? 'failed' : 'success'),
      }),
      fulfilmentTickMs: 50,
    });
    await fundDemoOutlet(cloud.db);
    const input = zNewMember.parse({
      cardNo: 'VIP9001',
      phone: '13912340000',
      name: '李四',
      level: '银卡',
      discountBps: 10_000,
      offlineAllowance: 0,
    });
    memberId = (await cloud.db.tx((q) => createMember(q, DEMO.outletId, input, Date.now()))).id;
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '收银台1',
    });
    // the master: sells, holds shift.manage and member.manage
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    await t.pos.call('catalog.sync', {});
    await t.pos.call('shift.open', { openingFloat: 10_000 });
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('a top-up and a game card that succeed: their cash (the retail price) stays in the drawer', async () => {
    const sent = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: OK_PHONE });
    expect(moves(sent.clientOrderId)).toEqual([{ kind: 'virtual_sale', amount: cmcc100.price }]);
    await vi.waitFor(async () => expect((await t.pos.call('virtual.status', { id: sent.id })).status).toBe('success'), {
      timeout: 10_000,
      interval: 100,
    });
    const cardOrder = await t.pos.call('virtual.submit', { productId: card.id });
    await vi.waitFor(
      async () => expect((await t.pos.call('virtual.status', { id: cardOrder.id })).status).toBe('success'),
      { timeout: 10_000, interval: 100 },
    );
    await t.pos.call('virtual.recent', { limit: 50 });
    expect(moves(sent.clientOrderId)).toEqual([{ kind: 'virtual_sale', amount: cmcc100.price }]);
    expect(moves(cardOrder.clientOrderId)).toEqual([{ kind: 'virtual_sale', amount: card.price }]);
    // a retry of the same sale (same clientOrderId) takes no second cash
    await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: OK_PHONE, clientOrderId: sent.clientOrderId });
    expect(moves(sent.clientOrderId)).toHaveLength(1);
  });

  it('a failed top-up: the cash is handed back exactly once, status read first, then the feed', async () => {
    const sent = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: FAIL_PHONE });
    await vi.waitFor(async () => expect((await t.pos.call('virtual.status', { id: sent.id })).status).toBe('failed'), {
      timeout: 10_000,
      interval: 100,
    });
    expect(await statusOf(sent.clientOrderId)).toBe('failed'); // the feed names it failed again
    await t.pos.call('virtual.status', { id: sent.id });
    expect(moves(sent.clientOrderId)).toEqual([
      { kind: 'virtual_sale', amount: cmcc100.price },
      { kind: 'virtual_refund', amount: -cmcc100.price },
    ]);
  });

  it('a failed top-up: exactly once too when the feed tells first and a status read follows', async () => {
    const sent = await t.pos.call('virtual.submit', { productId: cmcc100.id, phone: FAIL_PHONE });
    await vi.waitFor(async () => expect(await statusOf(sent.clientOrderId)).toBe('failed'), {
      timeout: 10_000,
      interval: 100,
    });
    expect((await t.pos.call('virtual.status', { id: sent.id })).status).toBe('failed');
    await t.pos.call('virtual.recent', { limit: 50 });
    expect(moves(sent.clientOrderId)).toEqual([
      { kind: 'virtual_sale', amount: cmcc100.price },
      { kind: 'virtual_refund', amount: -cmcc100.price },
    ]);
  });

  it('a member cash top-up enters the drawer once (a retry adds nothing), and the shift adds it all up', async () => {
    const clientId = uuidv7();
    await t.pos.call('member.topup', { memberId, amount: 5_000, tendered: 10_000, clientId });
    await t.pos.call('member.topup', { memberId, amount: 5_000, tendered: 5_000, clientId });
    expect(moves(clientId)).toEqual([{ kind: 'member_topup', amount: 5_000 }]);

    const shift = (await t.pos.call('shift.current', {})).shift!;
    expect(shift.cashByKind).toEqual({
      sale: 0,
      virtual_sale: 3 * cmcc100.price + card.price,
      virtual_refund: -2 * cmcc100.price,
      member_topup: 5_000,
      sale_return: 0,
      pay_in: 0,
      pay_out: 0,
    });
    expect(shift.expectedCash).toBe(10_000 + cmcc100.price + card.price + 5_000);
    const closed = (await t.pos.call('shift.close', { countedCash: shift.expectedCash })).shift;
    expect(closed.difference).toBe(0);
  });
});
