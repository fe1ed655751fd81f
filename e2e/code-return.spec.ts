// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend, the real
// cloud and the demo payment provider answering more slowly than the till's first look (as a provider across the
// internet does). Returns to a payment code through the real 历史 dialog: one line of a WeChat sale back to the
// code (asking → 已受理，处理中 → 已退回), then the rest; a sale paid by member card + WeChat partly returned (the
// code first, last tender first); a split sale whose WeChat refund is refused — that part comes out of the drawer
// (a 退货退现金 movement on the shift) while the Alipay part goes back to the code; offline a code return is refused
// and a cash return still works; and a refund accepted then failed (code ending 4002) shows 退款失败 on the till and
// in the owner's 资金 → 退款失败 list; the refused part says why in both languages, and a refund still processing
// when the dialog reopens turns to 已退回 while shown (the dialog follows it). Laid out right at 1366×768 and 1024×768, zh-CN and English.
// SHOTS_DIR=<folder> saves the shots.
import type { Page } from '@playwright/test';
import { demoCode } from '../cloud/payments/demo/outcomes';
import { DEMO, demoCatalog } from '../cloud/seed/demo';
import { expect, registerAndLogIn, test } from './fixtures';
import { COUNTER_SIZES, layoutProblems, shootAtCounterSizes } from './layout';

const snack = demoCatalog().products.find(
  (p) => p.kind === 'physical' && p.active && !!p.barcode && p.price >= 300 && p.price <= 1_000,
)!;
/** the till and the cloud look every second; the provider answers after 1.5 s */
test.use({ envOptions: { payLatencyMs: 1_500, payPollMs: 1_000, proxy: true } });
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
/** laid out right at both counter sizes (then the shots, with SHOTS_DIR) */
async function checked(page: Page, name: string) {
  for (const size of COUNTER_SIZES) {
    await page.setViewportSize(size);
    await expect.poll(() => layoutProblems(page), { message: `${name} at ${size.width}×${size.height}` }).toEqual([]);
  }
  await shootAtCounterSizes(page, name);
}
/** 历史 → the newest sale → return `qty` of its first line (or each line given) */
async function returnNewest(page: Page, qtys: string[]) {
  await page.getByTestId('open-history').click();
  const history = page.getByTestId('history-dialog');
  await history.getByTestId('history-order').first().click();
  for (const [i, q] of qtys.entries()) await history.getByTestId('return-qty').nth(i).fill(q);
  await expect(history.getByTestId('return-quote')).toBeVisible();
  await history.getByTestId('return-submit').click();
  return history;
}

