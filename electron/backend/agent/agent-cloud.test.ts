// The agent's (区代) PC end to end: the real POS backend (real SQLite files, signed HTTP, its background sync
// loop running) against the real cloud (Fastify on PGlite, seeded demo). Registered with the agent's master
// account, the PC stores orgKind 'agent'; its loop never asks for a catalog feed nor pushes orders (the cloud
// would refuse both), so its sync status shows no error; the sale methods answer FORBIDDEN with the reason;
// agent.* reach /v1/agent/* with the super password; an outlet's till is refused agent.* before any request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { DEMO } from '../../../cloud/seed/demo';
import { createClient, type PosClient } from '../../../shared/api/client';
import { PATHS } from '../../../shared/sync/protocol';
import { SIGNATURE_HEADERS } from '../../../shared/sync/signing';
import { nodeFileKeyStore } from '../device/keystore-file';
import { createBackend } from '../index';
import { fixedIdentity } from '../testing/harness';
import type { Backend } from '../types';

const SUPER = 'agent-super-1';

interface Pc {
  backend: Backend;
  pos: PosClient;
  dir: string;
}

describe('agent PC: POS backend against the real cloud', () => {
  let cloud: RunningCloud;
  let cloudDir: string;
  let agent: Pc;
  let outlet: Pc;
  /** every request the POS backends sent: path and signing device */
  const sent: { path: string; device: string | null }[] = [];
  const realFetch = globalThis.fetch;

  async function openPc(machine: string): Promise<Pc> {
    const dir = mkdtempSync(join(tmpdir(), 'pos-agent-'));
    // the background loop runs, as in the shipped app
    const backend = await createBackend({
      dataDir: dir,
      cloudUrl: cloud.url,
      keyStore: nodeFileKeyStore(dir),
      identity: fixedIdentity(machine),
      backgroundSync: true,
    });
    return { backend, pos: createClient({ call: (m, i) => backend.call(m, i), on: () => () => {} }), dir };
  }
  const deviceIdOf = async (pc: Pc) => (await pc.pos.call('app.status', {})).device.deviceId;
  const sentBy = (deviceId: string | null, path: string) =>
    sent.filter((r) => r.device === deviceId && r.path.startsWith(path));

  beforeAll(async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const headers = new Headers(init?.headers);
      sent.push({ path: url.pathname, device: headers.get(SIGNATURE_HEADERS.device) });
      return realFetch(input, init);
    });
    cloudDir = mkdtempSync(join(tmpdir(), 'cloud-agent-'));
    cloud = await startCloud({ port: 0, dataDir: cloudDir, logger: process.env.CLOUD_LOG === '1' });
    agent = await openPc('machine-agent');
    outlet = await openPc('machine-outlet');
  }, 120_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    for (const pc of [agent, outlet]) {
      await pc?.backend.close();
      if (pc) rmSync(pc.dir, { recursive: true, force: true });
    }
    await cloud?.close();
    if (cloudDir) rmSync(cloudDir, { recursive: true, force: true });
  });

  it('registers with the agent account: orgKind agent is stored and survives a restart', async () => {
    const state = await agent.pos.call('device.register', {
      username: DEMO.agentMaster.username,
      password: DEMO.agentMaster.password,
      deviceName: '区代办公室',
    });
    expect(state).toMatchObject({ state: 'active', outletName: DEMO.agentName, orgKind: 'agent' });
    await agent.backend.close();
    agent = {
      ...agent,
      backend: await createBackend({
        dataDir: agent.dir,
        cloudUrl: cloud.url,
        keyStore: nodeFileKeyStore(agent.dir),
        identity: fixedIdentity('machine-agent'),
        backgroundSync: true,
      }),
    };
    agent.pos = createClient({ call: (m, i) => agent.backend.call(m, i), on: () => () => {} });
    expect((await agent.pos.call('app.status', {})).device).toMatchObject({ state: 'active', orgKind: 'agent' });
    await agent.pos.call('auth.login', { username: DEMO.agentMaster.username, password: DEMO.agentMaster.password });
    // the agent sets a super password from its PC (the 我的安全 tab): /v1/me serves agent devices too
    await agent.pos.call('owner.setSuperPassword', { password: DEMO.agentMaster.password, superPassword: SUPER });
    expect((await agent.pos.call('owner.me', {})).employee).toMatchObject({
      username: DEMO.agentMaster.username,
      superPasswordSet: true,
    });
  });

  it("the loop pulls no catalog and pushes no orders on the agent's PC, while an outlet's till does pull", async () => {
    // The agent logged in first (its loop was kicked with a catalog pull); the till's kick comes after it.
    const till = await outlet.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '前台1',
    });
    expect(till.orgKind).toBe('outlet');
    await outlet.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    const tillId = till.deviceId;
    await vi.waitFor(() => expect(sentBy(tillId, PATHS.catalogChanges).length).toBeGreaterThan(0), {
      timeout: 30_000,
      interval: 50,
    });
    const agentId = await deviceIdOf(agent);
    expect(sentBy(agentId, PATHS.catalogChanges)).toEqual([]);
    expect(sentBy(agentId, PATHS.ordersBatch)).toEqual([]);
    expect(sentBy(agentId, PATHS.login).length).toBe(1);
    const status = await agent.pos.call('sync.status', {});
    expect(status.state).not.toBe('error');
    expect(status.lastError).toBeNull();
    expect((await agent.pos.call('app.status', {})).catalog.products).toBe(0);
  });

  it('sale, cart, catalog, virtual and member methods are FORBIDDEN on the agent PC, with the reason', async () => {
    const before = sent.length;
    for (const [m, input] of [
      ['cart.get', {}],
      ['catalog.search', { query: '可乐' }],
      ['catalog.sync', {}],
      ['sale.checkout', { payment: 'cash', tendered: 100 }],
      ['topup.products', { carrier: 'cmcc' }],
      ['virtual.recent', {}],
      ['member.find', { query: 'VIP' }],
      ['sync.now', {}],
      ['owner.transfer', { toAccountId: DEMO.outletId, amountFen: 100, superPassword: SUPER }],
    ] as const) {
      const r = await agent.backend.call(m, input);
      expect(r.ok, m).toBe(false);
      if (!r.ok) expect(r.error, m).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'AGENT_PC' } });
    }
    expect(sent.length).toBe(before);
  });

  it('agent.* work end to end: outlets, sources, a markup rule with the super password, the outlet category tree', async () => {
    const { outlets } = await agent.pos.call('agent.outlets', {});
    expect(outlets).toEqual([{ id: DEMO.outletId, name: DEMO.outletName, timezone: 'Asia/Shanghai' }]);
    const { sources } = await agent.pos.call('agent.sources', {});
    const cmcc = sources.find((s) => s.kind === 'topup' && s.carrier === 'cmcc' && s.faceValue === 10_000)!;
    expect(cmcc.cost).toBe(cmcc.supplyPrice + cmcc.markup);

    const noPassword = await agent.backend.call('agent.setMarkupRule', {
      scope: 'source',
      target: cmcc.id,
      basis: 'fixed',
      value: 80,
    });
    expect(!noPassword.ok && noPassword.error.code).toBe('VALIDATION');
    const wrong = await agent.backend.call('agent.setMarkupRule', {
      scope: 'source',
      target: cmcc.id,
      basis: 'fixed',
      value: 80,
      superPassword: 'nope-nope',
    });
    expect(!wrong.ok && wrong.error.code).toBe('SUPER_PASSWORD_INVALID');
    const tooMuch = await agent.backend.call('agent.setMarkupRule', {
      scope: 'kind',
      target: 'topup',
      basis: 'bps',
      value: 10_001,
      superPassword: SUPER,
    });
    expect(!tooMuch.ok && tooMuch.error.code).toBe('VALIDATION');
    const set = await agent.pos.call('agent.setMarkupRule', {
      scope: 'source',
      target: cmcc.id,
      basis: 'fixed',
      value: 80,
      superPassword: SUPER,
    });
    expect(set).toMatchObject({ rule: { scope: 'source', target: cmcc.id, basis: 'fixed', value: 80 }, sources: 1 });
    const after = (await agent.pos.call('agent.sources', {})).sources.find((s) => s.id === cmcc.id)!;
    expect(after).toMatchObject({
      markup: 80,
      cost: cmcc.supplyPrice + 80,
      rule: { scope: 'source', basis: 'fixed', value: 80 },
    });

    const top = await agent.pos.call('agent.createCategory', {
      outletId: DEMO.outletId,
      parentId: null,
      name: '区代推荐',
      superPassword: SUPER,
    });
    const child = await agent.pos.call('agent.createCategory', {
      outletId: DEMO.outletId,
      parentId: top.category.id,
      name: '话费',
      superPassword: SUPER,
    });
    expect(child.path).toEqual(['区代推荐', '话费']);
    const moved = await agent.pos.call('agent.updateCategory', {
      outletId: DEMO.outletId,
      categoryId: child.category.id,
      parentId: null,
      name: '话费充值',
      superPassword: SUPER,
    });
    expect(moved.category).toMatchObject({ parentId: null, name: '话费充值' });
    const { categories } = await agent.pos.call('agent.categories', { outletId: DEMO.outletId });
    expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['区代推荐', '话费充值']));
    const other = await agent.backend.call('agent.categories', { outletId: DEMO.supplierId });
    expect(!other.ok && other.error.code).toBe('FORBIDDEN');
  });

  it('agent.outletSources / setOutletSource: switch a source off and on for the outlet', async () => {
    const { sources } = await agent.pos.call('agent.outletSources', { outletId: DEMO.outletId });
    const chosen = sources.find((s) => s.kind === 'topup' && s.chosen && s.active)!;
    expect(chosen.productId).not.toBeNull();
    const off = await agent.pos.call('agent.setOutletSource', {
      outletId: DEMO.outletId,
      sourceId: chosen.id,
      enabled: false,
      superPassword: SUPER,
    });
    expect(off.source).toMatchObject({ id: chosen.id, chosen: false });
    const on = await agent.pos.call('agent.setOutletSource', {
      outletId: DEMO.outletId,
      sourceId: chosen.id,
      enabled: true,
      superPassword: SUPER,
    });
    expect(on).toMatchObject({
      source: { id: chosen.id, chosen: true, productId: chosen.productId },
      replacedSourceId: null,
    });
  });

  it('switching supplier: another source of the same carrier and face value takes over the product, which the till sells on', async () => {
    const { sources } = await agent.pos.call('agent.outletSources', { outletId: DEMO.outletId });
    const old = sources.find((s) => s.kind === 'topup' && s.carrier === 'cmcc' && s.faceValue === 10_000 && s.chosen)!;
    const cheaper = '0194c0de-0000-7000-8000-00000000a100';
    const offShelf = '0194c0de-0000-7000-8000-00000000a101';
    await cloud.db.query(
      `INSERT INTO goods_sources (id, supplier_id, kind, name, carrier, face_value, supply_price, active, created_at) VALUES
        ($1, $3, 'topup', '中国移动 话费充值 100元（快充）', 'cmcc', 10000, 9800, true, $4), ($2, $3, 'topup', '中国联通 话费充值 100元（停售）', 'cucc', 10000, 9790, false, $4)`,
      [cheaper, offShelf, DEMO.supplierId, Date.now()],
    );
    const refused = await agent.backend.call('agent.setOutletSource', {
      outletId: DEMO.outletId,
      sourceId: offShelf,
      enabled: true,
      superPassword: SUPER,
    });
    expect(!refused.ok && refused.error.code).toBe('VALIDATION');
    const sw = await agent.pos.call('agent.setOutletSource', {
      outletId: DEMO.outletId,
      sourceId: cheaper,
      enabled: true,
      superPassword: SUPER,
    });
    expect(sw).toMatchObject({
      source: { id: cheaper, chosen: true, productId: old.productId },
      replacedSourceId: old.id,
    });
    const after = (await agent.pos.call('agent.outletSources', { outletId: DEMO.outletId })).sources;
    expect(after.find((s) => s.id === old.id)).toMatchObject({ chosen: false });
    // the till pulls its feed: the same ¥100 China Mobile product, at the same retail price
    await outlet.pos.call('catalog.sync', {});
    const { items } = await outlet.pos.call('topup.products', { carrier: 'cmcc' });
    expect(items.filter((i) => i.faceValue === 10_000)).toEqual([
      expect.objectContaining({ id: old.productId, price: old.retailPrice }),
    ]);
  });

  it("an outlet's till is refused agent.* before anything is sent", async () => {
    const tillId = await deviceIdOf(outlet);
    const before = sentBy(tillId, '/v1/agent').length;
    for (const m of ['agent.outlets', 'agent.sources'] as const) {
      const r = await outlet.backend.call(m, {});
      expect(!r.ok && r.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'OUTLET_PC' } });
    }
    const w = await outlet.backend.call('agent.setMarkupRule', {
      scope: 'kind',
      target: 'topup',
      basis: 'fixed',
      value: 1,
      superPassword: SUPER,
    });
    expect(!w.ok && w.error.code).toBe('FORBIDDEN');
    expect(sentBy(tillId, '/v1/agent').length).toBe(before);
  });
});
