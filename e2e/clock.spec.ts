// Runtime: Node (Playwright) driving the real renderer in Chromium, against web-host, the real backend and
// the real cloud (e2e/fixtures.ts). One clock on screen: the browser runs in New York, the outlet is in
// Shanghai (the default), and every time the owner sees — the header's last sync, the shift dialog, 最近充值,
// the back office's device list and audit log — is Shanghai's, to the figure the till and cloud hold.
import { DEMO } from '../cloud/seed/demo';
import type { MethodName, MethodOutput } from '../shared/api/contract';
import { formatInZone } from '../shared/time';
import { expect, registerAndLogIn, test, type PosEnv } from './fixtures';

test.use({ timezoneId: 'America/New_York', envOptions: { supplier: 'succeeds', funded: true } });

const SH = 'Asia/Shanghai';

/** the till's own answer (what the screen was given), straight from the backend in this process */
async function till<M extends MethodName>(env: PosEnv, method: M, input: object = {}): Promise<MethodOutput<M>> {
  const r = await env.host.backend.call(method, input as never);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<M>;
}

test('a browser in New York shows every time on the Shanghai outlet’s clock', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await registerAndLogIn(page, env, '前台 1', DEMO.master);
  // the browser really is elsewhere: its own clock would be 12–13 hours off
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');

  // 最近充值: a top-up, listed with the time it was sold
  await page.getByTestId('tab-topup').click();
  await page.getByTestId('topup-phone').fill('13800138000');
  await page.getByTestId('topup-face-100').click();
  await page.getByTestId('topup-confirm').click();
  await page.getByTestId('topup-submit').click();
  await expect(page.getByTestId('topup-status')).toHaveAttribute('data-status', 'success', { timeout: 30_000 });
  await page.getByTestId('topup-next').click();
  const [sold] = (await till(env, 'virtual.recent', { limit: 1 })).orders;
  await expect(page.getByTestId('recent-time').first()).toHaveText(formatInZone(sold!.submittedAt, SH, 'monthDayTime'));

  // the header's last sync (a cash sale goes up; the pill's tooltip holds the time)
  await page.getByTestId('tab-pay').click();
  await page.getByTestId('search-input').fill(DEMO.sampleBarcode);
  await page.getByTestId('search-input').press('Enter');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('next-customer').click();
  await page.getByTestId('sync-indicator').click();
  await expect
    .poll(async () => {
      const { lastSyncAt } = await till(env, 'sync.status');
      const title = (await page.getByTestId('sync-indicator').getAttribute('title')) ?? '';
      return lastSyncAt !== null && title.includes(formatInZone(lastSyncAt, SH, 'time'));
    })
    .toBe(true);

  // the shift dialog: opened by that sale
  const { shift } = await till(env, 'shift.current');
  await page.getByTestId('shift-button').click();
  await expect(page.getByTestId('shift-opened')).toContainText(formatInZone(shift!.openedAt, SH, 'dateTimeMinute'));
  await page.getByTestId('shift-dismiss').click();

  // the back office: the device list and the audit log, to the second
  await page.getByTestId('back-office').click();
  await page.getByTestId('owner-tab-devices').click();
  const device = await env.cloud.db.query<{ id: string; created_at: string }>(
    "SELECT id, created_at FROM devices WHERE name = '前台 1'",
  );
  await expect(page.getByTestId(`device-${device.rows[0]!.id}`)).toContainText(
    formatInZone(Number(device.rows[0]!.created_at), SH),
  );
  await page.getByTestId('owner-tab-audit').click();
  const first = page.getByTestId('audit-row').first();
  await expect(first).toBeVisible();
  const newest = await env.cloud.db.query<{ at: string }>(
    'SELECT at FROM audit_log WHERE org_id = $1 ORDER BY id DESC LIMIT 1',
    [DEMO.outletId],
  );
  await expect(first.locator('td').first()).toHaveText(formatInZone(Number(newest.rows[0]!.at), SH));
  expect(problems).toEqual([]);
});
