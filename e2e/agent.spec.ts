// Runtime: Node (Playwright) driving the real renderer in Chromium against web-host, the real POS backend
// and the real cloud. The agent's (区代) PC: registered with the agent's account it shows the agent back
// office instead of the sale screen (no catalog, no sync state); the agent sets a super password on the
// 我的安全 tab, sees the demo outlet and its goods sources, raises one top-up's markup with the super password
// (the outlet's cost follows), switches that source off and back on for the outlet, and adds a category to
// the outlet's tree.
import { DEMO, demoCatalog } from '../cloud/seed/demo';
import { confirmSuper, expect, test } from './fixtures';

const SUPER = '区代超级密码1';
const SHOTS = 'test-results/agent';
const cmcc100 = demoCatalog().sources.find(
  (s) => s.kind === 'topup' && s.carrier === 'cmcc' && s.faceValue === 10_000 && !('regions' in s && s.regions),
)!;

test('the agent PC: outlets, a markup with the super password, a source off and on', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()}`);
  });
  await page.goto(env.host.url);

  // register this PC with the agent's master account, then log in
  await page.getByTestId('register-username').fill(DEMO.agentMaster.username);
  await page.getByTestId('register-password').fill(DEMO.agentMaster.password);
  await page.getByTestId('register-device-name').fill('区代办公室');
  await page.getByTestId('register-submit').click();
  await page.getByTestId('login-username').fill(DEMO.agentMaster.username);
  await page.getByTestId('login-password').fill(DEMO.agentMaster.password);
  await page.getByTestId('login-submit').click();

  // the agent back office, not the counter: the top bar names the agent, no catalog or sync state
  await expect(page.getByTestId('agent-screen')).toBeVisible();
  await expect(page.getByTestId('org-name')).toHaveText(`区代：${DEMO.agentName}`);
  await expect(page.getByTestId('current-user')).toHaveText(`账号：${DEMO.agentMaster.name}`);
  await expect(page.getByTestId('search-input')).toHaveCount(0);
  await expect(page.getByTestId('sync-indicator')).toHaveCount(0);
  await expect(page.getByTestId('catalog-count')).toHaveCount(0);

  // 我的安全 (the owner's tab, reused): the agent sets a super password
  await page.getByTestId('agent-tab-me').click();
  await page.getByTestId('me-login-password').fill(DEMO.agentMaster.password);
  await page.getByTestId('me-new-super').fill(SUPER);
  await page.getByTestId('me-again-super').fill(SUPER);
  await page.getByTestId('me-super-save').click();
  await expect(page.getByTestId('me-super-status')).toHaveText('已开启');

  // 门店: the demo outlet, picked as the only one; its goods sources and category tree
  await page.getByTestId('agent-tab-outlets').click();
  await expect(page.getByTestId(`agent-outlet-${DEMO.outletId}`)).toContainText(DEMO.outletName);
  const row = page.getByTestId(`agent-source-${cmcc100.id}`);
  await expect(row).toBeVisible();
  const toggle = page.getByTestId(`agent-source-toggle-${cmcc100.id}`);
  await expect(toggle).toBeChecked();

  // 加价: ¥0.80 on the ¥100 China Mobile top-up, with the super password; the cost follows
  await page.getByTestId('agent-tab-markups').click();
  await page.getByTestId(`agent-markup-edit-${cmcc100.id}`).click();
  await page.getByTestId('agent-markup-basis').selectOption('fixed');
  await page.getByTestId('agent-markup-input').fill('0.80');
  await page.getByTestId('agent-markup-apply').click();
  await confirmSuper(page, SUPER);
  await expect(page.getByTestId('agent-markup-notice')).toBeVisible();
  await expect(page.getByTestId(`agent-markup-value-${cmcc100.id}`)).toHaveText('¥0.80');
  await expect(page.getByTestId(`agent-markup-cost-${cmcc100.id}`)).toHaveText(
    `¥${((cmcc100.supplyPrice + 80) / 100).toFixed(2)}`,
  );
  await expect(page.getByTestId(`agent-markup-rule-${cmcc100.id}`)).toHaveText('本货源：固定 ¥0.80');

  // 门店 again: the source off for the outlet, then on again
  await page.getByTestId('agent-tab-outlets').click();
  await expect(page.getByTestId(`agent-source-cost-${cmcc100.id}`)).toHaveText(
    `¥${((cmcc100.supplyPrice + 80) / 100).toFixed(2)}`,
  );
  await page.getByTestId(`agent-source-toggle-${cmcc100.id}`).click();
  await confirmSuper(page, SUPER);
  await expect(page.getByTestId('agent-sources-notice')).toContainText('下架');
  await expect(page.getByTestId(`agent-source-toggle-${cmcc100.id}`)).not.toBeChecked();
  await page.getByTestId(`agent-source-toggle-${cmcc100.id}`).click();
  await confirmSuper(page, SUPER);
  await expect(page.getByTestId('agent-sources-notice')).toContainText('上架');
  await expect(page.getByTestId(`agent-source-toggle-${cmcc100.id}`)).toBeChecked();
  await page.screenshot({ path: `${SHOTS}/outlets.png`, fullPage: true });
  const product = await env.cloud.db.query<{ active: boolean }>(
    'SELECT active FROM products WHERE outlet_id = $1 AND source_id = $2',
    [DEMO.outletId, cmcc100.id],
  );
  expect(product.rows).toEqual([{ active: true }]);

  // the outlet's category tree: a top-level category from the keyboard (Enter saves, the dialog asks)
  await page.getByTestId('agent-cat-add-top').click();
  await page.getByTestId('agent-cat-name').fill('区代推荐');
  await page.getByTestId('agent-cat-name').press('Enter');
  await confirmSuper(page, SUPER);
  await expect(page.getByTestId('agent-cat-notice')).toContainText('区代推荐');
  await expect(page.getByTestId('agent-categories').getByRole('treeitem', { name: /区代推荐/ })).toBeVisible();

  await page.screenshot({ path: `${SHOTS}/categories.png`, fullPage: true });
  await page.getByTestId('agent-tab-markups').click();
  await page.screenshot({ path: `${SHOTS}/markups.png`, fullPage: true });
  expect(problems).toEqual([]);
});
