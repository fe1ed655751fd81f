// Runtime: Node. `npx tsx bench/sync-only.ts [N]`: the initial-sync figure alone (local cloud child with N
// scale products, then catalog.sync through a registered backend, scans meanwhile), plus the time to
// fetch the whole feed without applying it: the floor set by the cloud and the wire. For tuning runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_PAGE_MAX } from '../shared/sync/protocol';
import { fetchWholeFeed, startCloudChild, syncWithScans } from './sync-bench';

const n = Number(process.argv[2] ?? 500_000);
const root = mkdtempSync(join(tmpdir(), 'qianmi-sync-'));
const cloud = await startCloudChild(n);
try {
  console.error(`seeded ${n} in ${(cloud.seedMs / 1000).toFixed(1)} s`);
  const fetchMs = await fetchWholeFeed(join(root, 'fetch'), cloud.url, CATALOG_PAGE_MAX);
  console.error(`fetch-only (pages of ${CATALOG_PAGE_MAX}): ${(fetchMs / 1000).toFixed(1)} s`);
  const r = await syncWithScans(join(root, 'sync'), cloud.url, false, (m) => console.error(m));
  console.error(`initial sync: ${(r.ms / 1000).toFixed(1)} s, scan p99 ${r.scanP99.toFixed(2)} ms`);
} finally {
  cloud.kill();
  rmSync(root, { recursive: true, force: true });
}
process.exit(0);
