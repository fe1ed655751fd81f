// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts). A cashier's shift: open it with a ¥100.00 float, sell with change, pay
// ¥20.00 out, count the drawer ¥0.50 short — the dialog shows the shortfall BEFORE the close is confirmed —
// close, and the closed shift keeps the difference. Works from sales.db alone (no cloud round trip); then the
// closed shift reaches the cloud and the owner's back office lists it with its shortfall.
import { DEMO } from '../cloud/seed/demo';
import { formatFen } from '../shared/money';
import { expect, registerAndLogIn, test } from './fixtures';

const money = (fen: number) => formatFen(fen, 'zh-CN');
const plainYuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

test('open a shift, sell with change, pay out, close with the counted cash and see the difference', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await registerAndLogIn(page, env, '夜班收银台');

  // 开班 with a ¥100.00 float
  await page.getByTestId('shift-button').click();
  const panel = page.getByTestId('shift-panel');
  await expect(panel.getByTestId('shift-open')).toBeVisible();
  await panel.getByTestId('shift-float').fill('100');
  await panel.getByTestId('shift-open').click();
  await expect(panel.getByTestId('shift-expected')).toHaveText(money(10_000));
  await expect(panel.getByTestId('shift-opened')).toContainText(DEMO.cashier.name);
  await panel.getByTestId('shift-dismiss').click();
  await expect(panel).toBeHidden();

  // a sale with change: only the price stays in the drawer
  const search = page.getByTestId('search-input');
  await search.focus();
  await page.keyboard.type(DEMO.sampleBarcode, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  const price = DEMO.sampleProduct.price;
  const tendered = Math.ceil((price + 1) / 10_000) * 10_000;
  await page.getByTestId('tendered-input').fill(plainYuan(tendered));
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('sale-complete').getByTestId('order-change')).toHaveText(money(tendered - price));

  // the shift now expects float + price; pay ¥20.00 out with a reason
  await page.getByTestId('shift-button').click();
  await expect(panel.getByTestId('shift-kind-sale')).toContainText(money(price));
  await expect(panel.getByTestId('shift-expected')).toHaveText(money(10_000 + price));
  await panel.getByTestId('shift-dir-out').check();
  // more than the drawer holds: refused, and the reason shows beside 记录 (the button that caused it), in yuan
  await panel.getByTestId('shift-move-amount').fill('100000');
  await panel.getByTestId('shift-move-reason').fill('交给老板');
  await panel.getByTestId('shift-move').click();
  const moveError = panel.getByTestId('shift-move-form').getByTestId('shift-message');
  await expect(moveError).toHaveText(`「金额」不能大于 ${money(10_000 + price)}`);
  await expect(panel.getByTestId('shift-expected')).toHaveText(money(10_000 + price));
  await panel.getByTestId('shift-move-amount').fill('20');
  await panel.getByTestId('shift-move-reason').fill('交给老板');
  await panel.getByTestId('shift-move').click();
  await expect(panel.getByTestId('shift-message')).toContainText(money(2_000));
  const expected = 10_000 + price - 2_000;
  await expect(panel.getByTestId('shift-expected')).toHaveText(money(expected));

  // 交班: counted ¥0.50 short — the difference shows before confirming
  await panel.getByTestId('shift-counted').fill(plainYuan(expected - 50));
  await expect(panel.getByTestId('shift-difference')).toHaveText(`短款 ${money(50)}：钱箱里比应有的少。`);
  await panel.getByTestId('shift-close').click();
  await expect(panel.getByTestId('shift-close-confirm')).toBeVisible();
  await page.screenshot({ path: 'test-results/shift-close-confirm.png' });
  await panel.getByTestId('shift-close-confirm').click();
  await expect(panel.getByTestId('shift-closed')).toBeVisible();
  await expect(panel.getByTestId('shift-closed-difference')).toHaveText(`-${money(50)}`);
  await expect(panel.getByTestId('shift-history')).toHaveCount(1);
  // no printer on this PC: printing the 交班单 says so in words; the preview shows it on screen
  await panel.getByTestId('shift-print').click();
  await expect(panel.getByTestId('shift-message')).toContainText('打印机');
  await panel.getByTestId('shift-preview').click();
  await expect(panel.locator('img.receipt-preview')).toBeVisible();
  await page.screenshot({ path: 'test-results/shift-closed.png' });

  // the next shift can be opened from the same dialog
  await panel.getByTestId('shift-dismiss').click();
  await page.getByTestId('shift-button').click();
  await expect(panel.getByTestId('shift-open')).toBeVisible();
  await panel.getByTestId('shift-dismiss').click();

  // the closed shift went to the cloud with the sale (the outbox): nothing is left unsent, so the cashier
  // may log out; the owner's back office (资金 → 交班记录) shows this till's shift with its ¥0.50 shortfall
  await expect(page.getByTestId('sync-unsent')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').fill(DEMO.master.username);
  await page.getByTestId('login-password').fill(DEMO.master.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('back-office').click();
  await page.getByTestId('owner-tab-money').click();
  const shifts = page.getByTestId('shifts-panel');
  const row = shifts.getByTestId('shift-row').first();
  await expect(row).toContainText('夜班收银台');
  await expect(row).toContainText(DEMO.cashier.name);
  await expect(row).toHaveAttribute('data-short', '1');
  await expect(row.getByTestId('shift-row-difference')).toHaveText(`短款 ${money(50)}`);
  await expect(row).toContainText(money(expected));
  await expect(shifts.getByTestId('shifts-short-count')).toContainText('1');
  await page.screenshot({ path: 'test-results/shift-owner-list.png' });
  expect(problems).toEqual([]);
});
