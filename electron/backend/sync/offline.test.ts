import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/api/contract';
import { startFakeCloud, type FakeCloud } from '../testing/fake-cloud';
import { openPos, tempDir, type TestPos } from '../testing/harness';

const HOUR = 3_600_000;

describe('offline selling against the fake cloud', () => {
  let cloud: FakeCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let clock = Date.now();
  const events: SyncStatus[] = [];
  const open = async () => {
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url, now: () => clock });
    t.backend.on((e, p) => e === 'sync.status' && events.push(p as SyncStatus));
  };
  beforeAll(async () => {
    cloud = await startFakeCloud();
    dir = tempDir();
    await open();
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
    expect(s1.nextAttemptAt).toBeGreaterThan(clock);

    // logging out never waits for it (it belongs to the device), and strands nothing
    expect((await t.pos.try('auth.logout', {})).ok).toBe(true);

    cloud.down = false;
    const s2 = await t.pos.call('sync.now', {});
    expect(s2).toMatchObject({ state: 'online', unsent: 0, lastError: null });
    expect(s2.lastSyncAt).not.toBeNull();
    expect([...cloud.orders.keys()]).toEqual([order.id]);
    expect(events.map((e) => e.state)).toEqual(expect.arrayContaining(['syncing', 'offline', 'online']));
  });

  it('logs in offline after a restart with the verifier and permissions of the last online login', async () => {
    await t.backend.close();
    cloud.down = true;
    await open();
    const bad = await t.pos.try('auth.login', { username: 'cashier', password: 'wrong-one' });
    expect(!bad.ok && bad.error.code).toBe('BAD_CREDENTIALS');
    const unknown = await t.pos.try('auth.login', { username: 'owner', password: 'owner888' });
    expect(!unknown.ok && unknown.error).toMatchObject({
      code: 'OFFLINE',
      details: { reason: 'OFFLINE_LOGIN_UNKNOWN' },
    });
    const s = await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    expect(s).toMatchObject({ offline: true, employee: { username: 'cashier', permissions: ['sale.sell'] } });
    // the cached permissions rule: a cashier cannot reset the device
    const reset = await t.pos.try('device.reset', { confirm: 'c1' });
    expect(!reset.ok && reset.error.code).toBe('FORBIDDEN');
  });

  it('refuses virtual goods offline with a clear reason, and stops at the offline sales cap', async () => {
    const { items } = await t.pos.call('catalog.search', { query: '话费' });
    const topup = items.find((i) => i.kind === 'topup')!;
    const v = await t.pos.try('cart.add', { productId: topup.id, qty: 1 });
    expect(!v.ok && v.error).toMatchObject({ code: 'OFFLINE', details: { reason: 'VIRTUAL_GOODS_OFFLINE' } });

    // cap is ¥5000 (500000 fen); water is ¥2: 2500 bottles fill it exactly
    const water = (await t.pos.call('catalog.lookup', { code: '6921168509256' })).item!;
    await t.pos.call('cart.add', { productId: water.id, qty: 2500 });
    await t.pos.call('sale.checkout', { tendered: 500000 });
    await t.pos.call('cart.add', { productId: water.id, qty: 1 });
    const capped = await t.pos.try('sale.checkout', { tendered: 200 });
    expect(!capped.ok && capped.error).toMatchObject({
      code: 'OFFLINE_CAP_REACHED',
      details: { capFen: 500000, unsentFen: 500000, orderFen: 200 },
    });
    expect((await t.pos.call('cart.get', {})).itemCount).toBe(1); // the cart waits, nothing is lost

    // back online: the unsent orders drain and selling resumes
    cloud.down = false;
    expect(await t.pos.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0 });
    await t.pos.call('sale.checkout', { tendered: 200 });
  });

  it('offline login ends with the offline window since the last online login', async () => {
    await t.pos.call('sync.now', {});
    await t.backend.close();
    cloud.down = true;
    clock += 73 * HOUR;
    await open();
    const r = await t.pos.try('auth.login', { username: 'cashier', password: 'cashier123' });
    expect(!r.ok && r.error).toMatchObject({ code: 'OFFLINE', details: { reason: 'OFFLINE_LOGIN_EXPIRED' } });
    cloud.down = false;
  });

  it('locks offline login after repeated wrong passwords until the next online login', async () => {
    clock = Date.now();
    await t.backend.close();
    await open();
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' }); // online: refreshes the verifier
    await t.backend.close();
    cloud.down = true;
    await open();
    for (let i = 0; i < 5; i++)
      expect((await t.pos.try('auth.login', { username: 'cashier', password: 'guess-' + i })).ok).toBe(false);
    const r = await t.pos.try('auth.login', { username: 'cashier', password: 'cashier123' });
    expect(!r.ok && r.error.code).toBe('LOCKED_OUT');
    cloud.down = false;
  });
});
