// Crash chaos: a child process sells in a loop (its background sync pushing to the real cloud) and is
// killed with SIGKILL at random instants, again and again. After every kill sales.db must be intact
// (integrity_check ok, no partial order, no orphan outbox row, every order the child reported present);
// after a final sync the cloud holds exactly the orders sales.db holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../cloud/start';
import { spawnChild } from './child';
import { chaosSeed, createRng, FULL } from './prng';
import { checkSalesDb, cloudFacts, drain, openPos, registerDevice, startChaosCloud, tempDir } from './world';

const KILLS = FULL ? 120 : 10;

describe(`SIGKILL while selling (${KILLS} kills)`, () => {
  const seed = chaosSeed('crash');
  let cloud: RunningCloud;
  const dir = tempDir();
  beforeAll(async () => {
    cloud = await startChaosCloud();
  });
  afterAll(async () => {
    await cloud?.close();
    dir.cleanup();
  });

  it(
    'every kill leaves whole orders, and the cloud ends with exactly them',
    { timeout: FULL ? 3_600_000 : 150_000 },
    async () => {
      const rng = createRng(seed);
      const { codes, deviceId } = await registerDevice(cloud.url, dir.dir);
      const reported = new Set<string>();
      let killedSelling = 0;
      for (let k = 0; k < KILLS; k++) {
        const child = spawnChild('./crash-child.ts', {
          CHAOS_DATA_DIR: dir.dir,
          CHAOS_CLOUD_URL: cloud.url,
          CHAOS_CODES: codes.join(','),
          CHAOS_CHILD_SEED: String(rng.int(1, 2 ** 31)),
        });
        try {
          // Mostly mid-sale; sometimes while it is still opening, migrating or logging in.
          if (rng.chance(0.8)) {
            await child.waitFor(/^READY$/);
            await new Promise((r) => setTimeout(r, rng.int(0, 600)));
            killedSelling++;
          } else {
            await new Promise((r) => setTimeout(r, rng.int(0, 1200)));
          }
        } finally {
          await child.kill();
        }
        for (const l of child.lines) if (l.startsWith('C ')) reported.add(l.split(' ')[1]!);
        const facts = checkSalesDb(dir.dir); // throws on any partial or orphaned row
        const missing = [...reported].filter((id) => !facts.ids.includes(id));
        expect(missing, `kill ${k}: committed orders lost`).toEqual([]);
      }
      // Restart once more, in-process, and deliver everything.
      const { backend, pos } = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
      try {
        await drain(pos);
      } finally {
        await backend.close();
      }
      const local = checkSalesDb(dir.dir);
      const remote = await cloudFacts(cloud, deviceId);
      console.log(
        `[chaos] crash seed ${seed}: ${KILLS} kills (${killedSelling} mid-sale), ${local.orders} orders, ¥${local.total / 100}`,
      );
      expect(local.orders).toBeGreaterThan(0);
      expect(local.orders).toBeGreaterThanOrEqual(reported.size);
      expect(remote.duplicates).toBe(0);
      expect(remote.ids).toEqual(local.ids);
      expect(remote.total).toBe(local.total);
    },
  );
});
