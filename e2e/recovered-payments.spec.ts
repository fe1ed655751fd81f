// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend, the
// real cloud and the demo payment provider. The till closes (a power cut, a crash) while the customer is still
// typing their WeChat password; when it starts again it settles that payment by itself (the password was
// entered: the sale completes at start) and the counter says so — which sale, its receipt number — until the
// cashier acknowledges it. SHOTS_DIR=<folder> saves shots.
import type { Page } from '@playwright/test';
import { demoCode } from '../cloud/payments/demo/outcomes';
import { DEMO, demoCatalog } from '../cloud/seed/demo';
import { startWebHost } from '../electron/web-host';
import { expect, registerAndLogIn, test } from './fixtures';
import { shootAtCounterSizes } from './layout';

const snack = demoCatalog().products.find(
  (p) => p.kind === 'physical' && p.active && !!p.barcode && p.price >= 300 && p.price <= 1_000,
)!;
/** the provider answers after 3 s: the till closes while the code still waits */
test.use({ envOptions: { payLatencyMs: 3_000, payPollMs: 1_000 } });
const SLOW = { timeout: 60_000 };

async function logIn(page: Page) {
  await page.getByTestId('login-username').fill(DEMO.cashier.username);
  await page.getByTestId('login-password').fill(DEMO.cashier.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('search-input')).toBeVisible();
}

test('a payment under way when the till closed is settled at the next start, and the cashier is told once', async ({
  page,
  env,
}) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '收银台 1');
  const search = page.getByTestId('search-input');
  await search.fill(snack.barcode!);
  await search.press('Enter');
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-fen', String(snack.price));
  // …1001: the customer must type the password; the provider says paid after that
  await search.fill(demoCode('wechat', '1001'));
  await search.press('Enter');
  await expect(page.getByTestId('codepay')).toHaveAttribute('data-phase', /sending|confirmOnPhone|waiting/, SLOW);
  await expect(page.getByTestId('recovered-payments')).toHaveCount(0);

  // the till goes down mid-payment, and is started again on the same data folder
  await env.host.close();
  env.host = await startWebHost({ dataDir: env.posDir, cloudUrl: env.cloud.url, rendererDir: 'dist/renderer' });
  await page.goto(env.host.url);
  await logIn(page);

  // settled by itself: the paid code covered the total, so the sale completed at start — and the counter says so
  const line = page.getByTestId('recovered-payment');
  await expect(line).toHaveAttribute('data-outcome', 'sold', SLOW);
  await expect(line).toContainText(`¥${(snack.price / 100).toFixed(2)} 已成交，单号`);
  await shootAtCounterSizes(page, 'zh-recovered-payment');
  await page.getByTestId('language-switch').selectOption('en');
  await expect(line).toContainText(`¥${(snack.price / 100).toFixed(2)} sold, receipt`);
  await shootAtCounterSizes(page, 'en-recovered-payment');
  await page.getByTestId('language-switch').selectOption('zh-CN');
  // the cloud: the payment is used by exactly that sale
  await expect
    .poll(
      async () =>
        (
          await env.cloud.db.query<{ status: string; used_kind: string | null }>(
            `SELECT status, used_kind FROM payments WHERE code_masked LIKE '%1001'`,
          )
        ).rows,
      SLOW,
    )
    .toEqual([{ status: 'paid', used_kind: 'order' }]);

  // acknowledged once: gone, and not back after a reload
  await page.getByTestId('recovered-ok').click();
  await expect(page.getByTestId('recovered-payments')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('search-input')).toBeVisible(SLOW);
  await expect(page.getByTestId('recovered-payments')).toHaveCount(0);
  expect(problems).toEqual([]);
});
