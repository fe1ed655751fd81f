// Runtime: Node (Playwright). Updates as the counter meets them, in Chromium through the web host against the
// real cloud's update service: the first-run screen refuses a plain-HTTP internet cloud address; a release
// published by the platform reaches the till (downloaded from its own feed, sha512 checked), the status area
// says so, the panel shows the notes in the screen's language; accepted in the middle of a sale, it installs
// only after the sale is paid — never during it.
import { createHash, randomBytes } from 'node:crypto';
import { DEMO } from '../cloud/seed/demo';
import { createPlatformAdmin } from '../cloud/updates/admins';
import { releaseApi } from '../cloud/updates/release-client';
import { expect, registerAndLogIn, test } from './fixtures';

test.use({ envOptions: { appVersion: '1.2.0' } });

test('the first-run screen checks a private cloud address as it is typed', async ({ page, env }) => {
  await page.goto(env.host.url);
  await expect(page.getByTestId('cloud-address-current')).toHaveText(env.cloud.url);
  await page.getByTestId('cloud-address-change').click();
  await page.getByTestId('cloud-address-input').fill('http://pos.example.cn');
  await expect(page.getByTestId('cloud-address-problem')).toContainText('https://');
  await expect(page.getByTestId('cloud-address-save')).toBeDisabled();
  await page.getByTestId('cloud-address-input').fill(env.cloud.url.replace('127.0.0.1', 'localhost'));
  await page.getByTestId('cloud-address-save').click();
  await expect(page.getByTestId('cloud-address-current')).toHaveText(env.cloud.url.replace('127.0.0.1', 'localhost'));
  // registration goes to the address now stored
  await registerAndLogIn(page, env);
});

test('an update is downloaded, shown with its notes, and installs only after the sale in progress', async ({
  page,
  env,
}) => {
  const admin = await createPlatformAdmin(env.cloud.db, 'ops', Date.now());
  const bytes = randomBytes(500_000);
  const api = releaseApi(env.cloud.url, admin.token);
  await api.upload({ bytes });
  await api.publish({
    channel: 'stable',
    version: '1.3.0',
    files: [
      {
        name: 'qianmi-pos-setup-1.3.0.exe',
        sha512: createHash('sha512').update(bytes).digest('base64'),
        size: bytes.length,
      },
    ],
    notes: { 'zh-CN': '交班单加上付款码合计', en: 'Shift report shows payment-code takings' },
    rolloutPercent: 100,
  });
  await registerAndLogIn(page, env);
  const pill = page.getByTestId('update-indicator');
  await expect(pill).toHaveAttribute('data-phase', 'downloaded', { timeout: 60_000 });
  await expect(pill).toContainText('1.3.0');

  // a sale is in progress when the cashier accepts
  await page.getByTestId('search-input').fill(DEMO.sampleBarcode);
  await page.getByTestId('search-input').press('Enter');
  await pill.click();
  await expect(page.getByTestId('update-notes')).toHaveText('交班单加上付款码合计');
  await page.getByTestId('update-install').click();
  await expect(page.getByTestId('update-waiting')).toBeVisible();
  await page.getByTestId('update-close').click();
  expect(env.installs).toEqual([]);

  // paid: the till is idle, the order reached the cloud — now it installs
  await page.keyboard.press('F9');
  await expect(pill).toHaveAttribute('data-phase', 'installing', { timeout: 30_000 });
  expect(env.installs.map((i) => i.version)).toEqual(['1.3.0']);
  const orders = await env.cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
  expect(orders.rows[0]!.n).toBe(1);
});
