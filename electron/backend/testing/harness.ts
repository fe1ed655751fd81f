// Test helpers: a temp data folder, a fixed machine identity, and a backend with background sync off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type PosClient } from '../../../shared/api/client';
import { createBackend } from '../index';
import { nodeFileKeyStore } from '../device/keystore-file';
import type { Backend, MachineIdentitySource } from '../types';

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

export async function openPos(p: { dataDir: string; cloudUrl: string; identity?: MachineIdentitySource; now?: () => number }): Promise<TestPos> {
  const backend = await createBackend({
    dataDir: p.dataDir,
    cloudUrl: p.cloudUrl,
    keyStore: nodeFileKeyStore(p.dataDir),
    identity: p.identity ?? fixedIdentity(),
    now: p.now,
    backgroundSync: false,
  });
  const pos = createClient({ call: (m, i) => backend.call(m, i), on: () => () => {} });
  return { backend, pos };
}
