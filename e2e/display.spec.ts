// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend, the
// real cloud and its demo payment provider. The customer display (客显): a second page opened with its own
// token beside the till; it follows the cart as the cashier scans and changes a quantity, shows the change of
// a cash sale, gives way to the greeting, and asks the customer to confirm on their phone while a WeChat code
// waits for the password (scanned into the till's payment-code box). Its connection hears nothing but
// display.changed.
// SHOTS_DIR=<folder> saves the display at both counter sizes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { demoCode } from '../cloud/payments/demo/outcomes';
import { DEMO } from '../cloud/seed/demo';
import { money, plainYuan } from '../renderer/format';
import { DONE_SHOW_MS } from '../renderer/state/customerDisplay';
import { expect, registerAndLogIn, test } from './fixtures';
import { COUNTER_SIZES } from './layout';

async function shoot(display: Page, name: string): Promise<void> {
  if (!process.env.SHOTS_DIR) return;
  mkdirSync(process.env.SHOTS_DIR, { recursive: true });
  for (const size of [...COUNTER_SIZES].reverse()) {
    await display.setViewportSize(size);
    // nothing of the display may spill out of the screen
    expect(
      await display.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
      `${name} overflows at ${size.width}`,
    ).toBe(true);
    await display.screenshot({ path: join(process.env.SHOTS_DIR, `display-${name}-${size.width}.png`) });
  }
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`${locale}: the customer display follows the cart, shows the change, greets, and asks to confirm on the phone`, async ({
    page,
    env,
  }) => {
    const problems: string[] = [];
    await page.addInitScript((lang) => localStorage.setItem('pos.language', lang), locale);
    await registerAndLogIn(page, env);

    const display = await page.context().newPage();
    display.on('pageerror', (e) => problems.push(`display pageerror: ${e.message}`));
    // the display's connection carries display.changed and nothing else
    display.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        const frame = JSON.parse(String(f.payload)) as { type: string; event?: string };
        if (frame.type === 'event' && frame.event !== 'display.changed') problems.push(`display heard ${frame.event}`);
      }),
    );
    await display.clock.install();
    await display.goto(env.host.displayUrl);
    const shown = display.getByTestId('cdisplay');
    await expect(shown).toHaveAttribute('data-phase', 'idle');
    await expect(display.getByTestId('cdisplay-welcome')).toHaveText(locale === 'en' ? 'Welcome' : '欢迎光临');
    await shoot(display, `${locale}-idle`);

    // scan: the line and the total appear on the display
    const price = DEMO.sampleProduct.price;
    await page.getByTestId('search-input').fill(DEMO.sampleBarcode);
    await page.keyboard.press('Enter');
    await expect(shown).toHaveAttribute('data-phase', 'cart');
    await expect(display.getByTestId('cdisplay-line')).toHaveCount(1);
    await expect(display.getByTestId('cdisplay-line')).toContainText(DEMO.sampleProduct.name);
    await expect(display.getByTestId('cdisplay-total')).toHaveText(money(price));

    // + on the till: the quantity and the amount due follow
    await page.getByTestId('cart-line').first().getByTestId('qty-increase').click();
    await expect(display.getByTestId('cdisplay-line-qty')).toHaveText('×2');
    await expect(display.getByTestId('cdisplay-total')).toHaveText(money(2 * price));
    await expect(display.getByTestId('cdisplay-due')).toHaveText(money(2 * price));
    await shoot(display, `${locale}-cart`);

    // pay ¥100 cash: the change is on the display
    await page.getByTestId('tendered-input').fill(plainYuan(10_000));
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('sale-complete')).toBeVisible();
    await expect(shown).toHaveAttribute('data-phase', 'done');
    await expect(display.getByTestId('cdisplay-change')).toHaveText(money(10_000 - 2 * price));
    await expect(display.getByTestId('cdisplay-thanks')).toBeVisible();
    await shoot(display, `${locale}-done`);

    // the next customer is greeted once the change has been up long enough
    await display.clock.runFor(DONE_SHOW_MS + 1_000);
    await expect(shown).toHaveAttribute('data-phase', 'idle');

    // a WeChat code whose customer must enter the password: "confirm on your phone" until it is paid
    await page.getByTestId('search-input').fill(DEMO.sampleBarcode);
    await page.keyboard.press('Enter');
    await expect(display.getByTestId('cdisplay-line')).toHaveCount(1);
    await page.getByTestId('code-input').fill(demoCode('wechat', '1001'));
    await page.getByTestId('code-input').press('Enter');
    await expect(display.getByTestId('cdisplay-confirm')).toHaveText(
      locale === 'en' ? 'Please confirm on your phone' : '请在手机上确认付款',
    );
    await expect(shown).toHaveAttribute('data-phase', 'paying');
    await shoot(display, `${locale}-confirm`);
    await expect(shown).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    await expect(display.getByTestId('cdisplay-confirm')).toHaveCount(0);
    await expect(display.getByTestId('cdisplay-part')).toContainText(money(price));

    expect(problems).toEqual([]);
  });
}
