// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts). An internet café: a member with ¥50.00 of stored value (made in the
// cloud: the owner's side) is found by swiping the card (keystrokes + Enter), a snack for seat A23 is paid
// from the stored value with the member's 10% discount, and the cloud holds the order with its member
// payment exactly once and the member's balance went down by what was paid.
import { v7 as uuidv7 } from 'uuid';
import { memberBalance, topUp } from '../cloud/members/ledger';
import { createMember, publishMember, zNewMember } from '../cloud/members/store';
import { DEMO } from '../cloud/seed/demo';
import { memberDiscountFen } from '../shared/api/contract';
import { formatFen } from '../shared/money';
import { expect, registerAndLogIn, test } from './fixtures';

const money = (f: number) => formatFen(f, 'zh-CN');

test('a café member pays a snack from stored value; the cloud has it once and the balance went down', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const db = env.cloud.db;
  // The demo café's cashier, as seeded, sells AND serves members (the café cashier's role: member.manage);
  // the member is made in the cloud with ¥50.00.
  const memberId = await db.tx(async (q) => {
    const m = await createMember(
      q,
      DEMO.outletId,
      zNewMember.parse({
        cardNo: 'VIP9001',
        phone: '13700001234',
        name: '李四',
        level: '银卡',
        discountBps: 9_000,
        offlineAllowance: 1_000,
      }),
      Date.now(),
    );
    await topUp(q, m, uuidv7(), 5_000, Date.now());
    await publishMember(q, m, Date.now());
    return m.id;
  });

  await registerAndLogIn(page, env, '网吧前台');

  // A card reader: the card number typed fast, then Enter.
  const card = page.getByTestId('member-input');
  await card.click();
  await card.pressSequentially('VIP9001', { delay: 5 });
  await card.press('Enter');
  await expect(page.getByTestId('member-name')).toHaveText('李四');
  await expect(page.getByTestId('member-balance')).toHaveText(money(5_000));

  // The snack, scanned into the search box; the seat it goes to.
  const search = page.getByTestId('search-input');
  await search.click();
  await search.pressSequentially(DEMO.sampleProduct.barcode!, { delay: 5 });
  await search.press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  // an emoji would print as a box on the receipt: the reason shows at once; a plain seat clears it
  await page.getByTestId('seat-input').fill('A23☕');
  await expect(page.getByTestId('seat-problem')).toContainText('表情');
  await page.getByTestId('seat-input').fill('A23');
  await expect(page.getByTestId('seat-problem')).toHaveCount(0);
  const paid = DEMO.sampleProduct.price - memberDiscountFen(DEMO.sampleProduct.price, 9_000);
  await expect(page.getByTestId('cart-total')).toHaveText(money(paid));
  await expect(page.getByTestId('member-discount')).toBeVisible();
  await page.screenshot({ path: 'test-results/member-sale.png' });

  // 挂单 with the member and seat: the member box empties with the cart; 取单 brings the member back too
  await page.getByTestId('park').click();
  await expect(page.getByTestId('cart-empty')).toBeVisible();
  await expect(page.getByTestId('member-name')).toHaveCount(0);
  await expect(page.getByTestId('seat-input')).toHaveValue('');
  await page.getByTestId('open-parked').click();
  await page.getByTestId('parked-dialog').getByTestId('parked-recall').click();
  await expect(page.getByTestId('member-name')).toHaveText('李四');
  await expect(page.getByTestId('member-balance')).toHaveText(money(5_000));
  await expect(page.getByTestId('seat-input')).toHaveValue('A23');
  await expect(page.getByTestId('cart-total')).toHaveText(money(paid));

  await page.getByTestId('pay-member').click();
  const done = page.getByTestId('sale-complete');
  await expect(done).toBeVisible();
  await expect(done.getByTestId('order-total')).toHaveText(money(paid));
  await page.screenshot({ path: 'test-results/member-paid.png' });

  // The cloud: the order once, with its member payment and seat; the member's balance down by what was paid.
  await expect
    .poll(
      async () =>
        Number(
          (
            await db.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM orders WHERE payload->'payments'->0->>'memberId' = $1",
              [memberId],
            )
          ).rows[0]!.n,
        ),
      { timeout: 30_000 },
    )
    .toBe(1);
  const { rows } = await db.query<{ payload: { payments: unknown[]; seat?: string; discount: number } }>(
    "SELECT payload FROM orders WHERE payload->'payments'->0->>'memberId' = $1",
    [memberId],
  );
  expect(rows[0]!.payload).toMatchObject({
    seat: 'A23',
    discount: DEMO.sampleProduct.price - paid,
    payments: [{ method: 'member', amount: paid, memberId }],
  });
  expect((await memberBalance(db, memberId)).balance).toBe(5_000 - paid);
  expect(problems).toEqual([]);
});

