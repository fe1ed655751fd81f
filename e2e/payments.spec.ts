// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend, the
// real cloud and the demo payment provider answering more slowly than the till's first look at a waiting
// payment (as a provider across the internet does). A day's mix at the counter: cash; WeChat scanned into the
// search box; Alipay needing the customer's password (等待顾客在手机上确认 until it is paid, the amount still
// due shown meanwhile); a failed code then cash; a code taken back with Esc (reversed at the cloud); the
// member's balance short → the rest by WeChat; the shop's static QR code; 开钱箱; the drawer kicks captured
// from the printer's bytes; the shift's takings by method. Then a cloud that drops during a code payment: the
// till resolves it once the cloud is back, never a sale without its payment. SHOTS_DIR=<folder> saves shots.
import type { Page } from '@playwright/test';
import { demoCode } from '../cloud/payments/demo/outcomes';
import { DEMO, demoCatalog } from '../cloud/seed/demo';
import { DRAWER_PULSE } from '../electron/backend/print/drawer-kick';
import { expect, registerAndLogIn, test, type PosEnv } from './fixtures';
import { shootAtCounterSizes } from './layout';

const snack = demoCatalog().products.find(
  (p) => p.kind === 'physical' && p.active && !!p.barcode && p.price >= 300 && p.price <= 1_000,
)!;
/** the till and the cloud look every second; the provider answers after 1.5 s */
test.use({ envOptions: { payLatencyMs: 1_500, payPollMs: 1_000, printer: true, proxy: true } });
const SLOW = { timeout: 60_000 };

async function ring(page: Page, qty = 1) {
  const search = page.getByTestId('search-input');
  for (let i = 0; i < qty; i++) {
    await search.fill(snack.barcode!);
    await search.press('Enter');
    await expect(page.getByTestId('cart-total')).toHaveAttribute('data-fen', String(snack.price * (i + 1)));
  }
}
async function scan(page: Page, code: string) {
  await page.getByTestId('search-input').fill(code);
  await page.getByTestId('search-input').press('Enter');
}
async function next(page: Page) {
  await expect(page.getByTestId('sale-complete')).toBeVisible(SLOW);
  await page.getByTestId('next-customer').click();
}
const kicks = (env: PosEnv) => env.printed.filter((j) => j.includes(DRAWER_PULSE)).length;
const cloudPayment = async (env: PosEnv, code: string) =>
  (
    await env.cloud.db.query<{ status: string; used_ref: string | null }>(
      `SELECT status, used_ref FROM payments WHERE code_masked LIKE $1 ORDER BY created_at DESC LIMIT 1`,
      [`%${code.slice(-4)}`],
    )
  ).rows[0];

