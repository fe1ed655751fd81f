// `npm test`: every suite, in order, stopping at the first failure.
//   0. format check (Prettier) and lint (ESLint with typescript-eslint)
//   1. typecheck per runtime (Node, DOM, shared)
//   2. Vitest: unit and integration tests, the cloud on embedded PGlite
//   3. Vitest: the cloud suite again on real PostgreSQL, when DATABASE_URL is set (skipped, with the reason, otherwise)
//   4. Playwright e2e in Chromium through web-host (and the Electron spec where a binary exists)
import { spawnSync } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const databaseUrl = process.env.DATABASE_URL;

function run(title, cmd, args, env = process.env) {
  console.log(`\n──── ${title} ────`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`\n✗ ${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

const only = process.argv[2];
if (!only || only === 'lint') {
  run('format check (Prettier)', npx, ['prettier', '--check', '--log-level', 'warn', '.']);
  run('lint (ESLint)', npx, ['eslint', '.']);
}
if (!only || only === 'typecheck') run('typecheck', npm, ['run', 'typecheck']);
if (!only || only === 'unit') {
  const env = { ...process.env };
  delete env.DATABASE_URL; // the default run is on PGlite; PostgreSQL gets its own pass below
  run('unit + integration (cloud on PGlite)', npx, ['vitest', 'run'], env);
}
if (!only || only === 'pg') {
  if (databaseUrl)
    run('cloud suite on PostgreSQL (DATABASE_URL)', npx, ['vitest', 'run', 'cloud'], {
      ...process.env,
      DATABASE_URL: databaseUrl,
    });
  else console.log('\n──── cloud suite on PostgreSQL: skipped, DATABASE_URL is not set (.ci/run sets it) ────');
}
if (!only || only === 'e2e') {
  run('build', npm, ['run', 'build']);
  run('e2e (Playwright)', npx, ['playwright', 'test']);
}
console.log('\n✓ all suites passed');
