// `npm run test:chaos`: the long chaos suite (CHAOS_FULL=1: 120 kills, 3,000 orders through the fault
// proxy, 1,000 orders under clock jumps, 60 kills mid-migration). `npm test` runs the same files bounded.
// Replay a failing run: CHAOS_SEED=<seed printed by the failing suite> npm run test:chaos [-- chaos/network.test.ts]
import { spawnSync } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const files = process.argv.slice(2);
const r = spawnSync(npx, ['vitest', 'run', ...(files.length ? files : ['chaos'])], {
  stdio: 'inherit',
  env: { ...process.env, CHAOS_FULL: '1' },
  shell: process.platform === 'win32',
});
process.exit(r.status ?? 1);
