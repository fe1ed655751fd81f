// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts). Roles match the work: the demo café's cashier, as seeded, serves members;
// a shop cashier (no 会员 permission) sees the member box disabled WITH the reason and the printer settings
// read-only with theirs; a finance clerk (no 收银) gets the reason and the way into the back office instead
// of a sale screen that refuses every scan. Nothing is shown and then refused.
import { DEMO } from '../cloud/seed/demo';
import { hashPassword } from '../cloud/auth/passwords';
import { ROLE_TEMPLATES } from '../shared/permissions';
import { expect, registerAndLogIn, test } from './fixtures';

test('each employee sees the controls of their own work, and the reason for the rest', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const db = env.cloud.db;
  await db.query(
    `INSERT INTO employees (id, org_id, username, name, password_hash, permissions, created_at)
     VALUES (gen_random_uuid(), $1, 'caiwu', '财务小周', $2, $3, 0)`,
    [DEMO.outletId, await hashPassword('caiwu-pass-1'), [...ROLE_TEMPLATES.finance]],
  );

  // The café cashier as seeded: finds a member (nobody has this number: 办卡 is offered, not a refusal).
  await registerAndLogIn(page, env, '网吧前台');
  await page.getByTestId('member-input').fill('13600009999');
  await page.getByTestId('member-input').press('Enter');
  await expect(page.getByTestId('member-none')).toBeVisible();
  await expect(page.getByTestId('member-issue')).toBeEnabled();
  await expect(page.getByTestId('member-error')).toHaveCount(0);
  // the printer belongs to whoever manages devices: read-only here, with the reason
  await page.getByTestId('printer-button').click();
  await expect(page.getByTestId('printer-locked')).toContainText('「设备管理」');
  await expect(page.getByTestId('printer-save')).toBeDisabled();
  await page.getByTestId('printer-settings').getByRole('button', { name: '关闭' }).click();
  await page.getByTestId('logout').click();

  // A shop cashier (the plain cashier role): the member box is disabled with the reason; the seat stays.
  await db.query('UPDATE employees SET permissions = $1 WHERE id = $2', [[...ROLE_TEMPLATES.cashier], DEMO.cashier.id]);
  await page.getByTestId('login-username').fill(DEMO.cashier.username);
  await page.getByTestId('login-password').fill(DEMO.cashier.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('member-input')).toBeDisabled();
  await expect(page.getByTestId('member-locked')).toContainText('「会员」');
  await expect(page.getByTestId('seat-input')).toBeEnabled();
  await page.getByTestId('logout').click();

  // A finance clerk: no sale screen to be refused on — the reason, and the back office their work is in.
  await page.getByTestId('login-username').fill('caiwu');
  await page.getByTestId('login-password').fill('caiwu-pass-1');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('no-sale-access')).toContainText('「收银」');
  await expect(page.getByTestId('search-input')).toHaveCount(0);
  await page.getByTestId('no-sale-back-office').click();
  await expect(page.getByTestId('owner-tab-money')).toBeVisible();
  expect(problems).toEqual([]);
});
