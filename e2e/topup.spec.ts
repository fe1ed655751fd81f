// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud, whose demo supplier is made deterministic here (every order succeeds after 300 ms,
// delivered by the cloud's own fulfilment clock) and whose outlet is funded with ¥1,000.00. A cashier sells
// a ¥100 China Mobile top-up: the carrier shows as the number is typed, the status reaches 成功, and the
// cloud holds the virtual order exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildCloud } from '../cloud/app';
import { openCloudDb } from '../cloud/db/open';
import type { CloudDb } from '../cloud/db/types';
import { ensureOrgAccount, outletPrepaidId, transfer } from '../cloud/ledger';
import { DEMO, seedDemo } from '../cloud/seed/demo';
import { demoFulfilment } from '../cloud/virtual/fulfilment';
import { startWebHost, type WebHost } from '../electron/web-host';

interface TopupEnv {
  db: CloudDb;
  host: WebHost;
}

// startCloud has no supplier option, so this spec assembles the same cloud (cloud/start.ts) with one.
const test = base.extend<object, { env: TopupEnv }>({
  env: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'pos-e2e-topup-'));
      const db = await openCloudDb({ dataDir: join(dir, 'cloud') });
      let app: FastifyInstance | undefined;
      let host: WebHost | undefined;
      try {
        await seedDemo(db, Date.now());
        const bank = await ensureOrgAccount(db, 'platform', DEMO.platformId, Date.now(), 'bank');
        await ensureOrgAccount(db, 'outlet_prepaid', DEMO.outletId, Date.now());
        await db.tx((q) => transfer(q, { id: uuidv7(), debitAccountId: bank.id, creditAccountId: outletPrepaidId(DEMO.outletId), amount: 100_000, code: 'deposit' }, Date.now()));
        app = buildCloud({ db, fulfilment: demoFulfilment({ latencyMs: 300, fateOf: () => 'success' }), fulfilmentTickMs: 100 });
        await app.listen({ host: '127.0.0.1', port: 0 });
        const addr = app.server.address();
        const port = typeof addr === 'object' && addr ? addr.port : 0;
        host = await startWebHost({ dataDir: join(dir, 'pos'), cloudUrl: `http://127.0.0.1:${port}`, rendererDir: 'dist/renderer' });
        await use({ db, host });
      } finally {
        await host?.close();
        await app?.close();
        await db.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

test('a cashier sells a ¥100 China Mobile top-up and sees it succeed', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(env.host.url);

  await page.getByTestId('register-username').fill(DEMO.master.username);
  await page.getByTestId('register-password').fill(DEMO.master.password);
  await page.getByTestId('register-device-name').fill('e2e 收银台');
  await page.getByTestId('register-submit').click();
  await page.getByTestId('login-username').fill(DEMO.cashier.username);
  await page.getByTestId('login-password').fill(DEMO.cashier.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('search-input')).toBeVisible();
  // the top-up products come from the local catalog: wait for the catalog to be there
  await expect.poll(async () => Number((await page.getByTestId('catalog-count').getAttribute('data-count')) || 0), { timeout: 60_000 }).toBeGreaterThan(0);

  await page.getByTestId('tab-topup').click();
  await page.getByTestId('topup-phone').fill('13800138000');
  await expect(page.getByTestId('topup-carrier')).toContainText('中国移动');
  await expect(page.getByTestId('topup-carrier')).toHaveAttribute('data-carrier', 'cmcc');
  await expect(page.getByText('携号转网')).toBeVisible();
  await page.getByTestId('topup-face-100').click();
  await page.screenshot({ path: 'test-results/topup-pick.png' });
  await page.getByTestId('topup-confirm').click();
  await expect(page.getByTestId('topup-confirm-phone')).toContainText('138 0013 8000');
  await page.getByTestId('topup-tendered').fill('120');
  await expect(page.getByTestId('topup-change')).toHaveText('¥20.00');
  await page.screenshot({ path: 'test-results/topup-confirm.png' });
  await page.getByTestId('topup-submit').click();

  const status = page.getByTestId('topup-status');
  await expect(status).toBeVisible();
  await expect(status).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  await expect(status).toContainText('成功');
  await page.screenshot({ path: 'test-results/topup-success.png' });

  const rows = await env.db.query<{ phone: string; status: string; cost: number }>('SELECT phone, status, cost FROM virtual_orders');
  expect(rows.rows).toEqual([{ phone: '13800138000', status: 'success', cost: 9_900 }]);
  expect(problems).toEqual([]);
});