// 办卡 / 记录 / 退款 at the counter: a phone number nobody has is typed, 办卡 opens prefilled with it; the
// card is issued and topped up with cash in the same flow; a snack is paid from the card; 记录 lists the
// payment and the top-up, newest first, with the balance after each; part of the payment is refunded onto
// the card; the cloud holds one member with exactly that balance.
test('a cashier issues a card at the counter, tops it up, sees its history and refunds a payment onto it', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const db = env.cloud.db;
  await registerAndLogIn(page, env, '网吧前台'); // the demo café cashier as seeded

  // Nobody has this phone (typed with a Chinese IME in full-width mode: ０-９): 办卡, prefilled with it.
  const find = page.getByTestId('member-input');
  await find.fill('１３６００００２２２２');
  await find.press('Enter');
  await expect(page.getByTestId('member-none')).toBeVisible();
  await page.getByTestId('member-issue').click();
  await expect(page.getByTestId('member-issue-phone')).toHaveValue('13600002222');
  await page.getByTestId('member-issue-cardNo').fill('NB9001');
  await page.getByTestId('member-issue-name').fill('赵六');
  await page.getByTestId('member-issue-level').fill('银卡');
  await page.getByTestId('member-issue-discount').fill('9.5');
  await page.getByTestId('member-issue-confirm').click();
  await expect(page.getByTestId('member-name')).toHaveText('赵六');
  await expect(page.getByTestId('member-balance')).toHaveText(money(0));

  // The first cash top-up follows in the same flow, below the notice that says to fill it in below.
  await expect(page.getByTestId('member-topup-done')).toContainText('下方');
  const notice = (await page.getByTestId('member-topup-done').boundingBox())!;
  const form = (await page.getByTestId('member-topup-form').boundingBox())!;
  expect(form.y).toBeGreaterThanOrEqual(notice.y + notice.height - 1);
  await page.getByTestId('member-topup-amount').fill('50');
  await page.getByTestId('member-topup-tendered').fill('100');
  await expect(page.getByTestId('member-topup-change')).toHaveText(money(5_000));
  await page.getByTestId('member-topup-confirm').click();
  await expect(page.getByTestId('member-balance')).toHaveText(money(5_000));
  const { rows: made } = await db.query<{ id: string; phone: string; level: string; discount_bps: number }>(
    "SELECT id, phone, level, discount_bps FROM members WHERE card_no = 'NB9001'",
  );
  expect(made).toMatchObject([{ phone: '13600002222', level: '银卡', discount_bps: 9_500 }]);
  const memberId = made[0]!.id;

  // A snack paid from the card (5% off), uploaded to the cloud.
  const search = page.getByTestId('search-input');
  await search.click();
  await search.pressSequentially(DEMO.sampleProduct.barcode!, { delay: 5 });
  await search.press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  const paid = DEMO.sampleProduct.price - memberDiscountFen(DEMO.sampleProduct.price, 9_500);
  await page.getByTestId('pay-member').click();
  await expect(page.getByTestId('sale-complete')).toBeVisible();
  await expect
    .poll(
      async () =>
        (
          await db.query(
            "SELECT 1 FROM ledger_transfers WHERE code = 'member_offline_spend' AND ref LIKE 'order:%' AND debit_account_id IN (SELECT account_id FROM members WHERE id = $1)",
            [memberId],
          )
        ).rows.length,
      { timeout: 30_000 },
    )
    .toBe(1);
  await page.getByTestId('next-customer').click();

  // 记录: newest first, kind, amount, balance after.
  await find.fill('NB9001');
  await find.press('Enter');
  await expect(page.getByTestId('member-name')).toHaveText('赵六');
  await page.getByTestId('member-history-open').click();
  const entries = page.getByTestId('member-history-entry');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toHaveAttribute('data-kind', 'spend');
  await expect(entries.nth(0)).toHaveAttribute('data-fen', String(-paid));
  await expect(entries.nth(0).getByTestId('member-history-balance')).toContainText(money(5_000 - paid));
  await expect(entries.nth(1)).toHaveAttribute('data-kind', 'topup');
  await expect(entries.nth(1).getByTestId('member-history-balance')).toContainText(money(5_000));
  await page.screenshot({ path: 'test-results/member-history.png' });

  // 退款: ¥1.00 of the payment back onto the card.
  await entries.nth(0).getByTestId('member-refund').click();
  await page.getByTestId('member-refund-amount').fill('1');
  await page.getByTestId('member-refund-confirm').click();
  await expect(page.getByTestId('member-refund-done')).toBeVisible();
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toHaveAttribute('data-kind', 'refund');
  await expect(page.getByTestId('member-balance')).toHaveText(money(5_000 - paid + 100));
  expect((await memberBalance(db, memberId)).balance).toBe(5_000 - paid + 100);
  expect((await db.query("SELECT 1 FROM members WHERE card_no = 'NB9001'")).rows).toHaveLength(1);
  expect(problems).toEqual([]);
});
