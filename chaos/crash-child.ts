// Child process of crash.test.ts: a counter that sells in a loop on a real data folder, with the real
// background sync loop pushing to the real cloud, until it is killed (SIGKILL) at a random instant.
// After each committed checkout it writes "C <orderId> <total>" synchronously to stdout: an order it
// reported must survive any kill. Env: CHAOS_DATA_DIR, CHAOS_CLOUD_URL, CHAOS_CODES (comma list), CHAOS_CHILD_SEED.
import { writeSync } from 'node:fs';
import { createRng } from './prng';
import { openPos } from './world';

async function main() {
  const dataDir = process.env.CHAOS_DATA_DIR!;
  const cloudUrl = process.env.CHAOS_CLOUD_URL!;
  const codes = process.env.CHAOS_CODES!.split(',');
  const rng = createRng(Number(process.env.CHAOS_CHILD_SEED ?? 1));
  const { pos } = await openPos({ dataDir, cloudUrl, backgroundSync: true });
  for (;;) {
    const r = await pos.try('auth.login', { username: 'cashier', password: 'cashier123' });
    if (r.ok) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  writeSync(1, 'READY\n');
  for (;;) {
    const lines = rng.int(1, 3);
    for (let i = 0; i < lines; i++) await pos.call('cart.scan', { code: rng.pick(codes) });
    const cart = await pos.call('cart.get', {});
    const { order } = await pos.call('sale.checkout', { tendered: cart.total });
    writeSync(1, `C ${order.id} ${order.total}\n`);
    // let the background loop's push interleave with the next sale now and then
    if (rng.chance(0.2)) await new Promise((res) => setTimeout(res, rng.int(1, 30)));
  }
}

main().catch((e) => {
  writeSync(2, `crash-child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
