// Runtime: Node (Playwright). A real cloud (PGlite in a temp folder, demo data seeded) and a web-host with a
// fresh POS data folder FOR EACH TEST, torn down after: every test starts from an unregistered till with no
// orders, whatever ran before it. In-process (not globalSetup) so tests can query the cloud database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { fundDemoOutlet } from '../cloud/seed/demo-funds';
import { startCloud, type RunningCloud, type StartCloudOptions } from '../cloud/start';
import { demoFulfilment } from '../cloud/virtual/fulfilment';
import { startWebHost, type WebHost } from '../electron/web-host';

export interface PosEnv {
  cloud: RunningCloud;
  host: WebHost;
}

export interface PosEnvOptions {
  /** 'succeeds': every virtual order succeeds after 300 ms, delivered by a fast fulfilment clock */
  supplier?: 'demo' | 'succeeds';
  /** give the demo outlet its opening prepaid deposit (needed to sell top-ups or move money) */
  funded?: boolean;
}

export async function startPosEnv(opts: PosEnvOptions = {}): Promise<PosEnv & { close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pos-e2e-'));
  const cloudOpts: StartCloudOptions = { host: '127.0.0.1', port: 0, dataDir: join(dir, 'cloud'), seed: true };
  if (opts.supplier === 'succeeds') Object.assign(cloudOpts, { fulfilment: demoFulfilment({ latencyMs: 300, fateOf: () => 'success' }), fulfilmentTickMs: 100 });
  const cloud = await startCloud(cloudOpts);
  try {
    if (opts.funded) await fundDemoOutlet(cloud.db);
    const host = await startWebHost({ dataDir: join(dir, 'pos'), cloudUrl: cloud.url, rendererDir: 'dist/renderer' });
    return {
      cloud,
      host,
      async close() {
        await host.close();
        await cloud.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await cloud.close();
    throw e;
  }
}

export const test = base.extend<{ env: PosEnv; envOptions: PosEnvOptions }>({
  envOptions: [{}, { option: true }],
  env: async ({ envOptions }, use) => {
    const env = await startPosEnv(envOptions);
    try {
      await use(env);
    } finally {
      await env.close();
    }
  },
});

export { expect } from '@playwright/test';
