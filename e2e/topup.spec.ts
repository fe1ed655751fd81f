// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud, whose demo supplier is made deterministic here (every order succeeds after 300 ms,
// delivered by the cloud's own fulfilment clock) and whose outlet gets its opening ¥5,000.00 deposit. A cashier sells
// a ¥100 China Mobile top-up: the carrier shows as the number is typed, the status reaches 成功, and the
// cloud holds the virtual order exactly once.
import { DEMO } from '../cloud/seed/demo';
import { expect, test } from './fixtures';

test.use({ envOptions: { supplier: 'succeeds', funded: true } });

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

  const rows = await env.cloud.db.query<{ phone: string; status: string; cost: number }>('SELECT phone, status, cost FROM virtual_orders');
  expect(rows.rows).toEqual([{ phone: '13800138000', status: 'success', cost: 9_900 }]);
  expect(problems).toEqual([]);
});
