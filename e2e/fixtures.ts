// Runtime: Node (Playwright worker). One real cloud (PGlite in a temp folder, demo data seeded) and one
// web-host (fresh POS data folder) per worker, shared by that worker's tests and torn down after.
// Worker-scoped rather than globalSetup so tests can query the cloud database in-process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startCloud } from '../cloud/start';
import { startWebHost, type WebHost } from '../electron/web-host';

type Cloud = Awaited<ReturnType<typeof startCloud>>;
export interface PosEnv {
  cloud: Cloud;
  host: WebHost;
}

export const test = base.extend<object, { env: PosEnv }>({
  env: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'pos-e2e-'));
      const cloud = await startCloud({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'cloud'), seed: true });
      const host = await startWebHost({ dataDir: join(dir, 'pos'), cloudUrl: cloud.url, rendererDir: 'dist/renderer' });
      try {
        await use({ cloud, host });
      } finally {
        await host.close();
        await cloud.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

export { expect } from '@playwright/test';