test('returns to a payment code through the 历史 dialog, refused → cash, offline, and a late failure', async ({
  page,
  env,
}) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '收银台 1', DEMO.master);
  await page.setViewportSize(COUNTER_SIZES[1]);

  // 1. two snacks by WeChat; one back to the code: asking, then accepted (WeChat is asynchronous), then refunded
  await ring(page, 2);
  await scan(page, demoCode('wechat'));
  await next(page);
  let history = await returnNewest(page, ['1']);
  const flow = history.getByTestId('return-flow');
  await expect(flow).toHaveAttribute('data-state', 'asking');
  await expect(flow).toContainText('原路退款');
  await checked(page, 'zh-return-asking');
  await expect(flow).toHaveAttribute('data-state', 'done', SLOW);
  await expect(history.getByTestId('return-part')).toHaveAttribute('data-state', 'processing');
  await expect(history.getByTestId('return-part')).toContainText('已受理，处理中');
  await checked(page, 'zh-return-processing');
  await expect(history.getByTestId('return-part')).toHaveAttribute('data-state', 'refunded', SLOW);
  await expect(history.getByTestId('return-part')).toContainText('已退回');
  await checked(page, 'zh-return-refunded');
  await expect(history.getByTestId('history-status')).toHaveText('部分退货');
  // the rest of it
  await history.getByTestId('return-qty').first().fill('1');
  await history.getByTestId('return-submit').click();
  await expect(flow).toHaveAttribute('data-state', 'done', SLOW);
  await expect(history.getByTestId('history-status')).toHaveText('已全部退货');
  await expect(history.getByTestId('history-return')).toHaveCount(2);
  await history.getByTestId('history-close').click();

  // 1b. a refund still processing when the dialog closed (the cloud unreachable, so the till cannot learn more):
  //     the next time the dialog shows it, it is looked at again while shown and turns to 已退回 by itself
  await ring(page);
  await scan(page, demoCode('wechat'));
  await next(page);
  history = await returnNewest(page, ['1']);
  await expect(history.getByTestId('return-part')).toHaveAttribute('data-state', 'processing', SLOW);
  env.proxy!.setDown(true);
  await history.getByTestId('history-close').click();
  await page.getByTestId('open-history').click();
  history = page.getByTestId('history-dialog');
  await history.getByTestId('history-order').first().click();
  await expect(history.getByTestId('history-return')).toContainText('已受理，处理中');
  await checked(page, 'zh-history-processing');
  env.proxy!.setDown(false);
  await expect(history.getByTestId('history-return')).toContainText('已退回', SLOW);
  await expect(history.getByTestId('history-return')).not.toContainText('处理中');
  await checked(page, 'zh-history-refunded');
  await history.getByTestId('history-close').click();

  // 2. member card ¥3.00 + WeChat the rest; one of two back: the last tender (the code) first
  await env.host.backend.call('member.create', { cardNo: 'E2ERET', name: '退多多', phone: '13900004321' });
  const found = await env.host.backend.call('member.find', { query: 'E2ERET' });
  const memberId = found.ok ? (found.value as { members: { id: string }[] }).members[0]!.id : '';
  expect((await env.host.backend.call('member.topup', { memberId, amount: 300, tendered: 300 })).ok).toBe(true);
  await page.getByTestId('member-input').fill('E2ERET');
  await page.getByTestId('member-input').press('Enter');
  await expect(page.getByTestId('pay-member')).toBeVisible();
  await page.getByTestId('search-input').focus();
  await ring(page, 2);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('tender-part')).toHaveAttribute('data-method', 'member');
  await scan(page, demoCode('wechat'));
  await next(page);
  history = await returnNewest(page, ['1']);
  await expect(history.getByTestId('return-quote-part')).toHaveCount(1);
  await expect(history.getByTestId('return-quote-part')).toContainText('微信');
  await expect(flow).toHaveAttribute('data-state', 'done', SLOW);
  await expect(history.getByTestId('return-part')).toHaveAttribute('data-state', /processing|refunded/);
  await expect(history.getByTestId('history-status')).toHaveText('部分退货');
  await history.getByTestId('history-close').click();

  // 3. ¥1.00 by a WeChat code whose refunds are refused, the rest by Alipay; all of it back: Alipay to the code,
  //    the refused WeChat part out of the drawer (a 退货退现金 movement on the shift)
  const drawerBefore = await expectedCash(env);
  await ring(page, 2);
  await page.getByTestId('part-amount').fill('1.00');
  await page.getByTestId('code-input').fill(demoCode('wechat', '4001'));
  await page.getByTestId('code-input').press('Enter');
  await expect(page.getByTestId('still-due')).toHaveAttribute('data-fen', String(snack.price * 2 - 100), SLOW);
  await page.getByTestId('code-input').fill(demoCode('alipay'));
  await page.getByTestId('code-input').press('Enter');
  await next(page);
  history = await returnNewest(page, ['2']);
  await expect(flow).toHaveAttribute('data-state', 'done', SLOW);
  await expect(history.getByTestId('return-part')).toHaveCount(2);
  await expect(history.getByTestId('return-part').nth(0)).toHaveAttribute('data-state', 'refunded');
  await expect(history.getByTestId('return-part').nth(1)).toHaveAttribute('data-state', 'cash');
  // the cash part says why: WeChat refused it (the provider's reason in words), so it came from the drawer
  await expect(history.getByTestId('return-part').nth(1)).toContainText(
    '现金 ¥1.00（微信退款被拒：顾客的微信账户异常或已注销，已改退现金）',
  );
  await expect(history.getByTestId('history-return-refused')).toContainText('微信退款被拒：顾客的微信账户异常或已注销');
  await checked(page, 'zh-return-refused-cash');
  expect(await expectedCash(env)).toBe(drawerBefore - 100);
  await history.getByTestId('history-close').click();
  // the history says it again, in English too
  await page.getByTestId('language-switch').selectOption('en');
  await page.getByTestId('open-history').click();
  history = page.getByTestId('history-dialog');
  await history.getByTestId('history-order').first().click();
  await expect(history.getByTestId('history-return-refused')).toContainText(
    "Cash ¥1.00 (WeChat refund refused: the customer's WeChat account is restricted or closed, paid in cash instead)",
  );
  await checked(page, 'en-history-refused-cash');
  await history.getByTestId('history-close').click();
  await page.getByTestId('language-switch').selectOption('zh-CN');

  // 4. offline: a code return is refused with the reason, nothing returned; a cash sale is returned to cash
  env.proxy!.setDown(true);
  // the till learns it at its next sync (here at once): the refusal below is then certain, not "maybe sent"
  await env.host.backend.call('sync.now', {});
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline', SLOW);
  await page.getByTestId('open-history').click();
  history = page.getByTestId('history-dialog');
  await history.getByTestId('history-order').nth(1).click(); // sale 2: one line still to return, to WeChat
  await history.getByTestId('return-qty').first().fill('1');
  await history.getByTestId('return-submit').click();
  await expect(history.getByTestId('history-error')).toContainText('原路退回微信/支付宝/云闪付需要联网', SLOW);
  await expect(history.getByTestId('history-status')).toHaveText('部分退货');
  await checked(page, 'zh-return-offline');
  await history.getByTestId('history-close').click();
  await ring(page);
  await page.getByTestId('pay-button').click();
  await next(page);
  history = await returnNewest(page, ['1']);
  await expect(flow).toHaveAttribute('data-state', 'done', SLOW);
  await expect(history.getByTestId('return-part')).toHaveAttribute('data-state', 'cash');
  await history.getByTestId('history-close').click();
  env.proxy!.setDown(false);

  // 5. in English: a refund the provider accepts, then fails — 退款失败 on the till, and in the owner's list
  await page.getByTestId('language-switch').selectOption('en');
  await ring(page);
  await scan(page, demoCode('wechat', '4002'));
  await next(page);
  history = await returnNewest(page, ['1']);
  await expect(flow).toHaveAttribute('data-state', 'done', SLOW);
  await expect(history.getByTestId('return-part')).toHaveAttribute('data-state', 'failed', SLOW);
  await expect(history.getByTestId('return-part')).toContainText('ABNORMAL');
  await checked(page, 'en-return-failed-late');
  await history.getByTestId('history-close').click();
  await page.getByTestId('back-office').click();
  await page.getByTestId('owner-tab-money').click();
  const list = page.getByTestId('failed-refunds-panel');
  await expect(list.getByTestId('failed-refund')).toHaveCount(1, SLOW);
  await expect(list.getByTestId('failed-refund')).toHaveAttribute('data-amount', String(snack.price));
  await expect(list.getByTestId('failed-refund')).toContainText('收银台 1');
  await expect(list.getByTestId('failed-refund')).toContainText('ABNORMAL');
  await list.getByTestId('failed-refund').scrollIntoViewIfNeeded();
  await checked(page, 'en-owner-failed-refunds');
  await page.getByTestId('language-switch').selectOption('zh-CN');
  await expect(list.getByTestId('failed-refund')).toContainText('微信支付商户平台');
  await list.getByTestId('failed-refund').scrollIntoViewIfNeeded();
  await checked(page, 'zh-owner-failed-refunds');
  expect(problems).toEqual([]);
});

async function expectedCash(env: { host: { backend: { call(m: string, i: unknown): Promise<unknown> } } }) {
  const r = (await env.host.backend.call('shift.current', {})) as { value: { shift: { expectedCash: number } } };
  return r.value.shift.expectedCash;
}
