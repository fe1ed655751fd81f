// Runtime: Node (Vitest). The update policy in the real backend against the real cloud's update service: the
// handshake names the offer, the web host's feed updater downloads it from the device's feed (electron-
// updater's provider, sha512 checked), the cashier sees it with its notes, postpones, accepts in the middle of
// a sale — and the install is asked for only once the sale is paid and its order has reached the cloud.
// The owner's moment is kept in the data folder across a restart.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type PosClient } from '../../../shared/api/client';
import type { UpdateStatus } from '../../../shared/api/update-methods';
import { DEMO } from '../../../cloud/seed/demo';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { createPlatformAdmin } from '../../../cloud/updates/admins';
import { releaseApi } from '../../../cloud/updates/release-client';
import { feedUpdater } from '../../web-updater';
import { nodeFileKeyStore } from '../device/keystore-file';
import { createBackend } from '../index';
import { fixedIdentity, tempDir } from '../testing/harness';
import type { Backend } from '../types';

let cloud: RunningCloud;
let dir: ReturnType<typeof tempDir>;
let backend: Backend;
let pos: PosClient;
const installer = randomBytes(300_000);
const installs: { version: string; path: string }[] = [];

async function open() {
  backend = await createBackend({
    dataDir: dir.dir,
    cloudUrl: cloud.url,
    appVersion: '1.2.0',
    keyStore: nodeFileKeyStore(dir.dir),
    identity: fixedIdentity(),
    backgroundSync: false,
    updater: feedUpdater({
      appVersion: '1.2.0',
      downloadDir: join(dir.dir, 'updates'),
      onInstall: (i) => installs.push(i),
    }),
  });
  pos = createClient({ call: (m, i) => backend.call(m, i), on: () => () => {} });
}
/** the screen's poll, until `ok` (the download runs in the background) */
async function statusUntil(ok: (s: UpdateStatus) => boolean) {
  for (let i = 0; i < 200; i++) {
    const s = await pos.call('update.status', {});
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the update status never got there');
}

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: true, demoPay: false });
  const admin = await createPlatformAdmin(cloud.db, 'ops', Date.now());
  const api = releaseApi(cloud.url, admin.token);
  await api.upload({ bytes: installer });
  await api.publish({
    channel: 'stable',
    version: '1.3.0',
    files: [
      {
        name: 'qianmi-pos-setup-1.3.0.exe',
        sha512: createHash('sha512').update(installer).digest('base64'),
        size: installer.length,
      },
    ],
    notes: { 'zh-CN': '交班单加上付款码合计', en: 'The shift report shows payment-code takings' },
    rolloutPercent: 100,
  });
  dir = tempDir();
  await open();
  await pos.call('device.register', {
    username: DEMO.master.username,
    password: DEMO.master.password,
    deviceName: 'c1',
  });
  await pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
  await pos.call('catalog.sync', {});
}, 180_000);
afterAll(async () => {
  await backend?.close();
  await cloud?.close();
  dir?.cleanup();
});

describe('the update policy at the counter', () => {
  it('the owner chooses the moment; it is kept in the data folder', async () => {
    const s = await pos.call('update.settings', { moment: 'prompt', nightTime: '02:30' });
    expect(s.settings).toEqual({ moment: 'prompt', nightTime: '02:30' });
    expect(JSON.parse(await readFile(join(dir.dir, 'update-settings.json'), 'utf8'))).toEqual(s.settings);
    await expect(pos.call('update.settings', { moment: 'prompt', nightTime: '25:00' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('downloads what the cloud offers and shows it with its notes', async () => {
    const first = await pos.call('update.check', {});
    expect(first.offer).toMatchObject({ version: '1.3.0', forced: false, notes: { 'zh-CN': '交班单加上付款码合计' } });
    const ready = await statusUntil((s) => s.phase === 'downloaded');
    expect(ready).toMatchObject({ version: '1.3.0', percent: 100, prompt: true, scheduled: null });
    // the file on disk is the installer the cloud holds
    const path = join(dir.dir, 'updates', 'qianmi-pos-setup-1.3.0.exe');
    expect((await readFile(path)).equals(installer)).toBe(true);
  });

  it('postponed, the prompt goes away; accepted mid-sale, it installs only after the sale has reached the cloud', async () => {
    expect((await pos.call('update.postpone', {})).prompt).toBe(false);
    await pos.call('cart.scan', { code: DEMO.sampleBarcode });
    const accepted = await pos.call('update.install', {});
    expect(accepted).toMatchObject({ scheduled: { by: 'cashier' }, waitingFor: ['cart'] });
    expect(installs).toEqual([]);
    await pos.call('sale.checkout', { tendered: DEMO.sampleProduct.price });
    // the order waits in the outbox younger than the sync interval: that still counts as on its way
    await pos.call('sync.now', {});
    const done = await pos.call('update.status', {});
    expect(done.phase).toBe('installing');
    expect(installs).toEqual([{ version: '1.3.0', path: join(dir.dir, 'updates', 'qianmi-pos-setup-1.3.0.exe') }]);
  });

  it('keeps the owner’s moment across a restart', async () => {
    await backend.close();
    await open();
    expect((await pos.call('update.status', {})).settings).toEqual({ moment: 'prompt', nightTime: '02:30' });
  });
});
