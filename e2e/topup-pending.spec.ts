// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real backend and the
// real cloud, whose demo supplier answers only after a delay LONGER than the counter's first looks at an order
// (as a real supplier does). A top-up, a game card and a bill are followed to their final state on screen: while
// pending the cashier serves the next customer and 最近充值 follows the order; a reload (the panel reopened,
// the renderer's state gone) picks the journal's pending orders up again; a game card's code is shown, printed on
// the stand-in receipt printer and shown again in 最近充值 while the till holds it; a bill takes any amount.
import { DEMO } from '../cloud/seed/demo';
import { expect, registerAndLogIn, test } from './fixtures';

test.use({ envOptions: { supplier: 'byPhone', funded: true, supplierDelayMs: 6_000, printer: true } });

test('a pending top-up goes on in 最近充值 while the cashier serves the next customer, and after a reload', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env);
  await page.getByTestId('tab-topup').click();
  await expect(page.getByTestId('topup-phone')).toBeFocused();

  // keyboard all the way: number, face value → focus on 下一步 (not on product search), Enter, cash, Enter
  await page.getByTestId('topup-phone').fill('13800138000');
  await expect(page.getByTestId('topup-carrier')).toHaveAttribute('data-carrier', 'cmcc');
  await page.getByTestId('topup-face-100').click();
  await expect(page.getByTestId('topup-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('topup-tendered')).toBeFocused();
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  const status = page.getByTestId('topup-status');
  await expect(status).toHaveAttribute('data-status', 'pending');

  // 下一位 at once: the order is followed in 最近充值 until the supplier answers
  await page.getByTestId('topup-next').click();
  await expect(page.getByTestId('topup-phone')).toHaveValue('');
  const first = page.getByTestId('recent-item').first();
  await expect(first).toHaveAttribute('data-status', 'pending');
  await page.screenshot({ path: 'test-results/topup-recent-pending.png' });
  await expect(first).toHaveAttribute('data-status', 'success', { timeout: 30_000 });

  // a number ending in 2 fails at the supplier; the renderer is reloaded while it is pending
  await page.getByTestId('topup-phone').fill('13800138002');
  await page.getByTestId('topup-face-50').click();
  // focus reaches 下一步 after the face value renders (as the cashier sees it), then Enter goes on
  await expect(page.getByTestId('topup-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByTestId('topup-submit').click();
  await expect(status).toHaveAttribute('data-status', 'pending');
  await page.reload();
  await page.getByTestId('tab-topup').click();
  const second = page.getByTestId('recent-item').first();
  await expect(second).toContainText('13800138002');
  await expect(second).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });

  const rows = await env.cloud.db.query<{ phone: string; status: string }>(
    'SELECT phone, status FROM virtual_orders ORDER BY submitted_at',
  );
  expect(rows.rows).toEqual([
    { phone: '13800138000', status: 'success' },
    { phone: '13800138002', status: 'failed' },
  ]);
  // the failed order's cash went back out of the drawer: the shift dialog shows it
  await page.getByTestId('shift-button').click();
  await expect(page.getByTestId('shift-kind-virtual_refund')).toContainText('-¥50.00');
  expect(problems).toEqual([]);
});

test('a game card: the code is shown once it arrives, printed, and shown again in 最近充值', async ({ page, env }) => {
  await registerAndLogIn(page, env);
  await page.getByTestId('tab-topup').click();
  await page.getByTestId('topup-mode-card').click();
  await page.getByTestId('card-product').first().click();
  await expect(page.getByTestId('topup-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  // a large amount of cash asks first; "too large" is its own message
  await page.getByTestId('topup-tendered').fill('1000000');
  await expect(page.getByTestId('topup-confirm-step')).toContainText('金额太大');
  await expect(page.getByTestId('topup-submit')).toBeDisabled();
  await page.getByTestId('topup-tendered').fill('20000');
  await expect(page.getByTestId('topup-large-tender')).toBeVisible();
  await expect(page.getByTestId('topup-submit')).toBeDisabled();
  await page.getByTestId('topup-tendered').fill('');
  await page.getByTestId('topup-submit').click();

  const status = page.getByTestId('topup-status');
  await expect(status).toHaveAttribute('data-status', 'pending');
  await expect(status).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  const code = (await page.getByTestId('card-code').textContent())!;
  expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  await page.screenshot({ path: 'test-results/topup-card-code.png' });
  // the cash top-up also pulsed the drawer through the same printer: count the slips that carry the code
  const slips = () => env.printed.filter((b) => b.toString('latin1').includes(code)).length;
  await page.getByTestId('card-print').click();
  await expect.poll(slips).toBe(1);

  await page.getByTestId('topup-next').click();
  const line = page.getByTestId('recent-item').first();
  await expect(line.getByTestId('recent-card-code')).toHaveText(code);
  await line.getByTestId('recent-card-print').click();
  await expect.poll(slips).toBe(2);
  const cloud = await env.cloud.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM virtual_orders WHERE card_delivered_at IS NOT NULL',
  );
  expect(cloud.rows[0]!.n).toBe(1);
});

test('a bill of any amount: typed, priced at the biller rate, paid', async ({ page, env }) => {
  await registerAndLogIn(page, env, 'e2e 收银台', DEMO.cashier);
  await page.getByTestId('tab-topup').click();
  await page.getByTestId('topup-mode-bill').click();
  await page.locator('[data-testid="bill-biller"][data-biller="国网上海市电力公司"]').click();
  await expect(page.getByTestId('bill-account')).toBeFocused();
  await page.getByTestId('bill-account').fill('3100123456');
  await page.getByTestId('bill-amount').fill('0.5');
  await expect(page.getByTestId('bill-amount-invalid')).toContainText('至少');
  await page.getByTestId('bill-amount').fill('87.35');
  await expect(page.getByTestId('bill-amount-invalid')).toHaveCount(0);
  await page.getByTestId('topup-confirm').click();
  await expect(page.getByTestId('topup-due')).toHaveText('¥87.35');
  await page.getByTestId('topup-tendered').fill('100');
  await expect(page.getByTestId('topup-change')).toHaveText('¥12.65');
  await page.getByTestId('topup-submit').click();
  await expect(page.getByTestId('topup-status')).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  const rows = await env.cloud.db.query<{ face_value: string; account: string }>(
    'SELECT face_value::text, account FROM virtual_orders',
  );
  expect(rows.rows).toEqual([{ face_value: '8735', account: '3100123456' }]);
});
