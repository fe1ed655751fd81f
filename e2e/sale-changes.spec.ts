// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts). Issue 11 at the counter: the demo cashier (no discount or refund rights)
// gives an order discount the owner approves on the cashier's screen; parks a basket, logs out, logs in again
// and recalls it; returns part of the discounted sale to cash with the owner's approval; voids the last sale;
// the shift report shows the discounts, the refunds by tender, the void and the overrides.
import { DEMO } from '../cloud/seed/demo';
import { formatFen } from '../shared/money';
import { expect, registerAndLogIn, test } from './fixtures';
import type { Page } from '@playwright/test';

// one long journey through five screens (and the env's start): three times the usual allowance
test.slow();

const money = (fen: number) => formatFen(fen, 'zh-CN');
const price = DEMO.sampleProduct.price;

async function scan(page: Page, times = 1) {
  const search = page.getByTestId('search-input');
  for (let i = 0; i < times; i++) {
    await search.focus();
    await page.keyboard.type(DEMO.sampleBarcode, { delay: 5 });
    await page.keyboard.press('Enter');
  }
}
async function approve(page: Page) {
  const dialog = page.getByTestId('override-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('override-username').fill(DEMO.master.username);
  await dialog.getByTestId('override-password').fill(DEMO.master.password);
  await dialog.getByTestId('override-submit').click();
  await expect(dialog).toBeHidden();
}
async function pay(page: Page) {
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('sale-complete')).toBeVisible();
  await page.keyboard.press('Escape');
}

test('discount with an override, park and recall across logout, a partial return, a void, the shift report', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '改单收银台');

  // 1. a sale of three with ¥1.00 off the order: beyond the cashier's rights, the owner approves here
  await scan(page, 3);
  await expect(page.getByTestId('cart-line-qty')).toHaveText('3');
  await page.getByTestId('open-adjust').click();
  const adjust = page.getByTestId('adjust-dialog');
  await adjust.getByTestId('adjust-target').selectOption('order');
  await adjust.getByTestId('adjust-kind').selectOption('amount');
  await adjust.getByTestId('adjust-value').fill('1');
  await adjust.getByTestId('adjust-submit').click();
  await approve(page);
  await expect(adjust).toBeHidden();
  await expect(page.getByTestId('cart-override')).toContainText(DEMO.master.name);
  await expect(page.getByTestId('order-adjustments')).toContainText(money(100));
  await expect(page.getByTestId('cart-total')).toHaveText(money(price * 3 - 100));
  await pay(page);

  // 2. park a basket, log out and in again, recall it and sell it
  await scan(page, 2);
  await page.getByTestId('park').click();
  await expect(page.getByTestId('cart-empty')).toBeVisible();
  await expect(page.getByTestId('open-parked')).toContainText('1');
  await expect.poll(async () => (await page.getByTestId('logout').isVisible()) && true).toBe(true);
  await expect
    .poll(
      async () => {
        // click while the button is there; once the login screen shows it is gone (a second click would wait)
        const logout = page.getByTestId('logout');
        if (await logout.isVisible()) await logout.click({ timeout: 2_000 }).catch(() => undefined);
        return page.getByTestId('login-username').isVisible();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await page.getByTestId('login-username').fill(DEMO.cashier.username);
  await page.getByTestId('login-password').fill(DEMO.cashier.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('open-parked').click();
  await page.getByTestId('parked-dialog').getByTestId('parked-recall').click();
  await expect(page.getByTestId('cart-line-qty')).toHaveText('2');
  await pay(page);

  // 3. return one of the discounted sale to cash, approved by the owner
  await page.getByTestId('open-history').click();
  const history = page.getByTestId('history-dialog');
  await expect(history.getByTestId('history-order')).toHaveCount(2);
  await history.getByTestId('history-order').nth(1).click();
  await history.getByTestId('return-qty').first().fill('1');
  await history.getByTestId('return-submit').click();
  // while the supervisor is asked, the dialog behind says nothing has gone back yet (not "refunding…")
  await expect(history.getByTestId('return-flow')).toHaveAttribute('data-state', 'approving');
  await expect(history.getByTestId('return-flow')).toContainText('等待主管授权');
  await approve(page);
  await expect(history.getByTestId('history-message')).toContainText('T');
  await expect(history.getByTestId('history-status')).toHaveText('部分退货');

  // 4. void the last sale (the recalled basket), approved by the owner
  await history.getByTestId('history-order').first().click();
  await history.getByTestId('void-submit').click();
  await approve(page);
  await expect(history.getByTestId('history-status')).toHaveText('已作废');
  await history.getByTestId('history-close').click();

  // 5. the shift report (交班单) shows it all
  await page.getByTestId('shift-button').click();
  const panel = page.getByTestId('shift-panel');
  await expect(panel.getByTestId('shift-kind-sale_return')).toContainText('-');
  await expect(panel.getByTestId('shift-changes')).toContainText(money(100));
  await expect(panel.getByTestId('shift-changes')).toContainText('作废');
  await page.screenshot({ path: 'test-results/sale-changes-shift.png' });
  expect(problems).toEqual([]);
});
