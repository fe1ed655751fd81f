import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../testing/fake-cloud';
import { openPos, tempDir, type TestPos } from '../testing/harness';
import { IDLE_LOCK_MS } from './session';

describe('session', () => {
  let cloud: FakeCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let clock = Date.now();
  let mono = 0;
  beforeAll(async () => {
    cloud = await startFakeCloud();
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url, now: () => clock, mono: () => mono });
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

  it('locks after 30 minutes without a person using it (monotonic time); polled methods do not count, any other call does', async () => {
    clock = Date.now();
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    mono += IDLE_LOCK_MS - 60_000;
    await t.pos.call('cart.get', {}); // use: the idle clock starts again
    mono += IDLE_LOCK_MS - 60_000;
    // the PC clock jumping a day (forward or back) neither locks nor unlocks it
    clock -= 24 * 3_600_000;
    expect((await t.pos.call('app.status', {})).session).not.toBeNull();
    clock = Date.now();
    // a screen's timer (recent top-ups) reaches the handler but is not use
    await t.pos.try('virtual.recent', {});
    mono += 60_000;
    const r = await t.pos.try('cart.get', {});
    expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED');
    expect((await t.pos.call('app.status', {})).session).toBeNull();
    // locked for good; a new login opens it again
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    expect((await t.pos.try('cart.get', {})).ok).toBe(true);
    await t.pos.call('auth.logout', {});
  });
});
