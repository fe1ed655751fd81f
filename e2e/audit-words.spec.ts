// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts). The owner's 审计日志 reads in words at both counter sizes, in zh-CN and
// English: each act by name (注册收银电脑, 登录, a refused request), its details as a sentence, never a
// code or JSON; the kind filter narrows to one kind of act.
import { DEMO } from '../cloud/seed/demo';
import { expect, registerAndLogIn, test } from './fixtures';
import { COUNTER_SIZES, layoutProblems } from './layout';
import type { Page } from '@playwright/test';

const SHOTS = process.env.POS_SHOTS_DIR ?? 'test-results/audit-words';

async function atBothSizes(page: Page, name: string) {
  for (const size of [...COUNTER_SIZES]) {
    await page.setViewportSize(size);
    await expect.poll(() => layoutProblems(page), { message: `${name} at ${size.width}×${size.height}` }).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png` });
  }
}

test('the audit log in words, filtered by kind, in both languages', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '前台 1', DEMO.master);
  await page.getByTestId('back-office').click();
  await page.getByTestId('owner-tab-audit').click();
  const table = page.getByTestId('audit-table');
  const registered = page.locator('[data-testid="audit-row"][data-action="device.register"]').first();
  await expect(registered.getByTestId('audit-action-name')).toHaveText('注册收银电脑');
  await expect(registered.getByTestId('audit-details')).toContainText('名称：前台 1');
  const login = page.locator('[data-testid="audit-row"][data-action="auth.login"]').first();
  await expect(login.getByTestId('audit-action-name')).toHaveText('登录');
  await expect(table).not.toContainText('{"');
  await expect(table).not.toContainText('device.register');
  await atBothSizes(page, 'zh-CN-audit');

  // one kind: only its acts
  await page.getByTestId('audit-kind').selectOption('device');
  await page.getByTestId('audit-search').click();
  await expect(page.locator('[data-testid="audit-row"][data-action="auth.login"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="audit-row"][data-action="device.register"]')).not.toHaveCount(0);
  await page.getByTestId('audit-kind').selectOption('');
  await page.getByTestId('audit-search').click();

  await page.getByTestId('language-switch').selectOption('en');
  await expect(registered.getByTestId('audit-action-name')).toHaveText('Counter PC registered');
  await expect(registered.getByTestId('audit-details')).toContainText('Name: 前台 1');
  await expect(login.getByTestId('audit-action-name')).toHaveText('Log in');
  await atBothSizes(page, 'en-audit');
  expect(problems).toEqual([]);
});
