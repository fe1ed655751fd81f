// The owner's 商品 / Goods tab through the real POS backend (real SQLite files, signed HTTP, no background
// loop) against the real cloud (Fastify on PGlite, seeded demo): a category three levels deep, a catalog
// product assigned to it, a new retail price, an own product added, renamed and taken off sale — each on this
// till's local catalog as soon as the method answers (the handler pulls the feed), the own product found by
// name and by pinyin initials, and sold at the counter. A merchandiser (product.edit, no sale.sell) searches
// through catalogAdmin.search; a cashier is refused before the cloud is asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../../cloud/seed/demo';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { openPos, tempDir, type TestPos } from '../testing/harness';

const SUPER = '商品-super-1';

describe('catalog-admin back office (商品 tab): POS backend against the real cloud', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const sp = { superPassword: SUPER };
  const fail = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as { code: string; details?: unknown };
    }
    throw new Error('expected a refusal');
  };
  const as = async (username: string, password: string) => {
    const s = (await t.pos.try('app.status', {})) as { ok: true; value: { session: unknown } };
    if (s.value.session) await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username, password });
  };

  beforeAll(async () => {
    cloud = await startCloud({ seed: true });
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '前台1',
    });
    await as(DEMO.master.username, DEMO.master.password);
    await t.pos.call('owner.setSuperPassword', { password: DEMO.master.password, superPassword: SUPER });
    await t.pos.call('catalog.sync', {});
  }, 60_000);
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close().catch(() => {});
    dir?.cleanup();
  });

  let deep: string;

  it('a category three levels deep, a catalog product assigned to it and repriced: on the counter at once', async () => {
    const ids: string[] = [];
    for (const name of ['饮料', '农夫山泉', '矿泉水']) {
      const r = await t.pos.call('catalogAdmin.createCategory', { parentId: ids.at(-1) ?? null, name, ...sp });
      ids.push(r.category.id);
    }
    deep = ids[2]!;
    const { categories } = await t.pos.call('catalogAdmin.categories', {});
    expect(categories.find((c) => c.id === deep)).toMatchObject({ parentId: ids[1], name: '矿泉水' });

    const [water] = (await t.pos.call('catalogAdmin.search', { query: '6920702000013' })).items;
    expect(water).toMatchObject({ barcode: '6920702000013', kind: 'physical' });
    const read = await t.pos.call('catalogAdmin.product', { id: water!.id });
    expect(read.product.id).toBe(water!.id);

    const moved = await t.pos.call('catalogAdmin.update', { id: water!.id, categoryId: deep, ...sp });
    expect(moved.categoryPath).toEqual(['饮料', '农夫山泉', '矿泉水']);
    expect((await t.pos.call('catalog.lookup', { code: '6920702000013' })).item).toMatchObject({
      categoryName: '矿泉水',
    });

    const priced = await t.pos.call('catalogAdmin.setPrice', { id: water!.id, price: 250, ...sp });
    expect(priced.product.price).toBe(250);
    // the till's own search (the counter's method) shows the new price without any further sync
    expect(
      (await t.pos.call('catalog.search', { query: '6920702000013' })).items.find((i) => i.id === water!.id),
    ).toMatchObject({ price: 250, categoryName: '矿泉水' });
    expect((await t.pos.call('catalog.lookup', { code: '6920702000013' })).item?.price).toBe(250);
  });

  it('a top-up (served by a goods source) takes a category and a price but is not renamed', async () => {
    const [topup] = (await t.pos.call('catalog.search', { query: '移动' })).items.filter((i) => i.kind === 'topup');
    const r = await t.pos.call('catalogAdmin.product', { id: topup!.id });
    expect(r.own).toBe(false);
    expect(r.product.cost).toBeGreaterThan(0);
    expect(
      (await t.pos.call('catalogAdmin.update', { id: topup!.id, categoryId: deep, ...sp })).product.categoryId,
    ).toBe(deep);
    expect((await fail(t.pos.call('catalogAdmin.update', { id: topup!.id, name: '改名', ...sp }))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await t.pos.call('catalog.search', { query: topup!.name })).items.find((i) => i.id === topup!.id),
    ).toMatchObject({ name: topup!.name, categoryName: '矿泉水' });
  });

  it('an own product: added, found by name and pinyin initials, sold; renamed and taken off sale', async () => {
    expect(
      (await fail(t.pos.call('catalogAdmin.addProduct', { sku: 'OWN-JZ', name: '手工饺子', price: 1800 } as never)))
        .code,
    ).toBe('VALIDATION');
    expect(
      (
        await fail(
          t.pos.call('catalogAdmin.addProduct', {
            sku: 'OWN-JZ',
            name: '手工饺子',
            price: 1800,
            superPassword: 'guess',
          }),
        )
      ).code,
    ).toBe('SUPER_PASSWORD_INVALID');
    const added = await t.pos.call('catalogAdmin.addProduct', {
      sku: 'OWN-JZ',
      name: '手工饺子',
      price: 1800,
      unit: '盒',
      barcode: '2000000000039',
      categoryId: deep,
      ...sp,
    });
    expect(added).toMatchObject({
      own: true,
      categoryPath: ['饮料', '农夫山泉', '矿泉水'],
      product: { sku: 'OWN-JZ', price: 1800, cost: null, stock: 0 },
    });
    const id = added.product.id;
    expect((await t.pos.call('catalog.search', { query: '手工饺子' })).items.map((i) => i.id)).toContain(id);
    expect((await t.pos.call('catalog.search', { query: 'sgjz' })).items.map((i) => i.id)).toContain(id);

    // sold at the counter by its barcode
    await t.pos.call('cart.clear', {});
    const scan = await t.pos.call('cart.scan', { code: '2000000000039' });
    expect(scan.cart.lines).toEqual([expect.objectContaining({ productId: id, unitPrice: 1800 })]);
    const sale = await t.pos.call('sale.checkout', { tendered: 2000 });
    expect(sale.order).toMatchObject({ total: 1800, change: 200 });

    const renamed = await t.pos.call('catalogAdmin.update', { id, name: '手工水饺', unit: '袋', ...sp });
    expect(renamed.product).toMatchObject({ name: '手工水饺', unit: '袋' });
    expect((await t.pos.call('catalog.search', { query: 'sgsj' })).items.map((i) => i.id)).toContain(id);
    await t.pos.call('catalogAdmin.update', { id, active: false, ...sp });
    expect((await t.pos.call('catalog.search', { query: '手工水饺' })).items.map((i) => i.id)).not.toContain(id);
    expect((await t.pos.call('catalogAdmin.search', { query: '水饺', offSale: true })).items.map((i) => i.id)).toEqual([
      id,
    ]);
    await t.pos.call('catalogAdmin.update', { id, active: true, ...sp });
    expect((await t.pos.call('catalog.search', { query: '手工水饺' })).items.map((i) => i.id)).toContain(id);
    await t.pos.call('sync.now', {});
  });

  it('a merchandiser searches through catalogAdmin.search; a cashier is refused before the cloud is asked', async () => {
    await t.pos.call('owner.employeeCreate', {
      username: 'meihuo',
      name: '美货',
      password: 'meihuo123',
      role: 'merchandising',
      superPassword: SUPER,
    });
    await as('meihuo', 'meihuo123');
    expect((await fail(t.pos.call('catalog.search', { query: '饺子' }))).code).toBe('FORBIDDEN');
    expect((await t.pos.call('catalogAdmin.search', { query: '水饺' })).items.length).toBe(1);
    await as(DEMO.cashier.username, DEMO.cashier.password);
    expect((await fail(t.pos.call('catalogAdmin.categories', {}))).code).toBe('FORBIDDEN');
    expect((await fail(t.pos.call('catalogAdmin.setPrice', { id: deep, price: 1, ...sp }))).code).toBe('FORBIDDEN');
  });
});
