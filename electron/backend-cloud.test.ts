// The whole loop: the POS backend against the real cloud (cloud/start.ts, embedded PGlite, seeded demo) over
// real HTTP. It lives outside electron/backend/ because the backend itself must never import the cloud
// (scripts/boundaries.test.ts); `npx vitest run electron/backend` still picks it up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../cloud/start';
import { DEMO } from '../cloud/seed/demo';
import { openDatabases } from './backend/db/open';
import { nodeFileKeyStore } from './backend/device/keystore-file';
import { loadDeviceKey } from './backend/device/keys';
import { createDeviceStore } from './backend/device/store';
import { createCloudClient } from './backend/sync/cloud-client';
import { fixedIdentity, openPos, tempDir, type TestPos } from './backend/testing/harness';
import { startToggleProxy, type ToggleProxy } from './backend/testing/toggle-proxy';

describe('POS backend against the real cloud', () => {
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const cloudOrders = async () =>
    Number((await cloud.db.query<{ n: number }>('select count(*)::int as n from orders')).rows[0]!.n);

  beforeAll(async () => {
    cloud = await startCloud({ port: 0, seed: true });
    proxy = await startToggleProxy(cloud.url);
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
  });
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('registers, logs in and pulls the whole catalog', async () => {
    const dev = await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '收银台1',
    });
    expect(dev.state).toBe('active');
    expect(dev.outletName).toBe(DEMO.outletName);
    const session = await t.pos.call('auth.login', {
      username: DEMO.cashier.username,
      password: DEMO.cashier.password,
    });
    expect(session.employee.permissions).toContain('sale.sell');
    const r = await t.pos.call('catalog.sync', {});
    expect(r.products).toBeGreaterThanOrEqual(2000);
    expect((await t.pos.call('app.status', {})).catalog.products).toBe(r.products);
    // pulling again applies nothing new
    expect((await t.pos.call('catalog.sync', {})).applied).toBe(0);
    expect((await t.pos.call('catalog.search', { query: '农夫山泉' })).items.length).toBeGreaterThan(0);
  });

  it('scans, checks out with change, and delivers the order exactly once', async () => {
    const { item } = await t.pos.call('cart.scan', { code: DEMO.sampleBarcode });
    expect(item?.id).toBe(DEMO.sampleProduct.id);
    const price = DEMO.sampleProduct.price;
    const { order } = await t.pos.call('sale.checkout', { tendered: price + 1000 });
    expect(order.change).toBe(1000);

    const before = await cloudOrders();
    const s = await t.pos.call('sync.now', {});
    expect(s).toMatchObject({ state: 'online', unsent: 0, lastError: null });
    expect(await cloudOrders()).toBe(before + 1);
    await t.pos.call('sync.now', {});
    expect(await cloudOrders()).toBe(before + 1);

    // re-sending the very same outbox payload is answered 'duplicate'
    const dbs = openDatabases(dir.dir);
    const payload = JSON.parse(
      dbs.sales.prepare('SELECT payload FROM outbox WHERE ref_id = ?').pluck().get(order.id) as string,
    );
    const record = createDeviceStore(dbs.sales).get()!;
    dbs.close();
    const key = (await loadDeviceKey(nodeFileKeyStore(dir.dir)))!;
    const client = createCloudClient({
      baseUrl: cloud.url,
      now: Date.now,
      credentials: () => ({ deviceId: record.deviceId, privateKey: key.privateKey }),
    });
    const again = await client.pushRecords('order', [payload]);
    expect(again.results[0]?.status).toBe('duplicate');
    expect(await cloudOrders()).toBe(before + 1);
  });

  it('keeps selling while the cloud is unreachable and delivers when it returns', async () => {
    proxy.setDown(true);
    await t.pos.call('cart.scan', { code: DEMO.sampleBarcode });
    const { order } = await t.pos.call('sale.checkout', { tendered: 100_00 });
    const s1 = await t.pos.call('sync.now', {});
    expect(s1).toMatchObject({ state: 'offline', unsent: 1 });
    const before = await cloudOrders();

    proxy.setDown(false);
    const s2 = await t.pos.call('sync.now', {});
    expect(s2).toMatchObject({ state: 'online', unsent: 0 });
    expect(await cloudOrders()).toBe(before + 1);
    const found = await cloud.db.query('select 1 from orders where client_order_id = $1', [order.id]);
    expect(found.rows).toHaveLength(1);
  });

  it('refuses the same data folder on another machine', async () => {
    await t.backend.close();
    const other = await openPos({
      dataDir: dir.dir,
      cloudUrl: proxy.url,
      identity: fixedIdentity('another-pc', ['3c:52:82:99:99:99']),
    });
    const r = await other.backend.call('app.status', {});
    expect(!r.ok && r.error.code).toBe('DEVICE_MISMATCH');
    await other.backend.close();
    t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
    expect((await t.pos.call('app.status', {})).device.state).toBe('active');
  });
});
