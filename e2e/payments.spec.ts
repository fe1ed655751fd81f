// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend, the
// real cloud and the demo payment provider answering slowly (800 ms, longer than the till's and the cloud's
// polls), as a provider across the internet does. A day's mix at the counter: WeChat scanned into the search
// box, Alipay needing the customer's password ("请在手机上确认" until it is paid), a failed code then cash, the
// member's balance first and WeChat for the rest, the shop's static QR code; drawer kicks only for cash; the
// 交班 report carries the takings. Screenshots at 1366×768 and 1024×768, zh-CN and English.
import { demoCode } from '../cloud/payments/demo/outcomes';
import { DEMO, demoCatalog } from '../cloud/seed/demo';
import type { Page } from '@playwright/test';
import { DRAWER_PULSE } from '../electron/backend/print/drawer-kick';
import { expect, registerAndLogIn, test } from './fixtures';

const SHOTS = process.env.SHOTS_DIR ?? 'test-results/payments';
const snack = demoCatalog().products.find(
  (p) => p.kind === 'physical' && p.active && p.price >= 300 && p.price <= 1_000,
)!;

test.use({ envOptions: { payLatencyMs: 800, printer: true } });

async function ring(page: Page, qty = 1) {
  const search = page.getByTestId('search-input');
  for (let i = 0; i < qty; i++) {
    await search.fill(snack.barcode ?? snack.sku);
    await search.press('Enter');
  }
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-fen', String(snack.price * qty));
}
async function next(page: Page) {
  await expect(page.getByTestId('sale-complete')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('next-customer').click();
}

test("a day's mix of payments at the counter, with a slow provider", async ({ page, env }) => {
  test.setTimeout(400_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '收银台 1', DEMO.master);
  const kicks = () => env.printed.filter((j) => j.includes(DRAWER_PULSE)).length;

  // 1. cash: the drawer opens with the receipt
  await ring(page);
  await page.getByTestId('pay-button').click();
  await next(page);
  await expect.poll(kicks).toBe(1);

  // 2. WeChat, scanned into the search box: a payment code is never a product
  await ring(page, 2);
  const search = page.getByTestId('search-input');
  await search.fill(demoCode('wechat'));
  await search.press('Enter');
  await expect(page.getByTestId('tender-part')).toHaveAttribute('data-state', /waiting|done/);
  await next(page);

  // 3. Alipay needing the customer's password: 请在手机上确认 until the provider says paid (F8 → code field)
  await ring(page);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('code-input')).toBeFocused();
  await page.getByTestId('code-input').fill(demoCode('alipay', '1001'));
  await page.getByTestId('code-input').press('Enter');
  await expect(page.getByTestId('part-state-confirmOnPhone')).toHaveText('请在手机上确认', { timeout: 30_000 });
  await expect(page.getByTestId('pay-button')).toHaveCount(0); // no cash while the code waits
  await page.screenshot({ path: `${SHOTS}/confirm-on-phone-1366-zh.png` });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: `${SHOTS}/confirm-on-phone-1024-zh.png` });
  await page.setViewportSize({ width: 1366, height: 768 });
  await next(page);

  // 3b. in English, a customer who never enters the password: the cashier cancels, the money goes back, cash pays
  await page.getByTestId('language-switch').selectOption('en');
  await ring(page);
  await page.getByTestId('code-input').fill(demoCode('alipay', '1002'));
  await page.getByTestId('code-input').press('Enter');
  await expect(page.getByTestId('part-state-confirmOnPhone')).toHaveText('Confirm on your phone', { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/confirm-on-phone-1366-en.png` });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: `${SHOTS}/confirm-on-phone-1024-en.png` });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByTestId('tender-cancel').click();
  await expect(page.getByTestId('tender-part')).toHaveCount(0);
  await page.getByTestId('pay-button').click();
  await next(page);
  await expect.poll(kicks).toBe(2);
  await page.getByTestId('language-switch').selectOption('zh-CN');

  // 4. a failed code (余额不足): the reason, nothing charged; then cash finishes the sale
  await ring(page);
  await page.getByTestId('code-input').fill(demoCode('wechat', '2001'));
  await page.getByTestId('code-input').press('Enter');
  await expect(page.getByTestId('pay-failure')).toContainText('顾客余额不足', { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/failed-code-1366-zh.png` });
  await page.getByTestId('pay-button').click();
  await next(page);
  await expect.poll(kicks).toBe(3);

  // 5. member balance first (¥3.00 on the card), the rest by WeChat
  const memberId = (
    await env.host.backend.call('member.create', { cardNo: 'E2EPAY', name: '钱多多', phone: '13900001234' })
  ).ok;
  expect(memberId).toBe(true);
  const created = await env.host.backend.call('member.find', { query: 'E2EPAY' });
  const mid = created.ok ? (created.value as { members: { id: string }[] }).members[0]!.id : '';
  await env.host.backend.call('member.topup', { memberId: mid, amount: 300, tendered: 300 });
  await expect.poll(kicks).toBe(4); // a cash top-up opens the drawer too
  await page.getByTestId('member-input').fill('E2EPAY');
  await page.getByTestId('member-input').press('Enter');
  await ring(page, 2);
  await page.getByTestId('tender-member').click();
  await expect(page.getByTestId('tender-part')).toHaveCount(1);
  await page.getByTestId('code-input').fill(demoCode('wechat'));
  await page.getByTestId('code-input').press('Enter');
  await page.screenshot({ path: `${SHOTS}/split-member-wechat-1366-zh.png` });
  await next(page);

  // 6. the shop's static QR code, confirmed by the owner
  await ring(page);
  await page.getByTestId('static-wechat_static').click();
  await next(page);
  expect(kicks()).toBe(4);

  // the shift's takings by method (the 交班 report)
  const shift = await env.host.backend.call('shift.current', {});
  expect(shift.ok).toBe(true);
  const s = (shift as { value: { shift: { salesCount: number; takingsByMethod: Record<string, number> } } }).value
    .shift;
  expect(s.salesCount).toBe(7);
  expect(s.takingsByMethod.cash).toBe(snack.price * 3);
  expect(s.takingsByMethod.alipay_code).toBe(snack.price);
  expect(s.takingsByMethod.member).toBe(300);
  expect(s.takingsByMethod.wechat_code).toBe(snack.price * 2 + snack.price * 2 - 300);
  expect(s.takingsByMethod.wechat_static).toBe(snack.price);
  expect(problems).toEqual([]);
});
