import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../testing/fake-cloud';
import { openPos, tempDir, type TestPos } from '../testing/harness';

describe('session', () => {
  let cloud: FakeCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let clock = Date.now();
  beforeAll(async () => {
    cloud = await startFakeCloud();
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url, now: () => clock });
    await t.pos.call('device.register', { username: 'owner', password: 'owner888', deviceName: 'c1' });
  });
  afterAll(async () => {
    await t.backend.close();
    await cloud.close();
    dir.cleanup();
  });

  it('holds the employee in memory until it expires, and logs out cleanly with nothing unsent', async () => {
    const s = await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    expect(s).toMatchObject({ offline: false, employee: { username: 'cashier' } });
    expect((await t.pos.call('app.status', {})).session?.employee.username).toBe('cashier');
    clock = s.expiresAt + 1;
    const r = await t.pos.try('cart.get', {});
    expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED');
    expect((await t.pos.call('app.status', {})).session).toBeNull();
    clock = Date.now();
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    await t.pos.call('auth.logout', {});
    expect((await t.pos.try('cart.get', {})).ok).toBe(false);
  });
});
