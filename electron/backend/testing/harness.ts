// Test helpers: a temp data folder, a fixed machine identity, and a backend with background sync off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type PosClient } from '../../../shared/api/client';
import { createBackend } from '../index';
import { nodeFileKeyStore } from '../device/keystore-file';
import type { Backend, MachineIdentitySource } from '../types';
import { startFakeCloud, type FakeCloud } from './fake-cloud';

export function tempDir(prefix = 'pos-backend-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixedIdentity(machine = 'machine-A', macs = ['3c:52:82:11:22:33']): MachineIdentitySource {
  return { machineId: async () => machine, macAddresses: () => macs };
}

export interface TestPos {
  backend: Backend;
  pos: PosClient;
}

export async function openPos(p: {
  dataDir: string;
  cloudUrl: string;
  identity?: MachineIdentitySource;
  now?: () => number;
  mono?: () => number;
}): Promise<TestPos> {
  const backend = await createBackend({
    dataDir: p.dataDir,
    cloudUrl: p.cloudUrl,
    keyStore: nodeFileKeyStore(p.dataDir),
    identity: p.identity ?? fixedIdentity(),
    now: p.now,
    mono: p.mono,
    backgroundSync: false,
  });
  const pos = createClient({ call: (m, i) => backend.call(m, i), on: () => () => {} });
  return { backend, pos };
}

export interface Till {
  cloud: FakeCloud;
  dir: { dir: string; cleanup(): void };
  t: TestPos;
}

/**
 * The usual starting point of a counter test: a fake cloud, a fresh data folder, this till registered by
 * the owner and (unless `login: null`) an employee logged in with the catalog pulled.
 */
export async function openRegisteredTill(
  opts: { login?: { username: string; password: string } | null } = {},
): Promise<Till> {
  const cloud = await startFakeCloud();
  const { dir, t } = await openTillAt(cloud.url, {
    deviceName: 'c1',
    login: opts.login === undefined ? { username: 'cashier', password: 'cashier123' } : opts.login,
  });
  return { cloud, dir, t };
}

/**
 * A till in a fresh data folder, registered by the owner (owner / owner888: the fake cloud's and the demo
 * seed's master) to the cloud at `cloudUrl` — often a fault proxy in front of the real cloud — and, unless
 * `login` is null, that employee logged in with the catalog pulled. `close()` closes the till's backend and
 * removes the folder; the caller closes its cloud and proxy.
 */
export async function openTillAt(
  cloudUrl: string,
  p: { deviceName: string; login: { username: string; password: string } | null },
): Promise<{ t: TestPos; dir: ReturnType<typeof tempDir>; close(): Promise<void> }> {
  const dir = tempDir();
  const t = await openPos({ dataDir: dir.dir, cloudUrl });
  await t.pos.call('device.register', { username: 'owner', password: 'owner888', deviceName: p.deviceName });
  if (p.login) {
    await t.pos.call('auth.login', { username: p.login.username, password: p.login.password });
    await t.pos.call('catalog.sync', {});
  }
  return {
    t,
    dir,
    async close() {
      await t.backend.close();
      dir.cleanup();
    },
  };
}

/** Closes the till's backend (the one the test holds now), the fake cloud, and removes the data folder. */
export async function closeTill(t: TestPos, till: Pick<Till, 'cloud' | 'dir'>): Promise<void> {
  await t.backend.close();
  await till.cloud.close();
  till.dir.cleanup();
}
