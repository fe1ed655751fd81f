// Runtime: Node (child process of the bench). A till's cold start, as `npm run web` starts one: loads the
// web host, opens the backend on an existing data folder (registered, catalog synced) and serves the
// renderer. Prints one JSON line — the process's start time (performance.timeOrigin, epoch ms) and each
// start-up step's mark in ms since then (the backend marks its own steps: electron/backend/index.ts) — then
// serves until killed.
import { performance } from 'node:perf_hooks';

performance.mark('start:first-line'); // Node and the TypeScript loader are up
const [dataDir, cloudUrl, rendererDir = 'dist/renderer'] = process.argv.slice(2) as [string, string, string?];
const { startWebHost } = await import('../electron/web-host');
performance.mark('start:modules-loaded');
const host = await startWebHost({ dataDir, cloudUrl, rendererDir });
performance.mark('start:listening');
console.log(
  JSON.stringify({
    url: host.url,
    timeOrigin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })),
  }),
);
process.on('SIGTERM', () => void host.close().finally(() => process.exit(0)));
