// Runtime: Node (build tool). Bundles the Electron entry points to dist-electron/*.cjs. Native and
// Electron-provided modules stay external: they are resolved at run time from node_modules / Electron.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'info',
  external: ['electron', 'better-sqlite3', 'node-machine-id', 'electron-updater', 'pg-native'],
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.cjs' }),
  build({ ...common, entryPoints: ['electron/backend-host.ts'], outfile: 'dist-electron/backend-host.cjs' }),
  // The catalog sync worker (worker_threads), found by path beside backend-host.cjs at run time.
  build({
    ...common,
    entryPoints: ['electron/backend/catalog/sync-worker.ts'],
    outfile: 'dist-electron/catalog-sync-worker.cjs',
  }),
  // A sandboxed preload can load no module but Electron's own: everything else is bundled in.
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs', target: 'chrome120' }),
]);
