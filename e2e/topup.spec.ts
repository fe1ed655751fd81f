// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud, whose demo supplier is made deterministic here (every order succeeds after
// SUPPLIER_DELAY_MS — longer than the counter's first look at it — delivered by the cloud's own fulfilment clock) and whose outlet gets its opening ¥5,000.00 deposit. A cashier sells
// a ¥100 China Mobile top-up: the carrier shows as the number is typed, the status reaches 成功, and the
// cloud holds the virtual order exactly once.
import { expect, registerAndLogIn, test } from './fixtures';

test.use({ envOptions: { supplier: 'succeeds', funded: true } });

test('a cashier sells a ¥100 China Mobile top-up and sees it succeed', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // the top-up products come from the local catalog: registerAndLogIn waits for the catalog to be there
  await registerAndLogIn(page, env);

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

  const rows = await env.cloud.db.query<{ phone: string; status: string; cost: number }>(
    'SELECT phone, status, cost FROM virtual_orders',
  );
  expect(rows.rows).toEqual([{ phone: '13800138000', status: 'success', cost: 9_900 }]);
  expect(problems).toEqual([]);
});

test('a cashier takes a ¥100 electricity bill to an account number; a Shanghai-only top-up shows for Shanghai numbers only', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env);
  await page.getByTestId('tab-topup').click();

  // regional top-up: a Shandong Unicom number sees one ¥50, a Shanghai one also the Shanghai-only offer
  await page.getByTestId('topup-phone').fill('13000000001');
  await expect(page.getByTestId('topup-carrier')).toContainText('山东');
  await expect(page.getByTestId('topup-face-50')).toHaveCount(1);
  await page.getByTestId('topup-phone').fill('13010310001');
  await expect(page.getByTestId('topup-carrier')).toContainText('上海');
  await expect(page.getByTestId('topup-face-50')).toHaveCount(2);
  await expect(page.getByText('中国联通 话费充值 50元（上海专享）')).toBeVisible();

  // the bill: biller, account number (户号), amount, cash, submit → 成功
  await page.getByTestId('topup-mode-bill').click();
  await page.locator('[data-testid="bill-biller"][data-biller="国网上海市电力公司"]').click();
  await page.getByTestId('bill-account').fill('31-00');
  await expect(page.getByTestId('bill-account-invalid')).toBeVisible();
  await page.getByTestId('bill-amount-100').click();
  await expect(page.getByTestId('topup-confirm')).toBeDisabled();
  await page.getByTestId('bill-account').fill('3100123456');
  await page.screenshot({ path: 'test-results/bill-pick.png' });
  await page.getByTestId('topup-confirm').click();
  await expect(page.getByTestId('bill-confirm-account')).toHaveText('3100123456');
  await page.getByTestId('topup-tendered').fill('100');
  await expect(page.getByTestId('topup-change')).toHaveText('¥0.00');
  await page.getByTestId('topup-submit').click();
  const status = page.getByTestId('topup-status');
  await expect(status).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  await expect(page.getByTestId('bill-success')).toBeVisible();
  await page.screenshot({ path: 'test-results/bill-success.png' });

  const rows = await env.cloud.db.query<{
    kind: string;
    account: string;
    phone: string | null;
    status: string;
    cost: number;
  }>('SELECT kind, account, phone, status, cost FROM virtual_orders');
  expect(rows.rows.map((r) => ({ ...r, cost: Number(r.cost) }))).toEqual([
    { kind: 'utility', account: '3100123456', phone: null, status: 'success', cost: 9_990 },
  ]);
  expect(problems).toEqual([]);
});
