import { cpSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../testing/fake-cloud';
import { fixedIdentity, openPos, tempDir } from '../testing/harness';
import { deviceFingerprint, physicalMacs } from './identity';

describe('machine identity', () => {
  it('keeps physical MACs only, sorted, lower case', () => {
    const base = { address: '', netmask: '', cidr: null } as const;
    const macs = physicalMacs({
      lo: [{ ...base, family: 'IPv4', mac: '00:00:00:00:00:00', internal: true }],
      eth0: [
        { ...base, family: 'IPv4', mac: 'AA:BB:CC:00:00:02', internal: false },
        { ...base, family: 'IPv6', mac: 'aa:bb:cc:00:00:02', internal: false, scopeid: 0 },
      ],
      wlan0: [{ ...base, family: 'IPv4', mac: '3c:52:82:00:00:01', internal: false }],
      docker0: [{ ...base, family: 'IPv4', mac: '02:42:ac:11:00:02', internal: false }],
      vmnet8: [{ ...base, family: 'IPv4', mac: '00:50:56:c0:00:08', internal: false }],
      eth1: [{ ...base, family: 'IPv4', mac: '08:00:27:12:34:56', internal: false }],
    } as never);
    expect(macs).toEqual(['3c:52:82:00:00:01', 'aa:bb:cc:00:00:02']);
  });

  it('fingerprints machine id + MACs, independent of MAC order', async () => {
    const a = await deviceFingerprint(fixedIdentity('m', ['aa:00:00:00:00:01', 'aa:00:00:00:00:02']));
    const b = await deviceFingerprint(fixedIdentity('m', ['AA:00:00:00:00:02', 'aa:00:00:00:00:01']));
    const c = await deviceFingerprint(fixedIdentity('other', ['aa:00:00:00:00:01', 'aa:00:00:00:00:02']));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

describe('device binding', () => {
  let cloud: FakeCloud;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    cloud = await startFakeCloud();
    dir = tempDir();
    const t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('device.register', { username: 'owner', password: 'owner888', deviceName: 'c1' });
    await t.backend.close();
  });
  afterAll(async () => {
    await cloud.close();
    dir.cleanup();
  });

  it('keeps the key in a 0600 file and reopens on the same machine', async () => {
    expect(statSync(join(dir.dir, 'device.key')).mode & 0o777).toBe(0o600);
    const t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    expect((await t.pos.call('app.status', {})).device.state).toBe('active');
    expect((await t.pos.try('auth.login', { username: 'cashier', password: 'cashier123' })).ok).toBe(true);
    await t.backend.close();
  });

  it('refuses everything on another machine (different fingerprint)', async () => {
    const t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url, identity: fixedIdentity('machine-B') });
    for (const [m, i] of [
      ['app.status', {}],
      ['auth.login', { username: 'cashier', password: 'cashier123' }],
      ['sync.now', {}],
      ['device.register', { username: 'owner', password: 'owner888', deviceName: 'x' }],
    ] as const) {
      const r = await t.backend.call(m, i);
      expect(!r.ok && r.error.code).toBe('DEVICE_MISMATCH');
      expect(!r.ok && r.error.message).toMatch(/another computer/);
    }
    await t.backend.close();
  });

  it('refuses a copied folder whose key store is missing', async () => {
    const copy = tempDir();
    cpSync(join(dir.dir, 'sales.db'), join(copy.dir, 'sales.db'));
    const t = await openPos({ dataDir: copy.dir, cloudUrl: cloud.url });
    const r = await t.backend.call('app.status', {});
    expect(!r.ok && r.error.code).toBe('DEVICE_MISMATCH');
    await t.backend.close();
    copy.cleanup();
  });
});
