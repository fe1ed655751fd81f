// Done means: the agent lists every goods source with its outlet's choice; dropping a top-up source puts the
// outlet's product inactive in its feed and the cloud refuses orders for it until it is chosen again;
// choosing a second supplier's ¥100 China Mobile source repoints the outlet's product (same id, sku, price,
// new cost in the feed) and a real virtual order then settles to that supplier; a source the outlet never
// had gets a new product; off-shelf sources, other agents' outlets, outlet devices, a missing super password
// and malformed input are refused with their typed errors.
// Real HTTP (inject), real database (PGlite, or PostgreSQL with DATABASE_URL), the demo supplier.
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, VIRTUAL_PATHS, type VirtualOrder } from '../../shared/sync/protocol';
import { agentCommissionId, balance, checkLedgerInvariants, supplierReceivableId } from '../ledger';
import { DEMO, demoCatalog } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { hashPassword } from '../auth/passwords';
import { feedAfter, lastFeedSeq } from '../test-support/feed';
import { fulfilmentTick } from '../virtual/fulfilment';
import { createVirtualWorld, PHONES, type VirtualWorld } from '../virtual/test-world';
import type { OutletSource } from './outlet-sources';

const SUPER = 'agent-super-1';
const sp = { superPassword: SUPER };
const T0 = 1_750_000_000_000;

