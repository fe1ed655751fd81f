import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../shared/api/client';
import { createBackend } from '../index';
import { nodeFileKeyStore } from '../device/keystore-file';
import { startFakeCloud, type FakeCloud } from '../testing/fake-cloud';
import { fixedIdentity, tempDir } from '../testing/harness';

const until = async (what: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('background sync loop', () => {
  let cloud: FakeCloud;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await cloud.close();
    dir.cleanup();
  });

  it('pulls the catalog after registration, pushes soon after a checkout, and stops on close', async () => {
    cloud = await startFakeCloud();
    dir = tempDir();
    const backend = await createBackend({
      dataDir: dir.dir,
      cloudUrl: cloud.url,
      keyStore: nodeFileKeyStore(dir.dir),
      identity: fixedIdentity(),
    });
    const pos = createClient({ call: (m, i) => backend.call(m, i), on: () => () => {} });
    const progress: boolean[] = [];
    backend.on((e, p) => e === 'catalog.progress' && progress.push((p as { done: boolean }).done));
    await pos.call('device.register', { username: 'owner', password: 'owner888', deviceName: 'c1' });
    await pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    await until(async () => (await pos.call('app.status', {})).catalog.products > 0);
    expect(progress).toContain(true);

    await pos.call('cart.scan', { code: '6921168509256' });
    const { order } = await pos.call('sale.checkout', { tendered: 200 });
    await until(() => cloud.orders.has(order.id));
    await until(async () => (await pos.call('sync.status', {})).unsent === 0);

    await backend.close();
    const seen = cloud.requests.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(cloud.requests.length).toBe(seen);
    const after = await backend.call('app.status', {});
    expect(after.ok).toBe(false);
  });
});
