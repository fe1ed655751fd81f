// Clock chaos: the POS clock (the backend's injectable `now`) starts a day ahead and jumps by ±24 h while
// selling. Signed requests must still be accepted (the POS learns the cloud's time, and re-signs once on
// CLOCK_SKEW), and every order must reach the cloud once, with the local createdAt it was rung up with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../cloud/start';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { chaosSeed, createRng, FULL } from './prng';
import { checkSalesDb, cloudFacts, drain, openPos, registerDevice, startChaosCloud, tempDir } from './world';

const HOUR = 3_600_000;
const ORDERS = FULL ? 1000 : 120;

describe(`POS clock jumping ±24 h (${ORDERS} orders)`, () => {
  const seed = chaosSeed('clock');
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
    'no order is rejected or doubled, and each keeps its local createdAt',
    { timeout: FULL ? 900_000 : 150_000 },
    async () => {
      const rng = createRng(seed);
      const { codes, deviceId } = await registerDevice(cloud.url, dir.dir);
      // A calm proxy: it only counts what the cloud answers, to prove CLOCK_SKEW happened and was recovered.
      proxy = await startFaultProxy({ target: cloud.url, rng: rng.fork('proxy') });
      proxy.calm = true;
      let skew = 24 * HOUR;
      const jumps: number[] = [skew];
      const { backend, pos } = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url, now: () => Date.now() + skew });
      try {
        await pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
        const sell = rng.fork('sales');
        for (let n = 1; n <= ORDERS; n++) {
          if (sell.chance(0.05)) {
            skew = sell.pick([-24 * HOUR, -3 * HOUR, 0, 3 * HOUR, 24 * HOUR]);
            jumps.push(skew);
          }
          await pos.call('cart.scan', { code: sell.pick(codes) });
          const cart = await pos.call('cart.get', {});
          await pos.call('sale.checkout', { tendered: cart.total });
          if (sell.chance(0.3)) await pos.call('sync.now', {});
        }
        await drain(pos);
      } finally {
        await backend.close();
      }
      // A second process starting with the clock a day behind: its first signed request is refused once,
      // re-signed with the cloud's time, and goes through.
      const skewBefore = proxy.answers.get('401 CLOCK_SKEW') ?? 0;
      skew = -24 * HOUR;
      const again = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url, now: () => Date.now() + skew });
      try {
        expect(await again.pos.call('auth.login', { username: 'cashier', password: 'cashier123' })).toMatchObject({
          offline: false,
        });
      } finally {
        await again.backend.close();
      }
      const local = checkSalesDb(dir.dir);
      const remote = await cloudFacts(cloud, deviceId);
      console.log(
        `[chaos] clock seed ${seed}: skews ${jumps.map((j) => j / HOUR + 'h').join(' → ')}; cloud answers ${JSON.stringify(Object.fromEntries(proxy.answers))}`,
      );
      expect(proxy.answers.get('401 CLOCK_SKEW') ?? 0).toBeGreaterThan(skewBefore);
      expect(skewBefore).toBeGreaterThan(0); // the first process met the skew too, and recovered
      expect(local.orders).toBe(ORDERS);
      expect(local.unsent).toBe(0);
      expect(remote.duplicates).toBe(0);
      expect(remote.ids).toEqual(local.ids);
      expect(remote.total).toBe(local.total);
      // createdAt travels as rung up on the POS clock, whatever the clock said
      const db = (await import('better-sqlite3')).default;
      const sales = new db(`${dir.dir}/sales.db`, { readonly: true });
      const localCreated = new Map(
        (sales.prepare('SELECT id, created_at FROM orders').all() as { id: string; created_at: number }[]).map((r) => [
          r.id,
          r.created_at,
        ]),
      );
      sales.close();
      for (const [id, at] of localCreated) expect(remote.createdAt.get(id), id).toBe(at);
    },
  );
});