test("a day's mix of payments at the counter, with a slow provider", async ({ page, env }) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '收银台 1', DEMO.master);

  // 1. cash: the drawer opens with the receipt
  await ring(page);
  await page.getByTestId('pay-button').click();
  await next(page);
  await expect.poll(() => kicks(env), SLOW).toBe(1);

  // 2. WeChat scanned into the search box: a payment code pays, it is never looked up as a product
  await ring(page, 2);
  await scan(page, demoCode('wechat'));
  await expect(page.getByTestId('codepay')).toHaveAttribute('data-phase', /sending|waiting/);
  await next(page);

  // 3. Alipay needing the customer's password (F7 → the code field): 等待顾客在手机上确认, the whole amount
  //    still due meanwhile (not ¥0.00), no cash while it waits; paid → the sale commits by itself
  await ring(page);
  await page.keyboard.press('F7');
  await expect(page.getByTestId('code-input')).toBeFocused();
  await page.getByTestId('code-input').fill(demoCode('alipay', '1001'));
  await page.getByTestId('code-input').press('Enter');
  await expect(page.getByTestId('codepay')).toHaveAttribute('data-phase', 'confirmOnPhone', SLOW);
  await expect(page.getByTestId('pay-status')).toContainText('等待顾客在手机上确认');
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-fen', String(snack.price));
  await expect(page.getByTestId('tender-part')).toHaveAttribute('data-state', 'confirmOnPhone');
  await expect(page.getByTestId('pay-button')).toBeDisabled();
  await shootAtCounterSizes(page, 'zh-code-waiting');
  await next(page);

  // 4. a failed code (余额不足): the reason, nothing charged; then cash finishes the sale
  await ring(page);
  await scan(page, demoCode('wechat', '2001'));
  await expect(page.getByTestId('pay-failure')).toContainText('顾客余额不足', SLOW);
  await expect(page.getByTestId('pay-failure')).toHaveAttribute('data-reason', 'insufficient_balance');
  await shootAtCounterSizes(page, 'zh-code-failed');
  await page.getByTestId('pay-button').click();
  await next(page);
  await expect.poll(() => kicks(env), SLOW).toBe(2);

  // 5. a customer who never enters the password: Esc takes the code back, reversed at the cloud; cash pays
  await ring(page);
  await scan(page, demoCode('wechat', '1002'));
  await expect(page.getByTestId('codepay')).toHaveAttribute('data-phase', 'confirmOnPhone', SLOW);
  await page.getByTestId('search-input').press('Escape');
  await expect(page.getByTestId('codepay')).toHaveAttribute('data-phase', 'reversed', SLOW);
  await expect(page.getByTestId('pay-status')).toContainText('顾客未被扣款');
  await expect.poll(async () => (await cloudPayment(env, demoCode('wechat', '1002')))?.status, SLOW).toBe('cancelled');
  await page.getByTestId('pay-button').click();
  await next(page);
  await expect.poll(() => kicks(env), SLOW).toBe(3);

  // 6. the member's balance (¥3.00) short of the sale: F8 takes what it covers, WeChat the rest
  await env.host.backend.call('member.create', { cardNo: 'E2EPAY', name: '钱多多', phone: '13900001234' });
  const found = await env.host.backend.call('member.find', { query: 'E2EPAY' });
  const memberId = found.ok ? (found.value as { members: { id: string }[] }).members[0]!.id : '';
  expect((await env.host.backend.call('member.topup', { memberId, amount: 300, tendered: 300 })).ok).toBe(true);
  await expect.poll(() => kicks(env), SLOW).toBe(4); // a cash top-up opens the drawer too
  await page.getByTestId('member-input').fill('E2EPAY');
  await page.getByTestId('member-input').press('Enter');
  await expect(page.getByTestId('pay-member')).toBeVisible();
  await page.getByTestId('search-input').focus();
  await ring(page, 2);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('tender-part')).toHaveAttribute('data-method', 'member');
  await expect(page.getByTestId('still-due')).toHaveAttribute('data-fen', String(snack.price * 2 - 300));
  await shootAtCounterSizes(page, 'zh-split-member');
  await scan(page, demoCode('wechat'));
  await next(page);

  // 7. the shop's static QR code, confirmed by the cashier seeing the money arrive
  await ring(page);
  await page.getByTestId('static-wechat_static').click();
  await expect(page.getByTestId('static-confirm')).toContainText(`¥${(snack.price / 100).toFixed(2)}`);
  await shootAtCounterSizes(page, 'zh-static');
  await page.getByTestId('static-ok').click();
  await next(page);
  expect(kicks(env)).toBe(4); // no cash moved

  // 8. 开钱箱 in the shift dialog: audited, and the drawer opens
  await page.getByTestId('shift-button').click();
  await page.getByTestId('drawer-open').click();
  await expect(page.getByTestId('drawer-said')).toContainText('钱箱已打开');
  await expect.poll(() => kicks(env), SLOW).toBe(5);
  await page.keyboard.press('Escape');

  // the shift's takings by method (the 交班 report)
  const shift = await env.host.backend.call('shift.current', {});
  const s = (shift as { value: { shift: { salesCount: number; takingsByMethod: Record<string, number> } } }).value
    .shift;
  expect(s.salesCount).toBe(7);
  expect(s.takingsByMethod).toMatchObject({
    cash: snack.price * 3,
    alipay_code: snack.price,
    member: 300,
    wechat_code: snack.price * 2 + snack.price * 2 - 300,
    wechat_static: snack.price,
  });
  expect(problems).toEqual([]);
});

test('offline: a payment code is refused with the reason, cash still sells; a cloud that drops mid-payment is resolved', async ({
  page,
  env,
}) => {
  test.setTimeout(300_000);
  await registerAndLogIn(page, env, '收银台 2', DEMO.master);
  await page.getByTestId('language-switch').selectOption('en');

  // the network is down before the scan: refused, nothing journaled as charged; cash works
  await ring(page);
  env.proxy!.setDown(true);
  await scan(page, demoCode('wechat'));
  await expect(page.getByTestId('pay-error')).toContainText('payment codes are unavailable', SLOW);
  await page.getByTestId('pay-button').click();
  await next(page);
  env.proxy!.setDown(false);

  // the cloud drops while the customer confirms: the till keeps asking, and once the cloud is back the payment
  // is settled — the sale commits with it, exactly once
  await ring(page, 2);
  await scan(page, demoCode('alipay', '1001'));
  await expect(page.getByTestId('codepay')).toHaveAttribute('data-phase', 'confirmOnPhone', SLOW);
  await shootAtCounterSizes(page, 'en-code-waiting');
  env.proxy!.setDown(true);
  await expect(page.getByTestId('sale-complete')).toHaveCount(0);
  env.proxy!.setDown(false);
  await expect(page.getByTestId('sale-complete')).toBeVisible({ timeout: 90_000 });
  const orderId = (await page.getByTestId('sale-complete').getAttribute('data-order-id'))!;
  // the cloud's order (the till's id is its client_order_id) is the one the payment is used by
  const backed = async () =>
    (
      await env.cloud.db.query(
        `SELECT 1 FROM payments p JOIN orders o ON p.used_kind = 'order' AND p.used_ref = o.id::text
          WHERE o.client_order_id = $1 AND p.status = 'paid' AND p.code_masked LIKE '%1001'`,
        [orderId],
      )
    ).rows.length;
  await expect.poll(backed, SLOW).toBe(1);
  await page.getByTestId('next-customer').click();
  const shift = await env.host.backend.call('shift.current', {});
  const s = (shift as { value: { shift: { salesCount: number; takingsByMethod: Record<string, number> } } }).value
    .shift;
  expect(s.salesCount).toBe(2);
  expect(s.takingsByMethod).toMatchObject({ cash: snack.price, alipay_code: snack.price * 2 });
});
