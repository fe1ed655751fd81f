// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and the
// real cloud (e2e/fixtures.ts). 无单退货 at the counter: a customer brings goods back without the receipt. The demo
// cashier (no 无单退货 right) finds the goods at 历史/退货 → 无单退货 by scanning (twice = two), tries what a tired
// cashier types (an unknown code, a top-up, a bad quantity, a bad amount, 0), refunds a promotion price in cash with
// the owner's approval on the cashier's screen; the refund comes out of the drawer on the shift report. Laid out
// right at 1366×768 and 1024×768 in zh-CN and English (SHOTS_DIR=<folder> saves the shots).
import type { Page } from '@playwright/test';
import { DEMO, demoCatalog } from '../cloud/seed/demo';
import { formatFen } from '../shared/money';
import { expect, registerAndLogIn, test } from './fixtures';
import { COUNTER_SIZES, layoutProblems, shootAtCounterSizes } from './layout';

test.slow();
const money = (fen: number) => formatFen(fen, 'zh-CN');
const water = DEMO.sampleProduct;
const topup = demoCatalog().products.find((p) => p.kind === 'topup' && p.active && !!p.barcode);

async function checked(page: Page, name: string) {
  for (const size of COUNTER_SIZES) {
    await page.setViewportSize(size);
    await expect.poll(() => layoutProblems(page), { message: `${name} at ${size.width}×${size.height}` }).toEqual([]);
  }
  await shootAtCounterSizes(page, name);
}

test('a return without a receipt: found by scanning, bad input refused, cash back with the owner’s approval', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '收银台 无单');

  // cash in the drawer first: three waters sold for cash
  const search = page.getByTestId('search-input');
  for (let i = 0; i < 3; i++) {
    await search.fill(DEMO.sampleBarcode);
    await search.press('Enter');
  }
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-fen', String(water.price * 3));
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('sale-complete')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByTestId('open-history').click();
  const history = page.getByTestId('history-dialog');
  await history.getByTestId('open-receiptless').click();
  const form = history.getByTestId('receiptless');
  const find = form.getByTestId('receiptless-search');
  await expect(find).toBeFocused();

  // an unknown code, then a top-up: neither becomes a line
  await find.fill('zzz无此商品');
  await find.press('Enter');
  await expect(form.getByTestId('receiptless-note')).toContainText('没有找到');
  if (topup?.barcode) {
    await find.fill(topup.barcode);
    await find.press('Enter');
    await expect(form.getByTestId('receiptless-note')).toContainText('不是实物商品');
  }
  await expect(form.getByTestId('receiptless-line')).toHaveCount(0);
  await expect(form.getByTestId('receiptless-submit')).toBeDisabled();

  // the water scanned twice (the second time in full-width digits, as a Chinese IME types them) is one line of 2
  await find.fill(DEMO.sampleBarcode);
  await find.press('Enter');
  await find.fill(DEMO.sampleBarcode.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))));
  await find.press('Enter');
  await expect(form.getByTestId('receiptless-line')).toHaveCount(1);
  await expect(form.getByTestId('receiptless-qty')).toHaveValue('2');
  await expect(form.getByTestId('receiptless-submit')).toContainText(money(water.price * 2));

  // bad quantity, bad amount, nothing given back: said, and 退现金 stays off
  await form.getByTestId('receiptless-qty').fill('0');
  await expect(form.getByTestId('receiptless-problem')).toContainText('1–9999');
  await expect(form.getByTestId('receiptless-submit')).toBeDisabled();
  await form.getByTestId('receiptless-qty').fill('2');
  await form.getByTestId('receiptless-amount').fill('abc');
  await expect(form.getByTestId('receiptless-problem')).toContainText('格式不正确');
  await form.getByTestId('receiptless-amount').fill('0');
  await expect(form.getByTestId('receiptless-problem')).toContainText('合计为 0');
  // the promotion price the customer paid, typed on a Chinese IME
  await form.getByTestId('receiptless-amount').fill('３．００');
  await form.getByTestId('receiptless-reason').selectOption('changed_mind');
  await expect(form.getByTestId('receiptless-submit')).toContainText(money(300));
  await expect(form.getByTestId('receiptless-submit')).toBeEnabled();
  await checked(page, 'receiptless-form');

  // the cashier lacks the right: the owner approves on this screen; nothing goes back until then
  await form.getByTestId('receiptless-submit').click();
  const dialog = page.getByTestId('override-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('无单退货');
  await expect(history.getByTestId('return-flow')).toHaveAttribute('data-state', 'approving');
  await dialog.getByTestId('override-username').fill(DEMO.master.username);
  await dialog.getByTestId('override-password').fill(DEMO.master.password);
  await dialog.getByTestId('override-submit').click();
  await expect(dialog).toBeHidden();
  await expect(history.getByTestId('return-flow')).toHaveAttribute('data-state', 'done');
  await expect(history.getByTestId('return-flow')).toContainText(money(300));
  // the form is empty for the next customer
  await expect(form.getByTestId('receiptless-line')).toHaveCount(0);
  await checked(page, 'receiptless-done');

  // English: the same form reads in English and fits
  await page.getByTestId('history-close').click();
  await page.getByTestId('language-switch').selectOption('en');
  await page.getByTestId('open-history').click();
  await history.getByTestId('open-receiptless').click();
  await find.fill(DEMO.sampleBarcode);
  await find.press('Enter');
  await expect(form.getByTestId('receiptless-submit')).toContainText('in cash');
  await checked(page, 'receiptless-form-en');
  await history.getByTestId('open-receiptless').click(); // back to the orders
  await expect(history.getByTestId('history-order').first()).toBeVisible();
  await page.getByTestId('history-close').click();

  // the refund came out of the drawer: the shift report shows the return
  await page.getByTestId('shift-button').click();
  const panel = page.getByTestId('shift-panel');
  await expect(panel.getByTestId('shift-kind-sale_return')).toContainText('3.00');
  expect(problems).toEqual([]);
});
