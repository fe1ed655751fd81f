// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts). Every counter screen at the two screen sizes counters have (1366×768,
// 1024×768), in Chinese and in English, with the longest header there is: a long outlet, device and
// employee name, the owner's extra buttons, the offline text with an unsent order, and the tender with a
// payment code waiting. e2e/layout.ts says
// what is measured. SHOTS_DIR=<folder> also saves a screenshot of each screen there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { topUp } from '../cloud/members/ledger';
import { createMember, publishMember, zNewMember } from '../cloud/members/store';
import { demoCode } from '../cloud/payments/demo/outcomes';
import { DEMO } from '../cloud/seed/demo';
import { expect, test } from './fixtures';
import { COUNTER_SIZES, cutWords, layoutProblems, visibleChars, type LayoutCheck } from './layout';

test.use({ envOptions: { proxy: true } });

const LONG = {
  outlet: '星光网咖（上海市徐汇区漕河泾开发区宜山路旗舰店）',
  device: '前台收银二号机（靠窗吧台左侧）',
  employee: '欧阳王老板娘大掌柜',
};

for (const locale of ['zh-CN', 'en'] as const) {
  test(`${locale}: every screen fits 1366×768 and 1024×768 with long names, the owner's buttons and the offline text`, async ({
    page,
    env,
  }) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.addInitScript((lang) => localStorage.setItem('pos.language', lang), locale);
    const db = env.cloud.db;
    await db.query('UPDATE organizations SET name = $1 WHERE id = $2', [LONG.outlet, DEMO.outletId]);
    await db.query('UPDATE employees SET name = $1 WHERE id = $2', [LONG.employee, DEMO.master.id]);
    await db.tx(async (q) => {
      const m = await createMember(
        q,
        DEMO.outletId,
        zNewMember.parse({
          cardNo: 'VIP7001',
          phone: '13700007001',
          name: '诸葛长名会员',
          level: '白金卡',
          discountBps: 9_000,
        }),
        Date.now(),
      );
      await topUp(q, m, uuidv7(), 10_000, Date.now());
      await publishMember(q, m, Date.now());
    });

    /** Checks the screen at both sizes (waiting for late content to settle), ending at the larger one. */
    const atBothSizes = async (name: string, check: LayoutCheck = {}) => {
      for (const size of [...COUNTER_SIZES].reverse()) {
        await page.setViewportSize(size);
        await expect
          .poll(() => layoutProblems(page, check), { message: `${name} at ${size.width}×${size.height}` })
          .toEqual([]);
        await shoot(page, `${locale}-${size.width}-${name}`);
      }
    };

    await page.goto(env.host.url);
    await expect(page.getByTestId('register-submit')).toBeVisible();
    await atBothSizes('register', { visible: ['register-submit'] });
    await page.getByTestId('register-username').fill(DEMO.master.username);
    await page.getByTestId('register-password').fill(DEMO.master.password);
    await page.getByTestId('register-device-name').fill(LONG.device);
    await page.getByTestId('register-submit').click();

    await expect(page.getByTestId('login-submit')).toBeVisible();
    await atBothSizes('login', { visible: ['login-submit'] });
    await page.getByTestId('login-username').fill(DEMO.master.username);
    await page.getByTestId('login-password').fill(DEMO.master.password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('back-office')).toBeVisible();
    await expect
      .poll(async () => Number((await page.getByTestId('catalog-count').getAttribute('data-count')) || 0), {
        timeout: 60_000,
      })
      .toBeGreaterThan(0);

    // The sale screen with a member attached: cash AND stored-value pay buttons under the member box.
    const ringUp = async () => {
      await page.getByTestId('search-input').fill(DEMO.sampleBarcode);
      await page.getByTestId('search-input').press('Enter');
      await expect(page.getByTestId('cart-line')).toHaveCount(1);
    };
    await page.getByTestId('member-input').fill('VIP7001');
    await page.getByTestId('member-input').press('Enter');
    await expect(page.getByTestId('member-name')).toBeVisible();
    await ringUp();
    await page.getByTestId('seat-input').fill('A23');
    // Chinese text is drawn with a Chinese font from the stack, never a fallback that shows boxes.
    expect(await platformFonts(page, '[data-testid="cart-line"] .cart__title')).toEqual(
      expect.arrayContaining([expect.stringMatching(/YaHei|SimHei|PingFang|Noto Sans CJK|Source Han|WenQuanYi/)]),
    );
    await atBothSizes('sale-member', { visible: ['pay-button', 'pay-member', 'tendered-input', 'search-input'] });
    await page.getByTestId('pay-member').click(); // a real click: nothing covers it
    await expect(page.getByTestId('sale-complete')).toBeVisible();
    await atBothSizes('sale-complete', { visible: ['next-customer'] });
    await page.getByTestId('next-customer').click();

    // A payment code waiting for the customer's password (…1002 never confirms): its part, its state, the
    // amount due and the pay button all on screen — the tender column fits 768 px; then Esc takes it back.
    await ringUp();
    await page.getByTestId('search-input').fill(demoCode('wechat', '1002'));
    await page.getByTestId('search-input').press('Enter');
    await expect(page.getByTestId('codepay')).toHaveAttribute('data-phase', 'confirmOnPhone', { timeout: 30_000 });
    await atBothSizes('sale-code-waiting', {
      visible: ['pay-status', 'tender-part', 'code-cancel', 'cart-total', 'pay-button', 'search-input'],
    });
    // 取消收款 beside the static QR buttons: 支付宝收款码 still reads whole
    for (const size of COUNTER_SIZES) {
      await page.setViewportSize(size);
      expect(
        await cutWords(page, [
          'code-input',
          'part-amount',
          'static-wechat_static',
          'static-alipay_static',
          'tender-cancel',
        ]),
        `${locale} waiting at ${size.width}×${size.height}`,
      ).toEqual([]);
    }
    await page.getByTestId('search-input').press('Escape');
    await expect(page.getByTestId('codepay')).toHaveAttribute('data-phase', 'reversed', { timeout: 30_000 });
    await atBothSizes('sale-code-reversed', {
      visible: ['pay-status', 'code-input', 'static-wechat_static', 'tendered-input', 'pay-button'],
    });
    // the tender's fields and buttons read whole at both sizes: the code's placeholder, this part's amount,
    // the cash field's "empty = exact", the static QR buttons (支付宝收款码 is the longest); the member box's
    // "card, phone, last digits or name" and the seat's example above them; the top-up tab's name with its F6
    const tenderWords = [
      'code-input',
      'part-amount',
      'tendered-input',
      'static-wechat_static',
      'static-alipay_static',
      'member-input',
      'seat-input',
      'tab-topup',
    ];
    for (const size of COUNTER_SIZES) {
      await page.setViewportSize(size);
      expect(await cutWords(page, tenderWords), `${locale} at ${size.width}×${size.height}`).toEqual([]);
    }
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('sale-complete')).toBeVisible();
    await page.getByTestId('next-customer').click();

    // Offline: the network drops, a cash sale waits in the outbox, the header says so at length.
    env.proxy!.setDown(true);
    await ringUp();
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('sale-complete')).toBeVisible();
    await page.getByTestId('next-customer').click();
    await page.getByTestId('sync-indicator').click();
    await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', /offline|error/);
    await expect(page.getByTestId('sync-reason')).toBeVisible();
    await ringUp();
    await atBothSizes('sale-offline', { visible: ['pay-button', 'search-input', 'logout', 'language-switch'] });
    // At 1366 (the larger size, where atBothSizes ends) the names get the room, in English too: none of the
    // outlet, till and cashier is cut to fewer than ten characters, even with the offline text and the
    // owner's buttons beside them; the label is the tooltip (and read aloud), not text in the bar.
    for (const id of ['org-name', 'device-name', 'current-user']) {
      const shown = await visibleChars(page, id);
      expect(shown.visible, `${id} "${shown.text}" at 1366 in ${locale}`).toBeGreaterThanOrEqual(
        Math.min(10, shown.text.length),
      );
    }
    const tooltip = await page.getByTestId('sync-indicator').getAttribute('title');
    expect(tooltip).toContain(await page.getByTestId('sync-reason').textContent());
    expect(await page.getByTestId('org-name').getAttribute('title')).toContain(LONG.outlet);
    env.proxy!.setDown(false);
    await page.getByTestId('sync-indicator').click();
    await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'online');

    // The shift dialog (the sale opened a shift by itself): every action reachable.
    await page.getByTestId('shift-button').click();
    await expect(page.getByTestId('shift-expected')).toBeVisible();
    await atBothSizes('shift', { reachable: ['shift-move', 'shift-close', 'shift-dismiss'] });
    await page.getByTestId('shift-dismiss').click();

    // The back office: every tab, its tab bar one row inside the screen.
    await page.getByTestId('back-office').click();
    const tabs: string[] = [];
    for (const el of await page.locator('[data-testid^="owner-tab-"]').all())
      tabs.push((await el.getAttribute('data-testid'))!);
    expect(tabs.length).toBeGreaterThanOrEqual(8);
    for (const tab of tabs) {
      await page.getByTestId(tab).click();
      await expect(page.getByTestId(tab)).toHaveAttribute('aria-selected', 'true');
      await atBothSizes(tab, { visible: [...tabs, 'owner-close'] });
    }
    expect(problems).toEqual([]);
  });
}

/** The fonts Chromium actually used to draw a node's text (DevTools protocol: CSS.getPlatformFontsForNode). */
async function platformFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => f.familyName);
  } finally {
    await cdp.detach();
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
