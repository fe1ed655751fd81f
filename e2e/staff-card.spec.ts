// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and the
// real cloud (e2e/fixtures.ts), at 1024×768. The owner binds a staff card (员工卡) to their own account in the 员工
// tab (scanned into the field: the number, then Enter; the super password confirms); the cashier's discount above
// their rights is then approved by scanning that card on the cashier's screen — the number typed + Enter in the
// supervisor dialog, no username or password — and the order names the owner as the approving supervisor.
// The employee list with a card bound is laid out right at both counter sizes in both languages (its card column
// shows the last 4 digits only: the long text made the table wider than its panel in English at 1024).
import { hashPassword } from '../cloud/auth/passwords';
import { DEMO } from '../cloud/seed/demo';
import { formatFen } from '../shared/money';
import { confirmSuper, expect, registerAndLogIn, test } from './fixtures';
import { brokenHeaders, layoutProblems, overflowingTables } from './layout';
import type { Page } from '@playwright/test';

const SUPER = '老板超级密码1';
const CARD = '88001234';
const SHOTS = process.env.SHOTS_DIR;

test.use({ viewport: { width: 1024, height: 768 } });
test.slow();

/** with SHOTS_DIR set: the screen at 1024×768 and 1366×768, in Chinese and English */
async function shots(page: Page, name: string) {
  if (!SHOTS) return;
  for (const lang of ['zh-CN', 'en'] as const) {
    await page.getByTestId('language-switch').selectOption(lang, { force: true });
    for (const width of [1024, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${width}.png` });
    }
  }
  await page.getByTestId('language-switch').selectOption('zh-CN', { force: true });
  await page.setViewportSize({ width: 1024, height: 768 });
}

/** at 1024×768 and 1366×768, in Chinese and English: no layout problem, no broken header, no table wider than its
 * panel (with SHOTS_DIR set, a screenshot of each); ends in Chinese at 1024×768 */
async function laidOutRight(page: Page, name: string) {
  for (const lang of ['zh-CN', 'en'] as const) {
    await page.getByTestId('language-switch').selectOption(lang, { force: true });
    for (const width of [1024, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      const where = `${name} in ${lang} at ${width}×768`;
      await expect.poll(() => layoutProblems(page), { message: where }).toEqual([]);
      await expect.poll(() => brokenHeaders(page), { message: where }).toEqual([]);
      await expect.poll(() => overflowingTables(page), { message: where }).toEqual([]);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${width}.png` });
    }
  }
  await page.getByTestId('language-switch').selectOption('zh-CN', { force: true });
  await page.setViewportSize({ width: 1024, height: 768 });
}

test('a cashier’s discount approved by scanning the owner’s staff card', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await env.cloud.db.query('UPDATE employees SET super_password_hash = $2 WHERE id = $1', [
    DEMO.master.id,
    await hashPassword(SUPER),
  ]);
  await registerAndLogIn(page, env, '刷卡收银台', DEMO.master);

  // 员工 tab: the owner scans their own card into the field; a short scan is refused on the spot
  await page.getByTestId('back-office').click();
  // the super password was set before this address was seen: the back office asks for it once
  await page.getByTestId('address-gate-confirm').click();
  await confirmSuper(page, SUPER);
  await page.getByTestId('owner-tab-employees').click();
  await page.getByTestId(`emp-row-${DEMO.master.username}`).getByRole('button').click();
  const panel = page.getByTestId('card-panel');
  await expect(panel.getByTestId('card-hint')).toHaveText('未绑定员工卡');
  await panel.getByTestId('card-input').fill('1234');
  await panel.getByTestId('card-input').press('Enter');
  await expect(panel.getByTestId('card-problem')).toHaveText('卡号至少 8 位');
  await panel.getByTestId('card-input').fill('');
  await panel.getByTestId('card-input').focus();
  await page.keyboard.type(CARD);
  await page.keyboard.press('Enter');
  await confirmSuper(page, SUPER);
  await expect(panel.getByTestId('card-hint')).toHaveText('已绑定员工卡，尾号 1234');
  // the list's card column: the last 4 digits, the whole sentence as the tooltip
  const cell = page.getByTestId(`emp-row-${DEMO.master.username}`).getByTestId('emp-card');
  await expect(cell).toHaveText('1234');
  await expect(cell).toHaveAttribute('title', '已绑定员工卡，尾号 1234');
  await laidOutRight(page, 'employees-tab');
  await page.getByTestId('back-office').click();

  // the cashier logs in and gives ¥1.00 off: beyond their rights, so the supervisor dialog asks
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').fill(DEMO.cashier.username);
  await page.getByTestId('login-password').fill(DEMO.cashier.password);
  await page.getByTestId('login-submit').click();
  const search = page.getByTestId('search-input');
  await search.focus();
  await page.keyboard.type(DEMO.sampleBarcode, { delay: 5 });
  await page.keyboard.press('Enter');
  await page.getByTestId('open-adjust').click();
  const adjust = page.getByTestId('adjust-dialog');
  await adjust.getByTestId('adjust-target').selectOption('order');
  await adjust.getByTestId('adjust-kind').selectOption('amount');
  await adjust.getByTestId('adjust-value').fill('1');
  await adjust.getByTestId('adjust-submit').click();
  const dialog = page.getByTestId('override-dialog');
  await expect(dialog).toBeVisible();
  // the card field has the focus: a reader types the number, then Enter
  await expect(dialog.getByTestId('override-card')).toBeFocused();
  await shots(page, 'override-dialog');
  await page.keyboard.type('99990000');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('override-error')).toContainText('这张卡不能授权');
  await expect(dialog.getByTestId('override-card')).toHaveValue('');
  await dialog.getByTestId('override-card').focus();
  await page.keyboard.type(CARD, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('cart-override')).toContainText(DEMO.master.name);
  await expect(page.getByTestId('cart-total')).toHaveText(formatFen(DEMO.sampleProduct.price - 100, 'zh-CN'));
  expect(problems).toEqual([]);
});
