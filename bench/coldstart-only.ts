// Runtime: Node. `npx tsx bench/coldstart-only.ts [N] [runs]`: the cold-start figure alone — a local cloud
// child with N scale products, a till registered and synced with it, then `runs` cold starts of that till
// (bench/coldstart.ts), each step printed. For tuning runs; `npm run bench` measures it at 500k too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { osMachineIdentity } from '../electron/backend/device/identity';
import { bundleTill, coldStartToScan, launchBenchBrowser, type TillEntry } from './coldstart';
import { registeredPos, startCloudChild } from './sync-bench';

const n = Number(process.argv[2] ?? 500_000);
const runs = Number(process.argv[3] ?? 3);
const root = mkdtempSync(join(tmpdir(), 'qianmi-cold-'));
const cloud = await startCloudChild(n);
const browser = await launchBenchBrowser();
try {
  console.error(`seeded ${n} in ${(cloud.seedMs / 1000).toFixed(1)} s`);
  const dir = join(root, 'pos');
  const t = await registeredPos(dir, cloud.url, osMachineIdentity);
  const r = await t.pos.call('catalog.sync', {});
  await t.backend.close();
  console.error(`synced ${r.products} products`);
  const entries: TillEntry[] = [await bundleTill(), { kind: 'source' }];
  for (let i = 0; i < runs; i++)
    for (const entry of entries) {
      const c = await coldStartToScan(browser, dir, cloud.url, entry);
      console.error(`run ${i + 1} (${entry.kind}): ${Math.round(c.totalMs)} ms`);
      for (const s of c.steps) console.error(`  ${String(Math.round(s.at)).padStart(6)} ms  ${s.name}`);
    }
} finally {
  await browser.close();
  cloud.kill();
  rmSync(root, { recursive: true, force: true });
}
process.exit(0);
