// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend and
// the real cloud. The café owner's 会员 tab in the back office: an overdraft an offline sale left behind is
// written off under the super password (and then listed as 已核销 with who did it); a member with stored value
// is closed (销卡) with the cash refunded, disappears from the search and is found again with 包括已销卡的会员;
// a deposit the channel never confirmed shows as expired in 资金.
import { randomUUID } from 'node:crypto';
import { expireDeposits, startDeposit } from '../cloud/deposits/ledger';
import { createTransfers } from '../cloud/ledger';
import { lockMember, memberOverdraftId, outletMemberCashId, topUp } from '../cloud/members/ledger';
import { createMember, publishMember, zNewMember } from '../cloud/members/store';
import { DEMO } from '../cloud/seed/demo';
import { confirmSuper, expect, registerAndLogIn, test } from './fixtures';

const SUPER = '网吧老板超级密码';
const SHOTS = 'test-results/member-admin';

test('会员 tab: write off an overdraft, close a card with a cash refund; an expired deposit in 资金', async ({
  page,
  env,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  const db = env.cloud.db;
  const now = Date.now();
  // The cloud as a café has it: a member who owes ¥15.00 from an offline sale (what sync records), one
  // holding ¥30.00, and a deposit started two days ago that its channel never confirmed.
  const debtor = await db.tx(async (q) => {
    const m = await createMember(
      q,
      DEMO.outletId,
      zNewMember.parse({ cardNo: 'VIP7001', name: '欠款小王', offlineAllowance: 2_000 }),
      now,
    );
    await createTransfers(
      q,
      [
        {
          id: randomUUID(),
          debitAccountId: memberOverdraftId(m.id),
          creditAccountId: outletMemberCashId(DEMO.outletId),
          amount: 1_500,
          code: 'member_offline_overdraft',
          ref: 'order e2e',
        },
      ],
      now,
    );
    await q.query(
      "INSERT INTO member_overdrafts (id, member_id, outlet_id, amount, ref, detected_at) VALUES ($1, $2, $3, 1500, 'order P01-000042', $4)",
      [randomUUID(), m.id, DEMO.outletId, now],
    );
    await publishMember(q, m, now);
    return m;
  });
  await db.tx(async (q) => {
    const m = await createMember(
      q,
      DEMO.outletId,
      zNewMember.parse({ cardNo: 'VIP7002', phone: '13700007002', name: '退卡小李' }),
      now,
    );
    await topUp(q, await lockMember(q, DEMO.outletId, m.id), randomUUID(), 3_000, now);
    await publishMember(q, m, now);
  });
  const twoDaysAgo = now - 48 * 3_600_000;
  await db.tx((q) =>
    startDeposit(
      q,
      { id: randomUUID(), outletId: DEMO.outletId, channelId: 'wechat', amount: 20_000, employeeId: DEMO.master.id },
      twoDaysAgo,
    ),
  );
  expect(await expireDeposits(db, now)).toHaveLength(1);

  await registerAndLogIn(page, env, '网吧前台', DEMO.master);

  // the owner sets a super password (我的安全)
  await page.getByTestId('back-office').click();
  await page.getByTestId('owner-tab-me').click();
  await page.getByTestId('me-login-password').fill(DEMO.master.password);
  await page.getByTestId('me-new-super').fill(SUPER);
  await page.getByTestId('me-again-super').fill(SUPER);
  await page.getByTestId('me-super-save').click();
  await expect(page.getByTestId('super-message')).toHaveText('超级密码已保存。');

  // 会员 → 会员透支: the open overdraft, written off
  await page.getByTestId('owner-tab-members').click();
  const list = page.getByTestId('overdraft-list');
  await expect(list).toContainText('VIP7001');
  await expect(list).toContainText('¥15.00');
  await expect(list).toContainText('未处理');
  await page.screenshot({ path: `${SHOTS}/1-overdrafts.png` });
  await list.getByRole('button', { name: '核销' }).click();
  await expect(page.getByTestId('writeoff-summary')).toContainText('目前共欠 ¥15.00');
  await page.screenshot({ path: `${SHOTS}/2-write-off.png` });
  await confirmSuper(page, SUPER);
  await expect(page.getByTestId('overdraft-notice')).toHaveText('已核销 欠款小王 的欠款 ¥15.00。');
  await expect(list).toContainText('没有透支记录。');
  await page.getByTestId('overdraft-filter-resolved').click();
  await expect(list).toContainText('已核销');
  await expect(list).toContainText('VIP7001');

  // 销卡 with the stored value handed back in cash
  await page.getByTestId('member-admin-query').fill('VIP7002');
  await page.getByTestId('member-admin-search').click();
  const row = page.getByTestId('member-admin-VIP7002');
  await expect(row).toContainText('¥30.00');
  await expect(row).toContainText('正常');
  await row.getByTestId('member-close-VIP7002').click();
  await expect(page.getByTestId('close-summary')).toContainText('卡内余额 ¥30.00');
  await expect(page.getByTestId('close-refund')).toBeChecked();
  await page.screenshot({ path: `${SHOTS}/3-close.png` });
  await confirmSuper(page, SUPER);
  await expect(page.getByTestId('member-admin-notice')).toHaveText('已为 退卡小李 销卡，请退还现金 ¥30.00。');
  await expect(page.getByTestId('member-admin-list')).toContainText('没有找到会员。');
  await page.getByTestId('member-admin-closed').check();
  await page.getByTestId('member-admin-search').click();
  await expect(row).toContainText('已销卡');
  await expect(row.getByTestId('member-close-VIP7002')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/4-closed.png` });
  expect(
    (await db.query<{ closed_at: string | null }>("SELECT closed_at FROM members WHERE card_no = 'VIP7002'")).rows[0]!
      .closed_at,
  ).not.toBeNull();

  // 资金: the deposit that was never confirmed says so
  await page.getByTestId('owner-tab-money').click();
  await expect(page.getByTestId('deposit-list')).toContainText('已过期（未确认）');
  await page.screenshot({ path: `${SHOTS}/5-deposit-expired.png` });

  expect(debtor.card_no).toBe('VIP7001');
  expect(problems).toEqual([]);
});
