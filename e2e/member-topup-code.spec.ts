// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend, the
// real cloud and the demo payment provider answering more slowly than the till's first look at a waiting
// payment (payments.spec.ts's options). 会员充值 paid by payment code, found in the member box: WeChat needing
// the customer's password (waiting shown, the cash top-up held meanwhile, then paid: the balance goes up by exactly ¥50 once and the cloud's
// payments row is used by exactly one top-up); a code the provider refuses (余额不足: the reason shown, the
// balance unchanged), then the same top-up in cash; the form's fields read whole at 1024 and 1366 in both languages.
// SHOTS_DIR=<folder> saves shots.
import type { Page } from '@playwright/test';
import { demoCode } from '../cloud/payments/demo/outcomes';
import { DEMO } from '../cloud/seed/demo';
import { expect, registerAndLogIn, test, type PosEnv } from './fixtures';
import { COUNTER_SIZES, cutWords, shootAtCounterSizes } from './layout';

test.use({ envOptions: { payLatencyMs: 1_500, payPollMs: 1_000 } });
const SLOW = { timeout: 60_000 };

const cloudPayments = async (env: PosEnv, ending: string) =>
  (
    await env.cloud.db.query<{ status: string; amount: number; used_kind: string | null; used_ref: string | null }>(
      `SELECT status, amount::int AS amount, used_kind, used_ref FROM payments WHERE code_masked LIKE $1`,
      [`%${ending}`],
    )
  ).rows;
async function openTopup(page: Page, amountYuan: string) {
  await page.getByTestId('member-topup').click();
  await page.getByTestId('member-topup-amount').fill(amountYuan);
}

test('会员充值 by WeChat code: waiting for the password, then ¥50 booked once; a refused code, then cash', async ({
  page,
  env,
}) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '收银台 1', DEMO.master);
  expect(
    (await env.host.backend.call('member.create', { cardNo: 'E2ECODE', name: '周码', phone: '13900005678' })).ok,
  ).toBe(true);

  // the cashier finds the member in the member box
  await page.getByTestId('member-input').fill('E2ECODE');
  await page.getByTestId('member-input').press('Enter');
  await expect(page.getByTestId('member-name')).toHaveText('周码');
  await expect(page.getByTestId('member-balance')).toHaveAttribute('data-fen', '0');

  // ¥50 by a WeChat code needing the password: 等待顾客在手机上确认, then booked
  await openTopup(page, '50');
  const byCode = page.getByTestId('member-topup-bycode');
  await page.getByTestId('member-topup-code').fill(demoCode('wechat', '1001'));
  await page.getByTestId('member-topup-code').press('Enter');
  await expect(byCode).toHaveAttribute('data-phase', 'confirmOnPhone', SLOW);
  await expect(page.getByTestId('member-topup-code-status')).toContainText('等待顾客在手机上确认');
  await expect(page.getByTestId('member-balance')).toHaveAttribute('data-fen', '0');
  // while the code waits, no cash top-up of the same ¥50 (an empty cash field means exact cash), no leaving
  await expect(page.getByTestId('member-topup-confirm')).toBeDisabled();
  await expect(page.getByTestId('member-topup-back')).toBeDisabled();
  // nor taking the member off the sale: the cashier sees how the code ends, on this member
  await expect(page.getByTestId('member-clear')).toBeDisabled();
  await page.getByTestId('member-topup-tendered').press('Enter');
  await shootAtCounterSizes(page, 'zh-member-code-waiting');
  await expect(page.getByTestId('member-topup-done')).toBeVisible(SLOW);
  await expect(page.getByTestId('member-topup-done')).toContainText('¥50.00');
  await expect(page.getByTestId('member-balance')).toHaveAttribute('data-fen', '5000');
  await expect(page.getByTestId('member-clear')).toBeEnabled();
  await shootAtCounterSizes(page, 'zh-member-code-done');
  // once: the cloud's payment is paid and used by one top-up; the till's balance stays at ¥50 after a re-find
  await expect
    .poll(async () => (await cloudPayments(env, '1001')).map((p) => [p.status, p.amount, p.used_kind]), SLOW)
    .toEqual([['paid', 5_000, 'member_topup']]);
  // the cloud's ledger: one top-up transfer of ¥50, the very one the payment is used by
  const topups = async () =>
    (
      await env.cloud.db.query<{ id: string; amount: number }>(
        `SELECT t.id::text AS id, t.amount::int AS amount FROM ledger_transfers t JOIN members m ON t.ref = 'member:' || m.id
          WHERE t.code = 'member_topup' AND m.card_no = 'E2ECODE' ORDER BY t.created_at`,
      )
    ).rows;
  const [paid] = await cloudPayments(env, '1001');
  expect(await topups()).toEqual([{ id: paid!.used_ref, amount: 5_000 }]);
  const found = await env.host.backend.call('member.find', { query: 'E2ECODE' });
  expect((found as { value: { members: { balance: number }[] } }).value.members[0]!.balance).toBe(5_000);

  // a code the provider refuses (余额不足): the reason, the balance unchanged; then the same top-up in cash
  await openTopup(page, '50');
  await page.getByTestId('member-topup-code').fill(demoCode('wechat', '2001'));
  await page.getByTestId('member-topup-code').press('Enter');
  await expect(page.getByTestId('member-topup-code-failed')).toContainText('顾客余额不足', SLOW);
  await expect(byCode).toHaveAttribute('data-phase', 'failed');
  await expect(page.getByTestId('member-balance')).toHaveAttribute('data-fen', '5000');
  await shootAtCounterSizes(page, 'zh-member-code-failed');
  expect((await cloudPayments(env, '2001')).map((p) => [p.status, p.used_kind])).toEqual([['failed', null]]);
  await page.getByTestId('member-topup-tendered').fill('50');
  await page.getByTestId('member-topup-confirm').click();
  await expect(page.getByTestId('member-balance')).toHaveAttribute('data-fen', '10000', SLOW);
  await expect(page.getByTestId('member-topup-done')).toContainText('¥50.00');
  expect((await cloudPayments(env, '1001')).length).toBe(1);
  await expect.poll(async () => (await topups()).map((t) => t.amount), SLOW).toEqual([5_000, 5_000]);

  // the form's fields read whole at both counter sizes, in Chinese and in English
  for (const lang of ['zh-CN', 'en']) {
    await page.getByTestId('language-switch').selectOption(lang);
    await openTopup(page, '');
    for (const size of COUNTER_SIZES) {
      await page.setViewportSize(size);
      expect(
        await cutWords(page, ['member-topup-amount', 'member-topup-tendered', 'member-topup-code']),
        `${lang} at ${size.width}×${size.height}`,
      ).toEqual([]);
    }
    await shootAtCounterSizes(page, `${lang}-member-topup-form`);
    await page.getByTestId('member-topup-back').click();
  }
  expect(problems).toEqual([]);
});
