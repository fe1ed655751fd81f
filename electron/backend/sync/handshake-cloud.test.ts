// Runtime: Node (Vitest). Versions that understand each other, with the real backend against the real cloud:
//  - an older cloud (closed shifts switched off) and a newer till: orders flow, the closed shift is held back
//    on the till (never sent, never parked) with the reason shown, and goes once the cloud is upgraded — no
//    deploy order to remember;
//  - a newer cloud (a release with a minimum version) and an older till: the till is told to update, syncs
//    nothing meanwhile, is offered the release as forced, and its unsent sale goes once it runs the new version.
import { randomBytes, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../shared/api/client';
import { DEMO } from '../../../cloud/seed/demo';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { createPlatformAdmin } from '../../../cloud/updates/admins';
import { releaseApi } from '../../../cloud/updates/release-client';
import { openDatabases } from '../db/open';
import { nodeFileKeyStore } from '../device/keystore-file';
import { createBackend } from '../index';
import { fixedIdentity } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function cloudAt(dataDir: string, disabledRecordKinds: string[] = []): Promise<RunningCloud> {
  const c = await startCloud({ port: 0, dataDir, seed: true, demoPay: false, disabledRecordKinds });
  cleanups.push(() => c.close());
  return c;
}

async function till(cloudUrl: string, dataDir: string, appVersion: string) {
  const backend = await createBackend({
    dataDir,
    cloudUrl,
    appVersion,
    keyStore: nodeFileKeyStore(dataDir),
    identity: fixedIdentity(),
    backgroundSync: false,
  });
  let closed = false;
  cleanups.push(async () => !closed && backend.close());
  const pos = createClient({ call: (m, i) => backend.call(m, i), on: () => () => {} });
  return {
    pos,
    close: async () => {
      closed = true;
      await backend.close();
    },
  };
}

async function dirs() {
  const cloudDir = await mkdtemp(join(tmpdir(), 'pos-hs-cloud-'));
  const tillDir = await mkdtemp(join(tmpdir(), 'pos-hs-till-'));
  cleanups.push(
    () => rm(cloudDir, { recursive: true, force: true }),
    () => rm(tillDir, { recursive: true, force: true }),
  );
  return { cloudDir, tillDir };
}

async function proxyTo(url: string): Promise<ToggleProxy> {
  const p = await startToggleProxy(url);
  cleanups.push(() => p.close());
  return p;
}

const count = async (c: RunningCloud, table: 'orders' | 'shifts') =>
  (await c.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

describe('capability handshake', () => {
  it('an older cloud without closed shifts: orders flow, the shift is held back with its reason, then goes after the upgrade', async () => {
    const { cloudDir, tillDir } = await dirs();
    const older = await cloudAt(cloudDir, ['shift']);
    const proxy = await proxyTo(older.url);
    const t = await till(proxy.url, tillDir, '1.4.0');
    await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: 'c1',
    });
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await t.pos.call('catalog.sync', {});
    expect((await t.pos.call('update.check', {})).cloud).toMatchObject({ heldKinds: ['shift'], belowMinimum: false });

    await t.pos.call('shift.open', { openingFloat: 10_000 });
    await t.pos.call('cart.scan', { code: DEMO.sampleBarcode });
    await t.pos.call('sale.checkout', { tendered: DEMO.sampleProduct.price });
    await t.pos.call('shift.close', { countedCash: 10_000 + DEMO.sampleProduct.price });
    const held = await t.pos.call('sync.now', {});
    expect(held).toMatchObject({ unsent: 1, heldKinds: ['shift'] });
    expect(held.state).not.toBe('error');
    expect(await count(older, 'orders')).toBe(1);
    // held on the till: unsent, not parked, with why
    const dbs = openDatabases(tillDir);
    const row = dbs.sales.prepare("SELECT failed_at, last_error FROM outbox WHERE kind = 'shift'").get() as {
      failed_at: number | null;
      last_error: string;
    };
    dbs.close();
    expect(row.failed_at).toBeNull();
    expect(JSON.parse(row.last_error)).toMatchObject({ code: 'HELD_BACK' });

    // the cloud is upgraded (same database, the shift route on): the next handshake lets the shift go
    await older.close();
    const upgraded = await cloudAt(cloudDir);
    proxy.setTarget(upgraded.url);
    expect((await t.pos.call('update.check', {})).cloud.heldKinds).toEqual([]);
    expect(await t.pos.call('sync.now', {})).toMatchObject({ unsent: 0, heldKinds: [] });
    expect(await count(upgraded, 'shifts')).toBe(1);
    expect(await count(upgraded, 'orders')).toBe(1);
  }, 180_000);

  it('a newer cloud requiring a minimum version: the older till is told to update and syncs nothing until it runs it', async () => {
    const { cloudDir, tillDir } = await dirs();
    const cloud = await cloudAt(cloudDir);
    const admin = await createPlatformAdmin(cloud.db, 'ops', Date.now());
    const api = releaseApi(cloud.url, admin.token);
    const installer = randomBytes(2048);
    await api.upload({ bytes: installer });
    await api.publish({
      channel: 'stable',
      version: '1.3.0',
      files: [
        {
          name: 'qianmi-pos-setup-1.3.0.exe',
          sha512: createHash('sha512').update(installer).digest('base64'),
          size: 2048,
        },
      ],
      notes: { 'zh-CN': '安全更新', en: 'Security update' },
      minimumVersion: '1.3.0',
      rolloutPercent: 10,
    });

    const old = await till(cloud.url, tillDir, '1.2.0');
    await old.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: 'c1',
    });
    await old.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await old.pos.call('catalog.sync', {});
    await old.pos.call('cart.scan', { code: DEMO.sampleBarcode });
    await old.pos.call('sale.checkout', { tendered: DEMO.sampleProduct.price });
    const status = await old.pos.call('update.check', {});
    expect(status).toMatchObject({
      currentVersion: '1.2.0',
      offer: { version: '1.3.0', forced: true, notes: { 'zh-CN': '安全更新' } },
      cloud: { belowMinimum: true, minimumTillVersion: '1.3.0' },
    });
    const sync = await old.pos.call('sync.now', {});
    expect(sync).toMatchObject({ state: 'error', unsent: 1, lastError: { code: 'UPDATE_REQUIRED' } });
    expect(await count(cloud, 'orders')).toBe(0);

    // the update installed: the same data folder, the new version
    await old.close();
    const updated = await till(cloud.url, tillDir, '1.3.0');
    await updated.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect((await updated.pos.call('update.check', {})).cloud.belowMinimum).toBe(false);
    expect(await updated.pos.call('sync.now', {})).toMatchObject({ unsent: 0 });
    expect(await count(cloud, 'orders')).toBe(1);
  }, 180_000);
});
