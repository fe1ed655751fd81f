// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend, the
// real cloud and its demo payment provider. The owner's 资金 tab: the day's takings by method after a cash sale
// rung up at this counter (change taken off), and 对账 — the day's WeChat Pay bill downloaded and compared, a
// payment the provider lists and the cloud never took shown with what to do, the aggregator's missing bill API
// said as such. SHOTS_DIR=<folder> saves the tab at both counter sizes.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beijingDate } from '../cloud/payments/reconcile';
import { DEMO } from '../cloud/seed/demo';
import { money, plainYuan } from '../renderer/format';
import { expect, registerAndLogIn, test } from './fixtures';
import { brokenHeaders, COUNTER_SIZES, layoutProblems } from './layout';

for (const locale of ['zh-CN', 'en'] as const) {
  test(`${locale}: 资金 shows the day's takings by method and reconciles the day's bills`, async ({ page, env }) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.addInitScript((lang) => localStorage.setItem('pos.language', lang), locale);
    await registerAndLogIn(page, env, '收银台', DEMO.master);

    // a cash sale at this counter, ¥100 tendered
    await page.getByTestId('search-input').fill(DEMO.sampleBarcode);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    const total = DEMO.sampleProduct.price;
    await page.getByTestId('tendered-input').fill(plainYuan(10_000));
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('sale-complete')).toBeVisible();

    // the provider's books hold a payment into the outlet's WeChat Pay account that the cloud never took
    const { rows } = await env.cloud.db.query<{ merchant_id: string }>(
      "SELECT merchant_id FROM payment_merchants WHERE outlet_id = $1 AND provider = 'wechatpay'",
      [DEMO.outletId],
    );
    const stranger = 'e'.repeat(32);
    const now = Date.now();
    env.cloud.demoPay!.books.trades.set(`wechatpay:${rows[0]!.merchant_id}:${stranger}`, {
      provider: 'wechatpay',
      merchant: rows[0]!.merchant_id,
      outTradeNo: stranger,
      tradeNo: `4200${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      authCode: '134567890123450000',
      amountFen: 1_250,
      description: '柜台外收款',
      outcome: 'pay',
      state: 'SUCCESS',
      queries: 0,
      createdAt: now,
      paidAt: now,
      reversedAt: null,
      refunds: [],
    });

    await page.getByTestId('back-office').click();
    await page.getByTestId('owner-tab-money').click();
    const takings = page.getByTestId('takings-panel');
    await expect(page.getByTestId('takings-from')).toHaveValue(beijingDate(Date.now()));
    // the order reaches the cloud from the outbox in its own time: refresh until it is counted
    await expect
      .poll(
        async () => {
          await page.getByTestId('takings-refresh').click();
          return Number(await takings.getByTestId('takings-cash').getAttribute('data-net'));
        },
        { timeout: 30_000 },
      )
      .toBe(total);
    await expect(takings.getByTestId('takings-total')).toContainText(money(total));
    await expect(takings.getByTestId('takings-empty')).toHaveCount(0);

    // a day with nothing says why it is empty
    await page.getByTestId('takings-from').fill('2020-01-01');
    await page.getByTestId('takings-to').fill('2020-01-01');
    await expect(takings.getByTestId('takings-empty')).toBeVisible();
    await page.getByTestId('takings-to').fill(beijingDate(Date.now()));
    await page.getByTestId('takings-from').fill(beijingDate(Date.now()));

    // 对账: yesterday by default, not downloaded; today's bill downloaded now
    const recon = page.getByTestId('recon-panel');
    await expect(page.getByTestId('recon-date')).toHaveValue(beijingDate(Date.now() - 86_400_000));
    await page.getByTestId('recon-date').fill(beijingDate(Date.now()));
    await page.getByTestId('recon-fetch').click();
    const wechat = recon.getByTestId('recon-wechatpay');
    await expect(wechat).toHaveAttribute('data-diffs', '1');
    const diff = wechat.getByTestId('recon-diff');
    await expect(diff).toHaveAttribute('data-kind', 'onlyInBill');
    await expect(diff).toContainText(stranger);
    await expect(diff).toContainText(money(1_250));
    await expect(recon.getByTestId('recon-alipay').getByTestId('recon-all-match')).toBeVisible();
    await expect(recon.getByTestId('recon-aggregator').getByTestId('recon-status')).not.toBeEmpty();

    for (const size of [...COUNTER_SIZES].reverse()) {
      await page.setViewportSize(size);
      await expect
        .poll(() => layoutProblems(page, {}), { message: `资金 at ${size.width}×${size.height}` })
        .toEqual([]);
      // every table of the tab (加款, takings, shifts, refunds…) keeps its one-word headers on one line
      expect(await brokenHeaders(page), `资金 headers at ${size.width}×${size.height}`).toEqual([]);
      if (process.env.SHOTS_DIR) {
        mkdirSync(process.env.SHOTS_DIR, { recursive: true });
        await takings.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(process.env.SHOTS_DIR, `${locale}-${size.width}-money-takings.png`) });
        await recon.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(process.env.SHOTS_DIR, `${locale}-${size.width}-money-recon.png`) });
      }
    }
    expect(problems).toEqual([]);
  });
}
