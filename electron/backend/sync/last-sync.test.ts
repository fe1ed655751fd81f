// The header's "上次同步" after a restart: the catalog pulled before the restart is a sync the till made, so
// the status carries its time (kept in catalog.db), not null (which the screen shows as 尚未同步).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../testing/fake-cloud';
import { openPos, tempDir, type TestPos } from '../testing/harness';

describe('the last sync time', () => {
  let cloud: FakeCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let clock = Date.UTC(2026, 11, 3, 2, 0, 0);
  const open = async () => {
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url, now: () => clock });
  };
  beforeAll(async () => {
    cloud = await startFakeCloud();
    dir = tempDir();
    await open();
  });
  afterAll(async () => {
    await t.backend.close();
    await cloud.close();
    dir.cleanup();
  });

  it('is the catalog pull, before any sale was sent, and still after a restart with the cloud down', async () => {
    await t.pos.call('device.register', { username: 'owner', password: 'owner888', deviceName: 'c1' });
    expect((await t.pos.call('sync.status', {})).lastSyncAt).toBeNull();
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    const pulledAt = clock;
    await t.pos.call('catalog.sync', {});
    expect((await t.pos.call('sync.status', {})).lastSyncAt).toBe(pulledAt);

    await t.backend.close();
    cloud.down = true;
    clock += 3_600_000;
    await open();
    expect((await t.pos.call('sync.status', {})).lastSyncAt).toBe(pulledAt);
  });
});
