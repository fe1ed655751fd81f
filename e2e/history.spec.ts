// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts; the demo supplier succeeds after a delay). 历史订单 at the counter: today's
// sales by default, narrowed by product, status and amount (a bad amount names its field); a receipt number
// opens its sale whatever the filters; a top-up appears in the 充值缴费 list with its state and cash, and its
// 凭条 print says plainly that no printer is set up. Both counter sizes, zh-CN and English, laid out right.
import { DEMO } from '../cloud/seed/demo';
import { formatFen } from '../shared/money';
import { expect, registerAndLogIn, test } from './fixtures';
import { COUNTER_SIZES, cutWords, layoutProblems } from './layout';
import type { Page } from '@playwright/test';

test.slow();
test.use({ envOptions: { supplier: 'succeeds', funded: true } });

const SHOTS = process.env.POS_SHOTS_DIR ?? 'test-results/history';
const money = (fen: number) => formatFen(fen, 'zh-CN');

async function sell(page: Page) {
  const search = page.getByTestId('search-input');
  await search.focus();
  await page.keyboard.type(DEMO.sampleBarcode, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('sale-complete')).toBeVisible();
  const number = (await page.getByTestId('sale-complete').getByTestId('order-number').textContent())?.trim() ?? '';
  await page.keyboard.press('Escape');
  return number;
}

async function atBothSizes(page: Page, name: string, locale: string) {
  for (const size of [...COUNTER_SIZES]) {
    await page.setViewportSize(size);
    await expect.poll(() => layoutProblems(page), { message: `${name} at ${size.width}×${size.height}` }).toEqual([]);
    // the filters' placeholders are their only labels on screen: each reads whole
    expect(
      await cutWords(page, ['history-min', 'history-max', 'history-member', 'history-product']),
      `${name} at ${size.width}×${size.height}`,
    ).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${locale}-${size.width}-${name}.png` });
  }
}

test('history: filters a cashier uses, a receipt of any day, and a top-up with its slip', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env);

  // a ¥100 top-up, followed to 成功
  await page.getByTestId('tab-topup').click();
  await page.getByTestId('topup-phone').fill('13800138000');
  await page.getByTestId('topup-face-100').click();
  await page.getByTestId('topup-confirm').click();
  await page.getByTestId('topup-tendered').fill('100');
  await page.getByTestId('topup-submit').click();
  await expect(page.getByTestId('topup-status')).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  await page.getByTestId('tab-pay').click();

  const first = await sell(page);
  await sell(page);

  await page.getByTestId('open-history').click();
  const history = page.getByTestId('history-dialog');
  // today's sales by default
  await expect(history.getByTestId('history-order')).toHaveCount(2);
  await atBothSizes(page, 'history-today', 'zh-CN');
  // a product nobody bought today: nothing; the right one: both
  await history.getByTestId('history-product').fill('不存在的商品');
  await history.getByTestId('history-apply').click();
  await expect(history.getByTestId('history-order')).toHaveCount(0);
  await history.getByTestId('history-product').fill(DEMO.sampleBarcode);
  await history.getByTestId('history-status-filter').selectOption('completed');
  await history.getByTestId('history-apply').click();
  await expect(history.getByTestId('history-order')).toHaveCount(2);
  await history.getByTestId('history-status-filter').selectOption('voided');
  await history.getByTestId('history-apply').click();
  await expect(history.getByTestId('history-order')).toHaveCount(0);
  // a tired cashier's amount: the field is named, nothing is searched
  await history.getByTestId('history-status-filter').selectOption('');
  await history.getByTestId('history-min').fill('1o');
  await history.getByTestId('history-apply').click();
  await expect(history.getByTestId('history-error')).toContainText('最低金额');
  await history.getByTestId('history-min').fill(String(DEMO.sampleProduct.price / 100));
  await history.getByTestId('history-max').fill(String(DEMO.sampleProduct.price / 100));
  await history.getByTestId('history-apply').click();
  await expect(history.getByTestId('history-error')).toHaveCount(0);
  await expect(history.getByTestId('history-order')).toHaveCount(2);
  await atBothSizes(page, 'history-filtered', 'zh-CN');
  // another day shows nothing from today; its receipt number still opens its sale at once
  await history.getByTestId('history-day').selectOption('day');
  await history.getByTestId('history-date').fill('2020-01-01');
  await history.getByTestId('history-apply').click();
  await expect(history.getByTestId('history-order')).toHaveCount(0);
  await history.getByTestId('history-search').fill(first);
  await history.getByTestId('history-search').press('Enter');
  await expect(history.getByTestId('history-detail')).toContainText(first);

  // the top-up, in its own list, with its state and the cash taken; its slip needs a printer
  // (the filters stay as set when the list changes: cleared here)
  await history.getByTestId('history-search').fill('');
  await history.getByTestId('history-day').selectOption('today');
  for (const f of ['history-min', 'history-max', 'history-product']) await history.getByTestId(f).fill('');
  await history.getByTestId('history-list-virtual').click();
  const topups = history.getByTestId('virtual-history-order');
  await expect(topups).toHaveCount(1);
  await expect(topups.first()).toHaveAttribute('data-status', 'success');
  await expect(topups.first()).toContainText(money(10_000));
  await topups.first().click();
  await expect(history.getByTestId('virtual-history-detail')).toContainText('13800138000');
  await expect(history.getByTestId('virtual-history-status')).toHaveText('成功');
  await history.getByTestId('virtual-history-slip').click();
  await expect(history.getByTestId('history-error')).toContainText('打印机');
  await atBothSizes(page, 'history-virtual', 'zh-CN');

  // English: the same screens in words of its own
  await history.getByTestId('history-close').click();
  await page.getByTestId('language-switch').selectOption('en');
  await page.getByTestId('open-history').click();
  await expect(history.getByTestId('history-list-goods')).toHaveText('Sales');
  await expect(history.getByTestId('history-order')).toHaveCount(2);
  await atBothSizes(page, 'history-today', 'en');
  await history.getByTestId('history-list-virtual').click();
  await expect(topups).toHaveCount(1);
  await topups.first().click();
  await expect(history.getByTestId('virtual-history-status')).toHaveText('Success');
  await atBothSizes(page, 'history-virtual', 'en');
  expect(problems).toEqual([]);
});
