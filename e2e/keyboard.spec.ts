// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real backend and the
// real cloud. The sale screen by keyboard, as a cashier works it: `3*` then a scan = 3; `2*` alone, then a scan;
// F2 or a click types a quantity on a line; + and − on the highlighted line, − at 1 removes it and Ctrl+Z puts it
// back; several terms and barcode prefixes search; Enter on a text query adds the highlighted hit; more results
// than the first page (PgDn); F4 to the cash field, a large amount asks first, F9 pays; F6 to top-ups and back.
// Every key is shown on screen.
import { DEMO } from '../cloud/seed/demo';
import { expect, registerAndLogIn, test } from './fixtures';

const WATER_550 = '6920702000013'; // 农夫山泉 饮用天然水 550ml, ¥2.00
const WATER_380 = '6920702000020';

test('a sale by keyboard alone', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env);
  const search = page.getByTestId('search-input');
  await expect(search).toBeFocused();
  await expect(page.getByTestId('sale-keys')).toContainText('F2');
  await expect(page.getByTestId('sale-keys')).toContainText('Ctrl+Z');
  const line = (barcodeOrder: number) => page.getByTestId('cart-line').nth(barcodeOrder);
  const qty = (n: number) => line(n).getByTestId('cart-line-qty');

  // 3* then a scan = 3 of it
  await page.keyboard.type(`3*${WATER_550}`);
  await page.keyboard.press('Enter');
  await expect(qty(0)).toHaveText('3');
  // 2* alone, Enter: the quantity waits for the next scan
  await page.keyboard.type('2*');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('qty-ahead')).toHaveText('×2');
  await page.keyboard.type(WATER_380, { delay: 2 });
  await page.keyboard.press('Enter');
  await expect(qty(1)).toHaveText('2');
  await expect(page.getByTestId('qty-ahead')).toHaveCount(0);

  // F2 types a quantity on the highlighted line (the one just added)
  await page.keyboard.press('F2');
  const input = page.getByTestId('cart-line-qty-input');
  await expect(input).toBeFocused();
  await input.fill('5');
  await page.keyboard.press('Enter');
  await expect(qty(1)).toHaveText('5');
  await expect(search).toBeFocused();
  // a click on a quantity types one too
  await qty(0).click();
  await page.getByTestId('cart-line-qty-input').fill('1');
  await page.keyboard.press('Enter');
  await expect(qty(0)).toHaveText('1');

  // ↑ highlights the first line; + and − change it; − at 1 removes it, Ctrl+Z puts it back
  await search.focus();
  await page.keyboard.press('ArrowUp');
  await expect(line(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('+');
  await expect(qty(0)).toHaveText('2');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('undo-bar')).toContainText('农夫山泉 饮用天然水 550ml');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await expect(page.getByTestId('undo-bar')).toHaveCount(0);

  // several terms; Enter adds the highlighted hit of a text query
  await page.keyboard.type('农夫 550');
  const results = page.getByTestId('search-result');
  await expect(results.first()).toContainText('农夫山泉 饮用天然水 550ml');
  for (const name of await results.allTextContents()) expect(name).toMatch(/农夫.*550/);
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(3);
  await expect(line(2)).toContainText('550ml×24瓶');

  // a barcode prefix lists what it starts; nothing is highlighted (Enter would look the digits up exactly)
  await page.keyboard.type('6920702');
  await expect(results).toHaveCount(6);
  await expect(results.first()).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('Escape');

  // beyond the first page: the "more" row, PgDn
  await page.keyboard.type('水');
  await expect(results).toHaveCount(30);
  await expect(page.getByTestId('search-more')).toBeVisible();
  await page.screenshot({ path: 'test-results/keyboard-more.png' });
  await page.keyboard.press('PageDown');
  await expect(results).toHaveCount(60);
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');

  // F6 to top-ups and back
  await page.keyboard.press('F6');
  await expect(page.getByTestId('topup-panel')).toBeVisible();
  await page.keyboard.press('F6');
  await expect(page.getByTestId('tendered-input')).toBeVisible();

  // a dialog's keys are its own: F6 does nothing behind the history dialog, Esc closes it
  await page.getByTestId('open-history').click();
  await expect(page.getByTestId('history-dialog')).toBeVisible();
  await page.keyboard.press('F6');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('history-dialog')).toHaveCount(0);
  await expect(page.getByTestId('tendered-input')).toBeVisible();

  // F4 to the cash field; a large amount asks first ("too large" is its own message); F9 pays
  await page.keyboard.press('F4');
  await expect(page.getByTestId('tendered-input')).toBeFocused();
  await page.keyboard.type('1000000');
  await expect(page.getByTestId('tender-state')).toHaveAttribute('data-state', 'tooLarge');
  await expect(page.getByTestId('tender-state')).toContainText('金额太大');
  await page.getByTestId('tendered-input').fill('20000');
  await expect(page.getByTestId('large-tender')).toContainText('¥20,000.00');
  await page.keyboard.press('F9');
  await expect(page.getByTestId('sale-complete')).toHaveCount(0); // the first press is "yes, that much"
  await page.screenshot({ path: 'test-results/keyboard-large-tender.png' });
  await page.keyboard.press('F9');
  await expect(page.getByTestId('sale-complete')).toBeVisible();
  const rows = await env.cloud.db.query('SELECT 1 FROM orders');
  await expect.poll(async () => (await env.cloud.db.query('SELECT 1 FROM orders')).rows.length).toBe(1);
  expect(rows.rows.length).toBeLessThanOrEqual(1);
  expect(DEMO.sampleBarcode).toBe(WATER_550);
  expect(problems).toEqual([]);
});
