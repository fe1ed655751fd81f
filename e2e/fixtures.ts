// Runtime: Node (Playwright). A real cloud (PGlite in a temp folder, demo data seeded) and a web-host with a
// fresh POS data folder FOR EACH TEST, torn down after: every test starts from an unregistered till with no
// orders, whatever ran before it. In-process (not globalSetup) so tests can query the cloud database.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { DEMO } from '../cloud/seed/demo';
import { fundDemoOutlet } from '../cloud/seed/demo-funds';
import { startCloud, type RunningCloud, type StartCloudOptions } from '../cloud/start';
import { demoFulfilment } from '../cloud/virtual/fulfilment';
import { startToggleProxy, type ToggleProxy } from '../electron/backend/testing/toggle-proxy';
import { startWebHost, type WebHost } from '../electron/web-host';
import { feedUpdater } from '../electron/web-updater';
import { VIRTUAL_POLL } from '../shared/virtual-poll';

/**
 * The demo supplier's answer delay in the e2e specs: LONGER than the counter's first look at a new order
 * (shared/virtual-poll.ts), as at a real counter, so a screen that looks only once stays 充值中 and fails.
 */
export const SUPPLIER_DELAY_MS = Math.round(2.5 * VIRTUAL_POLL.firstMs);

export interface PosEnv {
  cloud: RunningCloud;
  host: WebHost;
  /** what the stand-in receipt printer received (envOptions.printer), one buffer per print job */
  printed: Buffer[];
  /** with `proxy: true`: the till reaches the cloud through it; `setDown(true)` plays "the network dropped" */
  proxy?: ToggleProxy;
  /** with `appVersion`: each install the update policy asked for (a web host cannot install itself) */
  installs: { version: string; path: string }[];
  /** the till's data folder (a spec may start a second web host on it: the till started again) */
  posDir: string;
}

export interface PosEnvOptions {
  /** 'succeeds': every virtual order succeeds after SUPPLIER_DELAY_MS, delivered by a fast fulfilment clock;
   *  'byPhone': the same, but a phone number ending in 2 fails */
  supplier?: 'demo' | 'succeeds' | 'byPhone';
  /** give the demo outlet its opening prepaid deposit (needed to sell top-ups or move money) */
  funded?: boolean;
  /** the supplier's answer delay (default SUPPLIER_DELAY_MS) */
  supplierDelayMs?: number;
  /** a stand-in network receipt printer (a TCP listener on 127.0.0.1 capturing the ESC/POS bytes), set up on the till */
  printer?: boolean;
  /** the demo payment provider's answer delay (DEMO_PAY_LATENCY_MS): make it longer than the till's first look
   *  at a waiting payment (payPollMs), as a provider across the internet is */
  payLatencyMs?: number;
  /** how often the cloud (and, from its config, the till) asks about a waiting payment (default 3 s) */
  payPollMs?: number;
  /** put a switchable proxy between the till and the cloud (env.proxy) */
  proxy?: boolean;
  /** the till runs this version and downloads updates from the cloud's feed (electron/web-updater.ts); what it
   *  asks to install is recorded in env.installs */
  appVersion?: string;
}

export async function startPosEnv(opts: PosEnvOptions = {}): Promise<PosEnv & { close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pos-e2e-'));
  const cloudOpts: StartCloudOptions = { host: '127.0.0.1', port: 0, dataDir: join(dir, 'cloud'), seed: true };
  if (opts.supplier === 'succeeds' || opts.supplier === 'byPhone')
    Object.assign(cloudOpts, {
      fulfilment: demoFulfilment({
        latencyMs: opts.supplierDelayMs ?? SUPPLIER_DELAY_MS,
        fateOf: (req) => (opts.supplier === 'byPhone' && req.phone?.endsWith('2') ? 'failed' : 'success'),
      }),
      fulfilmentTickMs: 100,
    });
  if (opts.payLatencyMs !== undefined) cloudOpts.demoPay = { latencyMs: opts.payLatencyMs };
  if (opts.payPollMs !== undefined) cloudOpts.payments = { pollIntervalMs: opts.payPollMs };
  const cloud = await startCloud(cloudOpts);
  const printed: Buffer[] = [];
  let printer: Server | undefined;
  try {
    if (opts.funded) await fundDemoOutlet(cloud.db);
    const posDir = join(dir, 'pos');
    if (opts.printer) {
      printer = createServer((sock) => {
        const chunks: Buffer[] = [];
        sock.on('data', (c) => chunks.push(c));
        sock.on('end', () => printed.push(Buffer.concat(chunks)));
      });
      await new Promise<void>((r) => printer!.listen(0, '127.0.0.1', r));
      const port = (printer.address() as AddressInfo).port;
      await mkdir(posDir, { recursive: true });
      await writeFile(
        join(posDir, 'printer.json'),
        JSON.stringify({ kind: 'network', host: '127.0.0.1', port, paperWidth: 58 }),
      );
    }
    const proxy = opts.proxy ? await startToggleProxy(cloud.url) : undefined;
    const installs: PosEnv['installs'] = [];
    const host = await startWebHost({
      dataDir: posDir,
      cloudUrl: proxy?.url ?? cloud.url,
      rendererDir: 'dist/renderer',
      ...(opts.appVersion
        ? {
            appVersion: opts.appVersion,
            updater: feedUpdater({
              appVersion: opts.appVersion,
              downloadDir: join(posDir, 'updates'),
              onInstall: (i) => installs.push(i),
            }),
          }
        : {}),
    });
    return {
      cloud,
      host,
      printed,
      proxy,
      installs,
      posDir,
      async close() {
        await host.close();
        await proxy?.close();
        await cloud.close();
        await new Promise((r) => (printer ? printer.close(r) : r(undefined)));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await cloud.close();
    printer?.close();
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

/**
 * The first-run steps every counter spec starts with: register this till as the owner, log in (the cashier
 * unless `login` says otherwise), and wait until the catalog is on the till (sale.spec.ts walks through them
 * one by one).
 */
export async function registerAndLogIn(
  page: Page,
  env: PosEnv,
  deviceName = 'e2e 收银台',
  login: { username: string; password: string } = DEMO.cashier,
): Promise<void> {
  await page.goto(env.host.url);
  await page.getByTestId('register-username').fill(DEMO.master.username);
  await page.getByTestId('register-password').fill(DEMO.master.password);
  await page.getByTestId('register-device-name').fill(deviceName);
  await page.getByTestId('register-submit').click();
  await page.getByTestId('login-username').fill(login.username);
  await page.getByTestId('login-password').fill(login.password);
  await page.getByTestId('login-submit').click();
  await base.expect(page.getByTestId('search-input')).toBeVisible();
  await base.expect
    .poll(async () => Number((await page.getByTestId('catalog-count').getAttribute('data-count')) || 0), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);
}

/** Answers the super-password dialog and waits for it to close (the act went through). */
export async function confirmSuper(page: Page, password: string): Promise<void> {
  const dialog = page.getByTestId('super-password-dialog');
  await base.expect(dialog).toBeVisible();
  await dialog.getByTestId('super-password').fill(password);
  await dialog.getByTestId('super-password-confirm').click();
  await base.expect(dialog).toBeHidden();
}
