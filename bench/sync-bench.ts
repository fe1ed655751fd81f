// Runtime: Node. The initial-sync bench pieces shared by run.ts and sync-only.ts: a local cloud in a child
// process, a registered backend, a sync measured while the till scans, and the bare feed fetch (the floor).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DEMO } from '../cloud/seed/demo';
import { openDatabases } from '../electron/backend/db/open';
import type { MachineIdentitySource } from '../electron/backend/types';
import { keyFromPkcs8 } from '../electron/backend/device/keys';
import { nodeFileKeyStore } from '../electron/backend/index';
import { createCloudClient } from '../electron/backend/sync/cloud-client';
import { openPos } from '../electron/backend/testing/harness';
import { percentile } from './harness';

export async function startCloudChild(n: number): Promise<{ url: string; seedMs: number; kill(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/cloud-child.ts', String(n)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (c) => reject(new Error(`cloud child exited ${c}`)));
  });
  const { url, seedMs } = JSON.parse(line) as { url: string; seedMs: number };
  return { url, seedMs, kill: () => child.kill('SIGTERM') };
}

/** `identity`: the OS's (osMachineIdentity) for a data folder a real start (bench/coldstart.ts) opens later. */
export async function registeredPos(dir: string, cloudUrl: string, identity?: MachineIdentitySource) {
  const t = await openPos({ dataDir: dir, cloudUrl, ...(identity ? { identity } : {}) });
  await t.pos.call('device.register', {
    username: DEMO.master.username,
    password: DEMO.master.password,
    deviceName: '基准测试',
  });
  await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
  return t;
}

/** Runs catalog.sync to the end while scanning a barcode every 10 ms through the backend. */
export async function syncWithScans(
  dir: string,
  cloudUrl: string,
  inThread: boolean,
  log: (m: string) => void = () => {},
  identity?: MachineIdentitySource,
): Promise<{ ms: number; scanP99: number }> {
  if (inThread) process.env.QIANMI_CATALOG_WORKER = 'off';
  const t = await registeredPos(dir, cloudUrl, identity);
  try {
    log(`  initial sync (${inThread ? 'in-thread baseline' : 'worker'})`);
    const lat: number[] = [];
    let done = false;
    const t0 = performance.now();
    const sync = t.pos.call('catalog.sync', {}).finally(() => (done = true));
    while (!done) {
      await new Promise((r) => setTimeout(r, 10));
      const s0 = performance.now();
      const r = await t.backend.call('cart.scan', { code: DEMO.sampleBarcode });
      lat.push(performance.now() - s0);
      if (r.ok && lat.length % 50 === 0) await t.backend.call('cart.clear', {});
    }
    const res = await sync;
    const ms = performance.now() - t0;
    log(`    ${res.products} products in ${(ms / 1000).toFixed(1)} s, ${lat.length} scans`);
    lat.sort((a, b) => a - b);
    return { ms, scanP99: percentile(lat, 99) };
  } finally {
    await t.backend.close();
    delete process.env.QIANMI_CATALOG_WORKER;
  }
}

/** Fetches the whole feed as a registered device, pipelined like the worker, applying nothing. */
export async function fetchWholeFeed(dir: string, cloudUrl: string, pageSize: number): Promise<number> {
  const t = await registeredPos(dir, cloudUrl);
  await t.backend.close();
  const dbs = openDatabases(dir);
  const device = dbs.sales.prepare('SELECT device_id FROM device').pluck().get() as string;
  dbs.close();
  const key = keyFromPkcs8((await nodeFileKeyStore(dir).load())!);
  const cloud = createCloudClient({
    baseUrl: cloudUrl,
    now: Date.now,
    credentials: () => ({ deviceId: device, privateKey: key.privateKey }),
  });
  const t0 = performance.now();
  let cursor = 0;
  let inFlight = cloud.catalogChanges(cursor, pageSize);
  for (;;) {
    const page = await inFlight;
    cursor = page.nextCursor;
    if (!page.hasMore || page.changes.length === 0) break;
    inFlight = cloud.catalogChanges(cursor, pageSize);
  }
  return performance.now() - t0;
}
