// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud. The whole counter loop: register → login → scan → pay → synced to the cloud exactly once.
import { formatFen } from '../shared/money';
import { DEMO } from '../cloud/seed/demo';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';

const money = (fen: number) => formatFen(fen, 'zh-CN');
const plainYuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const fenOf = async (loc: Locator) => Number(await loc.getAttribute('data-fen'));

test.describe.configure({ mode: 'serial' });

test('defaults to zh-CN and switches to English', async ({ page, env }) => {
  await page.goto(env.host.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: '注册本收银机' })).toBeVisible();
  await expect(page.getByTestId('register-submit')).toHaveText('注册设备');
  // The token is taken out of the address bar once read.
  expect(page.url()).not.toContain('token=');

  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Register this till' })).toBeVisible();
  await expect(page.getByTestId('register-submit')).toHaveText('Register device');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // A typed error from the backend is shown as translated text.
  await page.getByTestId('register-username').fill(DEMO.master.username);
  await page.getByTestId('register-password').fill('wrong-password');
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('error')).toHaveText(/^Wrong username or password/);

  await page.getByTestId('language-switch').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '注册本收银机' })).toBeVisible();
});

test('register, log in, scan, pay, and the order reaches the cloud exactly once', async ({ page, env }) => {
  // The built renderer must run under the strict CSP without a single violation or uncaught error.
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`http ${r.status()}: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(env.host.url);

  // 1. register the device with the master account
  await page.getByTestId('register-username').fill(DEMO.master.username);
  await page.getByTestId('register-password').fill(DEMO.master.password);
  await page.getByTestId('register-device-name').fill('e2e 收银台');
  await page.getByTestId('register-submit').click();

  // 2. log in as the cashier
  await page.getByTestId('login-username').fill(DEMO.cashier.username);
  await page.getByTestId('login-password').fill(DEMO.cashier.password);
  await page.getByTestId('login-submit').click();
  const search = page.getByTestId('search-input');
  await expect(search).toBeVisible();
  await expect(search).toBeFocused();
  await expect(page.getByTestId('sync-indicator')).toBeVisible();
  await expect
    .poll(async () => Number((await page.getByTestId('catalog-count').getAttribute('data-count')) || 0), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);

  // 3. scan: fast keystrokes ending with Enter, into the focused search box
  await page.keyboard.type(DEMO.sampleBarcode, { delay: 5 });
  await page.keyboard.press('Enter');
  const lines = page.getByTestId('cart-line');
  await expect(lines).toHaveCount(1);
  await expect(lines.first().getByTestId('cart-line-qty')).toHaveText('1');
  await expect(search).toHaveValue('');
  await expect(search).toBeFocused();

  // + and − on the line; the total follows
  await lines.first().getByTestId('qty-increase').click();
  await expect(lines.first().getByTestId('cart-line-qty')).toHaveText('2');
  await lines.first().getByTestId('qty-decrease').click();
  await expect(lines.first().getByTestId('cart-line-qty')).toHaveText('1');
  await expect(search).toBeFocused();

  const total = page.getByTestId('cart-total');
  const totalFen = await fenOf(total);
  expect(totalFen).toBe(DEMO.sampleProduct.price);
  await expect(total).toHaveText(money(totalFen));
  await expect(lines.first().getByTestId('cart-line-total')).toHaveText(money(totalFen));
  await page.screenshot({ path: 'test-results/sale-screen.png' });

  // 4. cash tendered: the next ¥100 above the total; change shown live
  const tenderedFen = Math.ceil((totalFen + 1) / 10000) * 10000;
  await page.getByTestId('tendered-input').fill(plainYuan(tenderedFen));
  await expect(page.getByTestId('change-amount')).toHaveText(money(tenderedFen - totalFen));
  await page.screenshot({ path: 'test-results/sale-screen-tendered.png' });

  // 5. pay
  await page.getByTestId('pay-button').click();
  const done = page.getByTestId('sale-complete');
  await expect(done).toBeVisible();
  await expect(done.getByTestId('order-total')).toHaveText(money(totalFen));
  await expect(done.getByTestId('order-change')).toHaveText(money(tenderedFen - totalFen));
  const orderNumber = (await done.getByTestId('order-number').textContent())!.trim();
  const orderId = (await done.getAttribute('data-order-id'))!;
  expect(orderNumber).not.toBe('');
  await expect(lines).toHaveCount(0);
  await page.screenshot({ path: 'test-results/sale-complete.png' });

  // 5b. the receipt can be seen on screen (the same layout the thermal printer gets, as SVG)
  await done.getByTestId('receipt-preview-toggle').click();
  await expect(done.getByTestId('receipt-preview')).toBeVisible();
  await page.screenshot({ path: 'test-results/sale-receipt-preview.png' });
  // no printer is set up on this PC: a reprint says so in words, and the sale stands
  await done.getByTestId('reprint').click();
  await expect(done.getByTestId('receipt-message')).toContainText('打印机');
  // a cashier may not change the printer (device.manage): the dialog is read-only and says why, before any try
  await page.getByTestId('printer-button').click();
  await expect(page.getByTestId('printer-locked')).toContainText('「设备管理」权限');
  await expect(page.getByTestId('printer-network')).toBeDisabled();
  await expect(page.getByTestId('printer-save')).toBeDisabled();
  await page.getByTestId('printer-settings').getByRole('button', { name: '关闭' }).click();
  await page.getByTestId('search-input').focus();

  // 6. the outbox drains: the indicator reaches 0 unsent (click = sync now)
  await page.getByTestId('sync-indicator').click();
  await expect(page.getByTestId('sync-unsent')).toHaveAttribute('data-count', '0', { timeout: 60_000 });

  // 7. the cloud has the order exactly once, with the POS's number and total
  const { rows } = await env.cloud.db.query<{ n: number; number: string; total: string }>(
    'select count(*)::int as n, min(number) as number, min(total)::text as total from orders where client_order_id = $1',
    [orderId],
  );
  expect(rows[0]).toEqual({ n: 1, number: orderNumber, total: String(totalFen) });
  const all = await env.cloud.db.query<{ n: number }>('select count(*)::int as n from orders');
  expect(all.rows[0]!.n).toBe(1);

  // 8. next customer: Enter on the empty search box clears the receipt panel
  await page.keyboard.press('Enter');
  await expect(done).toBeHidden();
  await expect(page.getByTestId('tendered-input')).toHaveValue('');

  // 9. typing searches (debounced); a text query highlights its first hit, arrows move, Enter adds the
  // highlighted result (not a barcode lookup of the text); Esc clears the search
  await page.keyboard.type(DEMO.sampleProduct.name.slice(0, 2));
  const results = page.getByTestId('search-result');
  await expect(results.first()).toBeVisible();
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(results.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: 'test-results/sale-search.png' });
  await page.keyboard.press('Enter');
  await expect(lines).toHaveCount(1);
  await expect(search).toHaveValue('');
  await page.keyboard.type('zzzz-no-such-thing');
  await expect(page.getByText('没有找到“zzzz-no-such-thing”')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');

  // 10. a reload keeps the per-run token (sessionStorage) and the backend session
  await page.reload();
  await expect(page.getByTestId('search-input')).toBeFocused();
  await expect(page.getByTestId('current-user')).toContainText(DEMO.cashier.name);

  // 11. two scans back to back (the second arrives before the first is answered) both count (the line may
  // be there already: this till's best seller came first in step 9's search)
  const sample = page.locator(`[data-testid="cart-line"][data-product-id="${DEMO.sampleProduct.id}"]`);
  const before = (await sample.count()) ? Number(await sample.getByTestId('cart-line-qty').textContent()) : 0;
  for (let i = 0; i < 2; i++) {
    await page.keyboard.type(DEMO.sampleBarcode, { delay: 2 });
    await page.keyboard.press('Enter');
  }
  await expect(sample.getByTestId('cart-line-qty')).toHaveText(String(before + 2));
  await expect(search).toHaveValue('');
  expect(problems).toEqual([]);
});
