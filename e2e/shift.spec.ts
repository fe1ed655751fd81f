// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts). A cashier's shift: open it with a ¥100.00 float, sell with change, pay
// ¥20.00 out, count the drawer ¥0.50 short — the dialog shows the shortfall BEFORE the close is confirmed —
// close, and the closed shift keeps the difference. Works from sales.db alone (no cloud round trip).
import { DEMO } from '../cloud/seed/demo';
import { formatFen } from '../shared/money';
import { expect, registerAndLogIn, test } from './fixtures';

const money = (fen: number) => formatFen(fen, 'zh-CN');
const plainYuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

test('open a shift, sell with change, pay out, close with the counted cash and see the difference', async ({ page, env }) => {
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
  expect(problems).toEqual([]);
});
