import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/api/contract';
import { startFakeCloud, type FakeCloud } from '../testing/fake-cloud';
import { openPos, tempDir, type TestPos } from '../testing/harness';

describe('offline selling against the fake cloud', () => {
  let cloud: FakeCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const events: SyncStatus[] = [];
  beforeAll(async () => {
    cloud = await startFakeCloud();
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    t.backend.on((e, p) => e === 'sync.status' && events.push(p as SyncStatus));
    await t.pos.call('device.register', { username: 'owner', password: 'owner888', deviceName: 'c1' });
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    await t.pos.call('catalog.sync', {});
  });
  afterAll(async () => {
    await t.backend.close();
    await cloud.close();
    dir.cleanup();
  });

  it('sells while the cloud is down and delivers once it is back', async () => {
    cloud.down = true;
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const { order } = await t.pos.call('sale.checkout', { tendered: 1000 });
    const s1 = await t.pos.call('sync.now', {});
    expect(s1).toMatchObject({ state: 'offline', unsent: 1, lastError: { code: 'OFFLINE' } });
    const login = await t.pos.try('auth.login', { username: 'cashier', password: 'cashier123' });
    expect(!login.ok && login.error.code).toBe('OFFLINE');

    cloud.down = false;
    const s2 = await t.pos.call('sync.now', {});
    expect(s2).toMatchObject({ state: 'online', unsent: 0, lastError: null });
    expect(s2.lastSyncAt).not.toBeNull();
    expect([...cloud.orders.keys()]).toEqual([order.id]);
    expect(events.map((e) => e.state)).toEqual(expect.arrayContaining(['syncing', 'offline', 'online']));
  });
});
