// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts), at 1024×768. Two employees at one till (issue 9 item 4): the cashier's
// first sale opens a shift by itself and the till asks for its float; the owner logs in while it is open and
// hands it over (交班: count, close, print preview, open their own); the cashier logs in while the owner's is
// open and covers it (代班): the sale is recorded as covered and the shift dialog lists it.
// SHOTS_DIR=<folder> also saves the gate and the header at 1366×768 and 1024×768 in Chinese and English.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO } from '../cloud/seed/demo';
import { formatFen } from '../shared/money';
import { expect, registerAndLogIn, test } from './fixtures';
import { COUNTER_SIZES } from './layout';

test.use({ viewport: { width: 1024, height: 768 } });

const money = (fen: number) => formatFen(fen, 'zh-CN');
const plainYuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

async function sell(page: Page) {
  const search = page.getByTestId('search-input');
  await search.focus();
  await page.keyboard.type(DEMO.sampleBarcode, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('sale-complete')).toBeVisible();
  await page.getByTestId('next-customer').click();
}

async function switchTo(page: Page, who: { username: string; password: string }) {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
}

/** With SHOTS_DIR: the screen as it is, at both counter sizes, in Chinese and English (back to Chinese, 1024). */
async function shoot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const lang of ['en', 'zh-CN']) {
    await page.getByTestId('language-switch').selectOption(lang);
    for (const size of COUNTER_SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(dir, `${name}-${lang}-${size.width}.png`) });
    }
  }
  await page.setViewportSize({ width: 1024, height: 768 });
}

test('two employees at one till: the float of a shift a sale opened, a handover (交班) and a cover (代班)', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '前台收银');
  const price = DEMO.sampleProduct.price;

  // 1. The cashier sells with no shift open: the sale opens one, and the footer asks for its float.
  await expect(page.getByTestId('float-notice')).toHaveCount(0);
  await sell(page);
  await page.getByTestId('float-notice').click();
  const prompt = page.getByTestId('float-prompt');
  await prompt.getByTestId('float-amount').fill('abc');
  await expect(prompt.getByTestId('float-invalid')).toBeVisible();
  await expect(prompt.getByTestId('float-save')).toBeDisabled();
  await prompt.getByTestId('float-amount').fill('50');
  await prompt.getByTestId('float-save').click();
  await expect(prompt).toBeHidden();
  await expect(page.getByTestId('float-notice')).toHaveCount(0);

  // 2. The owner logs in while the cashier's shift is open: asked before anything is sold.
  await switchTo(page, DEMO.master);
  const gate = page.getByTestId('shift-gate');
  await expect(gate).toBeVisible();
  await expect(gate.getByTestId('shift-gate-owner')).toContainText(DEMO.cashier.name);
  await shoot(page, 'gate');
  // a scan while the question is up (a scanner types wherever the focus is) adds nothing behind it, and its
  // Enter presses no button: the dialog holds the keyboard, on the dialog itself (renderer/state/modalFocus.ts)
  await page.keyboard.type(DEMO.sampleBarcode, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(gate).toBeVisible();
  await expect(gate).toBeFocused();
  await expect(page.getByTestId('cart-empty')).toBeVisible();
  await expect(page.getByTestId('search-input')).toHaveValue('');
  // 交班: the shift dialog counts, closes and prints the cashier's shift, then opens the owner's own
  await gate.getByTestId('shift-gate-handover').click();
  const panel = page.getByTestId('shift-panel');
  await expect(panel.getByTestId('shift-expected')).toHaveText(money(5_000 + price));
  await panel.getByTestId('shift-counted').fill(plainYuan(5_000 + price));
  await panel.getByTestId('shift-close').click();
  await panel.getByTestId('shift-close-confirm').click();
  await expect(panel.getByTestId('shift-closed-difference')).toHaveText(money(0));
  await panel.getByTestId('shift-preview').click();
  await expect(panel.locator('img.receipt-preview')).toBeVisible();
  await panel.getByRole('button', { name: '下一班开班' }).click();
  await panel.getByTestId('shift-float').fill('100');
  await panel.getByTestId('shift-open').click();
  await expect(panel.getByTestId('shift-opened')).toContainText(DEMO.master.name);
  await panel.getByTestId('shift-dismiss').click();
  await expect(gate).toBeHidden();
  await sell(page);

  // 3. The cashier logs in while the owner's shift is open, and covers it (代班).
  await switchTo(page, DEMO.cashier);
  await expect(gate).toBeVisible();
  await expect(gate.getByTestId('shift-gate-owner')).toContainText(DEMO.master.name);
  await gate.getByTestId('shift-gate-cover').click();
  await expect(gate).toBeHidden();
  await sell(page);
  await page.getByTestId('shift-button').click();
  const cover = panel.getByTestId('shift-cover-row');
  await expect(cover).toHaveCount(1);
  await expect(cover).toContainText(DEMO.cashier.name);
  await expect(cover).toContainText(`1 笔 ${money(price)}`);
  await expect(panel.getByTestId('shift-expected')).toHaveText(money(10_000 + 2 * price));
  await panel.getByTestId('shift-dismiss').click();
  await shoot(page, 'covered-header');

  // Logging in again is asked no more: the owner's own shift, then the cashier who covers it.
  await switchTo(page, DEMO.master);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await expect(gate).toHaveCount(0);
  expect(problems).toEqual([]);
});
