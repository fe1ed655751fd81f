// Network chaos: a fault-injecting proxy between the POS and the cloud drops requests, drops answers after
// the cloud committed, duplicates, delays, reorders and resets. Over hundreds (CHAOS_FULL: thousands) of
// orders the cloud must end up holding exactly the POS's orders: same ids, count and total, no duplicate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../cloud/start';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { chaosSeed, createRng, FULL } from './prng';
import { checkSalesDb, cloudFacts, drain, openPos, registerDevice, startChaosCloud, tempDir } from './world';

const ORDERS = FULL ? 3000 : 300;

describe(`network faults between POS and cloud (${ORDERS} orders)`, () => {
  const seed = chaosSeed('network');
  let cloud: RunningCloud;
  let proxy: FaultProxy;
  const dir = tempDir();
  beforeAll(async () => {
    cloud = await startChaosCloud();
  });
  afterAll(async () => {
    await proxy?.close();
    await cloud?.close();
    dir.cleanup();
  });

  it(
    'the cloud holds exactly the POS orders, none lost, none doubled',
    { timeout: FULL ? 1_800_000 : 150_000 },
    async () => {
      const rng = createRng(seed);
      const { codes, deviceId } = await registerDevice(cloud.url, dir.dir);
      proxy = await startFaultProxy({ target: cloud.url, rng: rng.fork('proxy') });
      const { backend, pos } = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url, cloudTimeoutMs: 1500 });
      try {
        // Log in through the faults: a dropped answer is just another try (offline login would do too).
        for (let i = 0; ; i++) {
          const r = await pos.try('auth.login', { username: 'cashier', password: 'cashier123' });
          if (r.ok) break;
          if (i > 30) throw new Error(`cannot log in through the proxy: ${JSON.stringify(r.error)}`);
        }
        const sell = rng.fork('sales');
        for (let n = 1; n <= ORDERS; n++) {
          const lines = sell.int(1, 3);
          for (let l = 0; l < lines; l++) await pos.call('cart.scan', { code: sell.pick(codes) });
          const cart = await pos.call('cart.get', {});
          await pos.call('sale.checkout', { tendered: cart.total });
          // Push now and then, as the background loop would: every push runs through the faults.
          if (sell.chance(0.25)) await pos.call('sync.now', {});
        }
        await proxy.flush();
        proxy.calm = true;
        await drain(pos);
        await proxy.flush();
      } finally {
        await backend.close();
      }
      const local = checkSalesDb(dir.dir);
      const remote = await cloudFacts(cloud, deviceId);
      console.log(
        `[chaos] network seed ${seed}: faults ${JSON.stringify(proxy.stats)}; cloud answers ${JSON.stringify(Object.fromEntries(proxy.answers))}`,
      );
      expect(local.orders).toBe(ORDERS);
      expect(local.unsent).toBe(0);
      expect(remote.duplicates).toBe(0);
      expect(remote.orders).toBe(local.orders);
      expect(remote.total).toBe(local.total);
      expect(remote.ids).toEqual(local.ids);
      // the schedule really hurt: every kind of fault happened
      for (const [fault, count] of Object.entries(proxy.stats)) expect(count, fault).toBeGreaterThan(0);
    },
  );
});
