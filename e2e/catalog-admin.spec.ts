// The owner's 商品 / Goods tab in Chromium against the real cloud and web-host: the owner sets a super
// password (我的安全), changes a catalog product's price — the counter's search shows the new price at once —
// sees the below-cost warning on a top-up, builds a category, adds an own product into it and sells it by
// its barcode at the counter.
import { DEMO } from '../cloud/seed/demo';
import { money } from '../renderer/format';
import { confirmSuper, expect, registerAndLogIn, test } from './fixtures';

const SUPER = 'catalog-admin-super-1';

test('the owner prices a product, adds an own product and sells it', async ({ page, env }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()}`);
  });
  await registerAndLogIn(page, env, '前台 1', DEMO.master);

  // 我的安全: the super password every goods write asks for
  await page.getByTestId('back-office').click();
  await page.getByTestId('owner-tab-me').click();
  await page.getByTestId('me-login-password').fill(DEMO.master.password);
  await page.getByTestId('me-new-super').fill(SUPER);
  await page.getByTestId('me-again-super').fill(SUPER);
  await page.getByTestId('me-super-save').click();
  await expect(page.getByTestId('super-message')).toHaveText('超级密码已保存。');

  // 商品: the sample product found by its barcode, repriced
  await page.getByTestId('owner-tab-catalogAdmin').click();
  await page.getByTestId('catalog-admin-search').fill(DEMO.sampleBarcode);
  await page.getByTestId(`catalog-admin-item-${DEMO.sampleProduct.id}`).click();
  const product = page.getByTestId('catalog-admin-product');
  await expect(product).toContainText(DEMO.sampleProduct.name);
  await expect(product.getByTestId('catalog-admin-sourced')).toHaveCount(0);
  // ¥0 is said back first (nothing is asked for or saved on the first press), then corrected
  await product.getByTestId('catalog-admin-price').fill('0');
  await product.getByTestId('catalog-admin-price-save').click();
  await expect(product.getByTestId('catalog-admin-price-ask')).toHaveAttribute('data-kind', 'free');
  await expect(page.getByTestId('super-password-dialog')).toHaveCount(0);
  await product.getByTestId('catalog-admin-price').fill('3.80');
  await expect(product.getByTestId('catalog-admin-price-ask')).toHaveCount(0);
  await product.getByTestId('catalog-admin-price-save').click();
  await confirmSuper(page, SUPER);
  await expect(product.getByTestId('catalog-admin-notice')).toContainText('¥3.80');

  // a top-up shows its cost; a price below it is warned about (not saved here)
  await page.getByTestId('catalog-admin-search').fill('移动');
  await page.getByTestId('catalog-admin-results').getByRole('button').filter({ hasText: '话费' }).first().click();
  await expect(product.getByTestId('catalog-admin-cost')).toBeVisible();
  await expect(product.getByTestId('catalog-admin-sourced')).toBeVisible();
  await product.getByTestId('catalog-admin-price').fill('0.01');
  await expect(product.getByTestId('catalog-admin-below-cost')).toBeVisible();

  // a category of the outlet's own, then an own product in it
  await page.getByTestId('catalog-admin-cat-add-top').click();
  await page.getByTestId('catalog-admin-cat-name').fill('自制食品');
  await page.getByTestId('catalog-admin-cat-name').press('Enter');
  await confirmSuper(page, SUPER);
  await expect(page.getByTestId('catalog-admin-cat-notice')).toContainText('自制食品');
  await page.getByTestId('catalog-admin-add').click();
  await page.getByTestId('catalog-admin-new-name').fill('手工饺子');
  await page.getByTestId('catalog-admin-new-sku').fill('OWN-JZ-1');
  await page.getByTestId('catalog-admin-new-price').fill('18');
  await page.getByTestId('catalog-admin-new-barcode').fill('2000000000039');
  await page.getByTestId('catalog-admin-new-unit').fill('盒');
  await page.getByTestId('catalog-admin-new-category').selectOption({ label: '自制食品' });
  await page.getByTestId('catalog-admin-new-save').click();
  await confirmSuper(page, SUPER);
  await expect(product).toContainText('手工饺子');
  await expect(product.getByTestId('catalog-admin-own')).toBeVisible();
  await expect(product).toContainText('自制食品');
  await page.screenshot({ path: 'test-results/catalog-admin.png', fullPage: true });

  // the counter: the new price in the search, the own product found by pinyin initials and sold by its barcode
  await page.getByTestId('owner-close').click();
  const search = page.getByTestId('search-input');
  await search.fill(DEMO.sampleProduct.name);
  await expect(page.getByTestId('search-result').filter({ hasText: DEMO.sampleProduct.name }).first()).toContainText(
    '¥3.80',
  );
  await search.fill('sgjz');
  await expect(page.getByTestId('search-result').filter({ hasText: '手工饺子' })).toContainText(money(1800));
  await search.fill('');
  await search.press('Escape');
  await search.focus();
  await page.keyboard.type('2000000000039', { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-total')).toHaveText(money(1800));
  await page.getByTestId('tendered-input').fill('20.00');
  await page.getByTestId('pay-button').click();
  const done = page.getByTestId('sale-complete');
  await expect(done).toBeVisible();
  await expect(done.getByTestId('order-total')).toHaveText(money(1800));
  await expect(done.getByTestId('order-change')).toHaveText(money(200));
  expect(problems).toEqual([]);
});