describe('an agent chooses its outlets’ goods sources', () => {
  let w: VirtualWorld;
  let agent: EmployeeClient;
  let outlet: EmployeeClient;
  const supplier2 = uuidv4();
  /** a second supplier's ¥100 China Mobile top-up: supply ¥98.00, the agent's markup ¥0.40 */
  const cmcc100b = uuidv4();
  /** a game card no outlet has a product for yet */
  const newCard = uuidv4();
  /** a source its supplier took off shelf */
  const offShelf = uuidv4();
  const otherAgent = uuidv4();
  const otherOutlet = uuidv4();
  const sourceOf = (productId: string) => demoCatalog().products.find((p) => p.id === productId)!.sourceId!;

  beforeAll(async () => {
    w = await createVirtualWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = ANY($2::uuid[])', [
      await hashPassword(SUPER),
      [DEMO.agentMaster.id, DEMO.master.id],
    ]);
    await w.db.query(
      `INSERT INTO organizations (id, type, name, parent_id, created_at) VALUES
        ($1, 'supplier', '快充通供货', $3, $5), ($2, 'agent', '华南区代（广州）', $3, $5), ($4, 'outlet', '广州某网吧', $2, $5)`,
      [supplier2, otherAgent, DEMO.platformId, otherOutlet, T0],
    );
    await w.db.query(
      `INSERT INTO goods_sources (id, supplier_id, kind, name, carrier, face_value, supply_price, active, created_at) VALUES
        ($1, $4, 'topup', '中国移动 话费充值 100元（快充通）', 'cmcc', 10000, 9800, true, $5),
        ($2, $4, 'gamecard', '骏网一卡通 50元', NULL, 5000, 4750, true, $5),
        ($3, $4, 'topup', '中国联通 话费充值 100元（停售）', 'cucc', 10000, 9790, false, $5)`,
      [cmcc100b, newCard, offShelf, supplier2, T0],
    );
    await w.db.query('INSERT INTO agent_markups (agent_id, source_id, markup) VALUES ($1, $2, 40)', [
      DEMO.agentId,
      cmcc100b,
    ]);
    agent = await EmployeeClient.register(injectSend(w.app), () => w.clock.now, {
      username: DEMO.agentMaster.username,
      password: DEMO.agentMaster.password,
    });
    expect((await agent.login(DEMO.agentMaster.username, DEMO.agentMaster.password)).status).toBe(200);
    expect((await agent.call('GET', '/v1/me', undefined, sp)).status).toBe(200);
    outlet = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await outlet.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    expect((await outlet.call('GET', '/v1/me', undefined, sp)).status).toBe(200);
    await w.fund(100_000);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });
  afterEach(async () => {
    expect(await checkLedgerInvariants(w.db)).toEqual([]);
  });

  const url = (sourceId: string, outletId: string = DEMO.outletId) =>
    `/v1/agent/outlets/${outletId}/sources/${sourceId}`;
  const list = async (): Promise<OutletSource[]> => {
    const r = await agent.call('GET', `/v1/agent/outlets/${DEMO.outletId}/sources`);
    expect(r.status).toBe(200);
    return r.body.sources;
  };
  const one = async (id: string) => (await list()).find((s) => s.id === id)!;
  /** The product upserts of the outlet's feed after `cursor` as served (raw JSON: with the cost the outlet pays). */
  async function productUpserts(cursor: number): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (let more = true; more;) {
      const page = (await outlet.call('GET', `${PATHS.catalogChanges}?cursor=${cursor}&limit=5000`)).body as {
        changes: { entity: string; op: string; data?: Record<string, unknown> }[];
        nextCursor: number;
        hasMore: boolean;
      };
      out.push(...page.changes.filter((c) => c.entity === 'product' && c.op === 'upsert').map((c) => c.data!));
      cursor = page.nextCursor;
      more = page.hasMore;
    }
    return out;
  }
  async function order(
    productId: string,
  ): Promise<{ status: number; body: VirtualOrder & { error?: { code: string } } }> {
    const res = await w.call('POST', VIRTUAL_PATHS.submit, {
      clientOrderId: uuidv7(),
      productId,
      phone: PHONES.success,
    });
    return { status: res.statusCode, body: res.json() };
  }
  /** Moves the clock past the demo supplier's latency and lets the fulfilment clock deliver its answers. */
  async function settle(): Promise<void> {
    w.clock.now += 1_000;
    await fulfilmentTick(w.db, w.f, w.clock.now);
  }

  it('lists every source with the outlet’s choice, its product and retail price', async () => {
    const sources = await list();
    expect(sources).toHaveLength(demoCatalog().sources.length + 3);
    const cmcc100 = w.product('topup', 10000, 'cmcc');
    expect(sources.find((s) => s.id === sourceOf(cmcc100))).toEqual({
      id: sourceOf(cmcc100),
      kind: 'topup',
      name: '中国移动 话费充值 100元',
      carrier: 'cmcc',
      faceValue: 10000,
      supplyPrice: 9850,
      markup: 50,
      cost: 9900,
      rule: null,
      active: true,
      chosen: true,
      productId: cmcc100,
      retailPrice: 10000,
    });
    // every demo source is chosen: the demo outlet sells them all
    expect(
      sources
        .filter((s) => s.chosen)
        .map((s) => s.id)
        .sort(),
    ).toEqual(
      demoCatalog()
        .sources.map((s) => s.id)
        .sort(),
    );
    expect(sources.find((s) => s.id === cmcc100b)).toMatchObject({
      active: true,
      chosen: false,
      productId: null,
      retailPrice: null,
      supplyPrice: 9800,
      markup: 40,
      cost: 9840,
    });
    expect(sources.find((s) => s.id === offShelf)).toMatchObject({ active: false, chosen: false, productId: null });
  });

  it('dropping a top-up source puts the product inactive in the feed and refuses its orders; choosing it again restores both', async () => {
    const cmcc50 = w.product('topup', 5000, 'cmcc');
    const sourceId = sourceOf(cmcc50);
    const cursor = await lastFeedSeq(w.db);
    const off = await agent.call('PUT', url(sourceId), { enabled: false }, sp);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({
      source: expect.objectContaining({ id: sourceId, chosen: false, productId: cmcc50, retailPrice: 5000 }),
      replacedSourceId: null,
    });
    expect(await productUpserts(cursor)).toEqual([
      expect.objectContaining({ id: cmcc50, active: false, price: 5000, cost: 4925 + 25 }),
    ]);
    const refused = await order(cmcc50);
    expect(refused.status).toBe(404);
    expect(refused.body.error!.code).toBe('NOT_FOUND');
    // dropping it again changes nothing and publishes nothing
    const c2 = await lastFeedSeq(w.db);
    expect((await agent.call('PUT', url(sourceId), { enabled: false }, sp)).body.source.chosen).toBe(false);
    expect(await feedAfter(outlet, c2)).toEqual([]);

    const on = await agent.call('PUT', url(sourceId), { enabled: true }, sp);
    expect(on.body).toEqual({
      source: expect.objectContaining({ id: sourceId, chosen: true, productId: cmcc50 }),
      replacedSourceId: null,
    });
    expect(await productUpserts(c2)).toEqual([expect.objectContaining({ id: cmcc50, active: true })]);
    const ok = await order(cmcc50);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'pending', cost: 4950 });
    await settle();
  });

  it('switching ¥100 China Mobile to a second supplier keeps the product and settles the next order to that supplier', async () => {
    const cmcc100 = w.product('topup', 10000, 'cmcc');
    const oldSource = sourceOf(cmcc100);
    const cursor = await lastFeedSeq(w.db);
    const sw = await agent.call('PUT', url(cmcc100b), { enabled: true }, sp);
    expect(sw.status).toBe(200);
    expect(sw.body).toEqual({
      source: {
        id: cmcc100b,
        kind: 'topup',
        name: '中国移动 话费充值 100元（快充通）',
        carrier: 'cmcc',
        faceValue: 10000,
        supplyPrice: 9800,
        markup: 40,
        cost: 9840,
        rule: null,
        active: true,
        chosen: true,
        productId: cmcc100,
        retailPrice: 10000,
      },
      replacedSourceId: oldSource,
    });
    const demo = demoCatalog().products.find((p) => p.id === cmcc100)!;
    expect(await productUpserts(cursor)).toEqual([
      {
        id: cmcc100,
        sku: demo.sku,
        barcode: null,
        name: demo.name,
        categoryId: demo.categoryId,
        kind: 'topup',
        unit: '笔',
        price: 10000,
        faceValue: 10000,
        carrier: 'cmcc',
        active: true,
        stock: null,
        cost: 9840,
      },
    ]);
    expect(await one(oldSource)).toMatchObject({ chosen: false, productId: null });

    const [s2, a0] = [
      await balance(w.db, supplierReceivableId(supplier2)).catch(() => ({ posted: 0 })),
      await balance(w.db, agentCommissionId(DEMO.agentId)),
    ];
    const o = await order(cmcc100);
    expect(o.body).toMatchObject({ status: 'pending', faceValue: 10000, cost: 9840 });
    await settle();
    expect((await w.call('GET', `${VIRTUAL_PATHS.order}/${o.body.id}`)).json()).toMatchObject({
      status: 'success',
      cost: 9840,
    });
    const row = await w.db.query<{ supplier_id: string; source_id: string }>(
      'SELECT supplier_id, source_id FROM virtual_orders WHERE id = $1',
      [o.body.id],
    );
    expect(row.rows[0]).toEqual({ supplier_id: supplier2, source_id: cmcc100b });
    expect((await balance(w.db, supplierReceivableId(supplier2))).posted - s2.posted).toBe(9800);
    expect((await balance(w.db, agentCommissionId(DEMO.agentId))).posted - a0.posted).toBe(40);
    // the agent's PC reads the commission it earned from the ledger
    expect((await agent.call('GET', '/v1/money/balance')).body).toMatchObject({
      account: 'agent_commission',
      accountId: agentCommissionId(DEMO.agentId),
      postedFen: a0.posted + 40,
    });

    // and back to the first supplier: the same product again
    const back = await agent.call('PUT', url(oldSource), { enabled: true }, sp);
    expect(back.body).toMatchObject({
      source: { id: oldSource, chosen: true, productId: cmcc100, cost: 9900 },
      replacedSourceId: cmcc100b,
    });
  });

  it('a source the outlet never had gets a new product, once', async () => {
    const cursor = await lastFeedSeq(w.db);
    const r = await agent.call('PUT', url(newCard), { enabled: true }, sp);
    expect(r.status).toBe(200);
    const productId = r.body.source.productId as string;
    expect(r.body).toEqual({
      source: expect.objectContaining({ id: newCard, chosen: true, retailPrice: 5000, cost: 4750 }),
      replacedSourceId: null,
    });
    expect(await productUpserts(cursor)).toEqual([
      {
        id: productId,
        sku: `V-${newCard.replace(/-/g, '').slice(0, 8)}`,
        barcode: null,
        name: '骏网一卡通 50元',
        categoryId: null,
        kind: 'gamecard',
        unit: '张',
        price: 5000,
        faceValue: 5000,
        carrier: null,
        active: true,
        stock: null,
        cost: 4750,
      },
    ]);
    const again = await agent.call('PUT', url(newCard), { enabled: true }, sp);
    expect(again.body.source.productId).toBe(productId);
    expect(
      (await w.db.query('SELECT 1 FROM products WHERE outlet_id = $1 AND source_id = $2', [DEMO.outletId, newCard]))
        .rows,
    ).toHaveLength(1);
    const res = await w.call('POST', VIRTUAL_PATHS.submit, { clientOrderId: uuidv7(), productId });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'gamecard', cost: 4750 });
    await settle();
  });

  it('two agent PCs choosing the same new source at once make one product', async () => {
    const fresh = uuidv4();
    await w.db.query(
      "INSERT INTO goods_sources (id, supplier_id, kind, name, carrier, face_value, supply_price, active, created_at) VALUES ($1, $2, 'gamecard', '骏网一卡通 100元', NULL, 10000, 9500, true, $3)",
      [fresh, supplier2, T0],
    );
    const twin = agent.fork();
    expect((await twin.login(DEMO.agentMaster.username, DEMO.agentMaster.password)).status).toBe(200);
    const [a, b] = await Promise.all([
      agent.call('PUT', url(fresh), { enabled: true }, sp),
      twin.call('PUT', url(fresh), { enabled: true }, sp),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.source.productId).toBe(b.body.source.productId);
    expect(
      (await w.db.query('SELECT 1 FROM products WHERE outlet_id = $1 AND source_id = $2', [DEMO.outletId, fresh])).rows,
    ).toHaveLength(1);
  });

  it('each choice is audited in the agent’s chain', async () => {
    const rows = (await agent.call('GET', '/v1/audit?action=agent.outlet_source')).body.rows as {
      target: string;
      outcome: string;
      after: { outletId: string };
    }[];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.every((r) => r.outcome === 'ok' && r.after.outletId === DEMO.outletId)).toBe(true);
    expect(rows.map((r) => r.target)).toContain(cmcc100b);
  });

  it('refuses off-shelf sources, other outlets, outlet devices, a missing super password and bad input', async () => {
    const cmcc10 = sourceOf(w.product('topup', 1000, 'cmcc'));
    const off = await agent.call('PUT', url(offShelf), { enabled: true }, sp);
    expect(off.body.error.code).toBe('VALIDATION');
    expect((await agent.call('PUT', url(offShelf), { enabled: false }, sp)).status).toBe(200);
    for (const outletId of [otherOutlet, DEMO.agentId, DEMO.supplierId, uuidv4()]) {
      expect((await agent.call('GET', `/v1/agent/outlets/${outletId}/sources`)).body.error.code, outletId).toBe(
        'FORBIDDEN',
      );
      expect((await agent.call('PUT', url(cmcc10, outletId), { enabled: false }, sp)).body.error.code, outletId).toBe(
        'FORBIDDEN',
      );
    }
    for (const [m, u, body] of [
      ['GET', `/v1/agent/outlets/${DEMO.outletId}/sources`],
      ['PUT', url(cmcc10), { enabled: false }],
    ] as const) {
      const r = await outlet.call(m, u, body, sp);
      expect(r.status, u).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'FORBIDDEN', details: { orgKind: 'outlet' } });
    }
    expect((await agent.call('PUT', url(cmcc10), { enabled: false })).body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    expect(
      (await agent.call('PUT', url(cmcc10), { enabled: false }, { superPassword: 'wrong-one' })).body.error.code,
    ).toBe('SUPER_PASSWORD_INVALID');
    for (const body of [{}, { enabled: 'yes' }, { enabled: true, price: 1 }, [true], null]) {
      expect((await agent.call('PUT', url(cmcc10), body, sp)).body.error.code, JSON.stringify(body)).toBe('VALIDATION');
    }
    expect((await agent.call('PUT', url('not-a-uuid'), { enabled: false }, sp)).body.error.code).toBe('VALIDATION');
    expect(
      (await agent.call('PUT', `/v1/agent/outlets/x/sources/${cmcc10}`, { enabled: false }, sp)).body.error.code,
    ).toBe('VALIDATION');
    expect((await agent.call('GET', '/v1/agent/outlets/x/sources')).body.error.code).toBe('VALIDATION');
    expect((await agent.call('PUT', url(uuidv4()), { enabled: true }, sp)).body.error.code).toBe('NOT_FOUND');
    // nothing of the refused calls reached the outlet's catalog
    expect(await one(cmcc10)).toMatchObject({ chosen: true });
  });
});
