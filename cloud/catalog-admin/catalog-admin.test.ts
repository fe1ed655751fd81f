// Catalog administration: a 5-level category tree built and moved over HTTP (a cycle refused), an agent's
// markup rule reaching the outlet's cost and feed, an outlet price change and an own product reaching the
// feed; product.edit needs the super password; another agent cannot edit the outlet.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { feedAfter, lastFeedSeq } from '../test-support/feed';
import { hashPassword } from '../auth/passwords';
import { createWorld, type TestWorld } from '../test-support/world';
import { createCategory } from './categories';
import { setMarkupRule } from './prices';
import { productsWithCost } from './product-view';

const SUPER = 'catalog-super-1';

describe('catalog administration', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  const sp = { superPassword: SUPER };

  beforeAll(async () => {
    w = await createWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.master.id,
    ]);
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    expect((await owner.call('GET', '/v1/me', undefined, sp)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const readFeed = (cursor: number) => feedAfter(owner, cursor);
  const lastSeq = () => lastFeedSeq(w.db);

  it('builds category → brand → series → model → variant, moves and renames, refuses a cycle', async () => {
    const cursor = await lastSeq();
    expect(
      (await owner.call('POST', '/v1/catalog-admin/categories', { parentId: null, name: '手机' })).body.error.code,
    ).toBe('SUPER_PASSWORD_REQUIRED');
    const ids: string[] = [];
    for (const name of ['手机', '苹果', 'iPhone 15', 'Pro', '256G']) {
      const r = await owner.call('POST', '/v1/catalog-admin/categories', { parentId: ids.at(-1) ?? null, name }, sp);
      expect(r.status).toBe(200);
      ids.push(r.body.category.id);
    }
    const renamed = await owner.call('PUT', `/v1/catalog-admin/categories/${ids[4]}`, { name: '256GB' }, sp);
    expect(renamed.body.path).toEqual(['手机', '苹果', 'iPhone 15', 'Pro', '256GB']);
    // the top moved under its own great-grandchild: refused, nothing changed
    const cycle = await owner.call('PUT', `/v1/catalog-admin/categories/${ids[0]}`, { parentId: ids[3] }, sp);
    expect(cycle.body.error.code).toBe('VALIDATION');
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/categories/${ids[2]}`, { parentId: ids[2] }, sp)).body.error.code,
    ).toBe('VALIDATION');
    // a legal move: the series moves up under the top level
    const moved = await owner.call('PUT', `/v1/catalog-admin/categories/${ids[3]}`, { parentId: ids[0] }, sp);
    expect(moved.body.path).toEqual(['手机', 'Pro']);
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/categories/${randomUUID()}`, { name: 'x' }, sp)).body.error.code,
    ).toBe('NOT_FOUND');
    const cats = (await readFeed(cursor)).filter((c) => c.entity === 'category' && c.op === 'upsert');
    expect(cats).toHaveLength(7);
    const last = cats.at(-1)!;
    expect(last.op === 'upsert' && last.entity === 'category' && last.data).toMatchObject({
      id: ids[3],
      parentId: ids[0],
    });
  });

  it('the agent edits its outlet’s categories; another agent cannot', async () => {
    const c = await w.db.tx((q) =>
      createCategory(q, DEMO.agentId, DEMO.outletId, { parentId: null, name: '代理商推荐' }, w.clock.now),
    );
    expect(c.name).toBe('代理商推荐');
    const stranger = randomUUID();
    await w.db.query("INSERT INTO organizations (id, type, name, created_at) VALUES ($1, 'agent', '别的代理', 0)", [
      stranger,
    ]);
    await expect(
      w.db.tx((q) => createCategory(q, stranger, DEMO.outletId, { parentId: null, name: 'x' }, w.clock.now)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an agent markup change reaches the outlet’s cost and feed (fixed, then basis points per kind)', async () => {
    const [topup] = await productsWithCost(
      w.db,
      "p.outlet_id = $1 AND p.kind = 'topup' AND p.face_value = 10000 ORDER BY p.sku LIMIT 1",
      [DEMO.outletId],
    );
    expect(topup).toBeDefined();
    const { rows } = await w.db.query<{ source_id: string; supply_price: string }>(
      'SELECT p.source_id, s.supply_price FROM products p JOIN goods_sources s ON s.id = p.source_id WHERE p.id = $1',
      [topup!.id],
    );
    const supply = Number(rows[0]!.supply_price);
    const cursor = await lastSeq();
    await w.db.tx((q) =>
      setMarkupRule(
        q,
        DEMO.agentId,
        { scope: 'source', target: rows[0]!.source_id, basis: 'fixed', value: 80 },
        w.clock.now,
      ),
    );
    const [after] = await productsWithCost(w.db, 'p.id = $1', [topup!.id]);
    expect(after!.cost).toBe(supply + 80);
    const feed = await readFeed(cursor);
    expect(feed.some((c) => c.entity === 'product' && c.op === 'upsert' && c.data.id === topup!.id)).toBe(true);
    // a kind rule does not override the more specific source rule, but sets the other top-ups
    await w.db.tx((q) =>
      setMarkupRule(q, DEMO.agentId, { scope: 'kind', target: 'topup', basis: 'bps', value: 100 }, w.clock.now),
    );
    expect((await productsWithCost(w.db, 'p.id = $1', [topup!.id]))[0]!.cost).toBe(supply + 80);
    const others = await productsWithCost(w.db, "p.outlet_id = $1 AND p.kind = 'topup' AND p.id <> $2", [
      DEMO.outletId,
      topup!.id,
    ]);
    const { rows: sup } = await w.db.query<{ id: string; supply_price: string }>(
      "SELECT p.id, s.supply_price FROM products p JOIN goods_sources s ON s.id = p.source_id WHERE p.outlet_id = $1 AND p.kind = 'topup'",
      [DEMO.outletId],
    );
    const supplyOf = new Map(sup.map((r) => [r.id, Number(r.supply_price)]));
    for (const p of others)
      expect(p.cost).toBe(supplyOf.get(p.id)! + Math.floor((supplyOf.get(p.id)! * 100 + 5000) / 10000));
    await expect(
      w.db.tx((q) =>
        setMarkupRule(q, DEMO.outletId, { scope: 'kind', target: 'topup', basis: 'fixed', value: 1 }, w.clock.now),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an outlet price change and an own product reach the feed', async () => {
    const [p] = await productsWithCost(w.db, "p.outlet_id = $1 AND p.kind = 'physical' ORDER BY p.sku LIMIT 1", [
      DEMO.outletId,
    ]);
    const cursor = await lastSeq();
    const r = await owner.call('PUT', `/v1/catalog-admin/products/${p!.id}/price`, { price: 1234 }, sp);
    expect(r.body.product.price).toBe(1234);
    const own = await owner.call(
      'POST',
      '/v1/catalog-admin/products',
      { sku: 'OWN-001', name: '自制奶茶', price: 800, unit: '杯' },
      sp,
    );
    expect(own.body.product).toMatchObject({ sku: 'OWN-001', price: 800, cost: null, stock: 0 });
    expect(
      (await owner.call('POST', '/v1/catalog-admin/products', { sku: 'OWN-001', name: '重复', price: 1 }, sp)).body
        .error.code,
    ).toBe('CONFLICT');
    const feed = await readFeed(cursor);
    const prices = feed
      .filter((c) => c.entity === 'product' && c.op === 'upsert')
      .map((c) => (c.op === 'upsert' && c.entity === 'product' ? [c.data.id, c.data.price] : []));
    expect(prices).toEqual([
      [p!.id, 1234],
      [own.body.product.id, 800],
    ]);
    const cashier = owner.fork();
    expect((await cashier.login(DEMO.cashier.username, DEMO.cashier.password)).status).toBe(200);
    expect(
      (await cashier.call('PUT', `/v1/catalog-admin/products/${p!.id}/price`, { price: 1 })).body.error,
    ).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'product.edit' } });
  });

  it('the cost goes only to a person holding cost.view; every answer says whether the product is the outlet’s own', async () => {
    const [sourced] = await productsWithCost(w.db, "p.outlet_id = $1 AND p.kind = 'topup' ORDER BY p.sku LIMIT 1", [
      DEMO.outletId,
    ]);
    expect(sourced!.cost).toBeGreaterThan(0);
    const seen = await owner.call('GET', `/v1/catalog-admin/products/${sourced!.id}`);
    expect(seen.body.product).toMatchObject({ cost: sourced!.cost, own: false });
    // a merchandiser who may set prices but not see costs (product.edit without cost.view)
    await w.db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, super_password_hash, created_at) VALUES ($1, $2, 'pricer', '改价员', $3, '{product.edit}', $4, 0)",
      [randomUUID(), DEMO.outletId, await hashPassword('pricer-pass-1'), await hashPassword(SUPER)],
    );
    const pricer = owner.fork();
    expect((await pricer.login('pricer', 'pricer-pass-1')).status).toBe(200);
    expect((await pricer.call('GET', '/v1/me', undefined, sp)).status).toBe(200); // a new address: once
    const got = await pricer.call('GET', `/v1/catalog-admin/products/${sourced!.id}`);
    expect(got.status).toBe(200);
    expect(got.body.product).toMatchObject({ id: sourced!.id, cost: null, own: false });
    const priced = await pricer.call('PUT', `/v1/catalog-admin/products/${sourced!.id}/price`, { price: 10_100 }, sp);
    expect(priced.body.product).toMatchObject({ price: 10_100, cost: null, own: false });
    const own = await pricer.call(
      'POST',
      '/v1/catalog-admin/products',
      { sku: 'OWN-PR-1', name: '自制柠檬水', price: 600 },
      sp,
    );
    expect(own.body.product).toMatchObject({ cost: null, own: true });
  });

  it('PUT /v1/catalog-admin/products/:id: any product into the outlet’s category; name, barcode, unit, on-sale only on its own', async () => {
    const brand = (await owner.call('POST', '/v1/catalog-admin/categories', { parentId: null, name: '零食' }, sp)).body
      .category.id as string;
    const series = (await owner.call('POST', '/v1/catalog-admin/categories', { parentId: brand, name: '乐事' }, sp))
      .body.category.id as string;
    const flavour = (await owner.call('POST', '/v1/catalog-admin/categories', { parentId: series, name: '原味' }, sp))
      .body.category.id as string;
    const tree = await owner.call('GET', '/v1/catalog-admin/categories');
    expect(tree.status).toBe(200);
    expect(tree.body.categories).toEqual(
      expect.arrayContaining([{ id: flavour, parentId: series, name: '原味', sort: 0 }]),
    );

    const [topup] = await productsWithCost(w.db, "p.outlet_id = $1 AND p.kind = 'topup' ORDER BY p.sku LIMIT 1", [
      DEMO.outletId,
    ]);
    const cursor = await lastSeq();
    // a catalog top-up (served by a goods source) goes into the outlet's category …
    const moved = await owner.call('PUT', `/v1/catalog-admin/products/${topup!.id}`, { categoryId: flavour }, sp);
    expect(moved.status).toBe(200);
    expect(moved.body.product).toMatchObject({ id: topup!.id, categoryId: flavour, name: topup!.name });
    expect(moved.body.categoryPath).toEqual(['零食', '乐事', '原味']);
    // … but is neither renamed nor taken off sale by the outlet: nothing changes
    const renamed = await owner.call(
      'PUT',
      `/v1/catalog-admin/products/${topup!.id}`,
      { name: '改名话费', active: false },
      sp,
    );
    expect(renamed.body.error).toMatchObject({ code: 'FORBIDDEN', details: { fields: ['name', 'active'] } });
    expect((await productsWithCost(w.db, 'p.id = $1', [topup!.id]))[0]).toMatchObject({
      name: topup!.name,
      active: true,
      categoryId: flavour,
    });

    // an own product: renamed, relabelled, re-united, taken off sale and back
    const own = (
      await owner.call(
        'POST',
        '/v1/catalog-admin/products',
        { sku: 'OWN-EDIT-1', name: '手工饺子', price: 1500, barcode: '2000000000015' },
        sp,
      )
    ).body.product;
    const edited = await owner.call(
      'PUT',
      `/v1/catalog-admin/products/${own.id}`,
      { name: '手工水饺', barcode: '2000000000022', unit: '盒', active: false, categoryId: series },
      sp,
    );
    expect(edited.body.product).toMatchObject({
      name: '手工水饺',
      barcode: '2000000000022',
      unit: '盒',
      active: false,
      categoryId: series,
      price: 1500,
    });
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/products/${own.id}`, { active: true, categoryId: null }, sp)).body
        .product,
    ).toMatchObject({ active: true, categoryId: null });
    // a barcode another product carries is refused, on edit and on add
    const [water] = await productsWithCost(
      w.db,
      "p.outlet_id = $1 AND p.kind = 'physical' AND p.barcode IS NOT NULL AND p.id <> $2 ORDER BY p.sku LIMIT 1",
      [DEMO.outletId, own.id],
    );
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/products/${own.id}`, { barcode: water!.barcode }, sp)).body.error,
    ).toMatchObject({ code: 'CONFLICT', details: { productId: water!.id } });
    expect(
      (
        await owner.call(
          'POST',
          '/v1/catalog-admin/products',
          { sku: 'OWN-EDIT-2', name: '重码', price: 1, barcode: water!.barcode },
          sp,
        )
      ).body.error.code,
    ).toBe('CONFLICT');

    // typed refusals that change nothing
    expect((await owner.call('PUT', `/v1/catalog-admin/products/${own.id}`, {}, sp)).body.error.code).toBe(
      'VALIDATION',
    );
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/products/${own.id}`, { barcode: '12ab' }, sp)).body.error.code,
    ).toBe('VALIDATION');
    expect((await owner.call('PUT', `/v1/catalog-admin/products/${own.id}`, { price: 1 }, sp)).body.error.code).toBe(
      'VALIDATION',
    );
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/products/${own.id}`, { categoryId: randomUUID() }, sp)).body.error
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/products/${randomUUID()}`, { categoryId: null }, sp)).body.error.code,
    ).toBe('NOT_FOUND');
    expect((await owner.call('PUT', `/v1/catalog-admin/products/${own.id}`, { name: '无密码' })).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    // another outlet's product and category are NOT_FOUND here
    const other = randomUUID();
    await w.db.query(
      "INSERT INTO organizations (id, type, name, parent_id, created_at) VALUES ($1, 'outlet', '别家网点', $2, 0)",
      [other, DEMO.agentId],
    );
    const theirCat = await w.db.tx((q) =>
      createCategory(q, other, other, { parentId: null, name: '别家' }, w.clock.now),
    );
    const theirs = randomUUID();
    await w.db.query(
      "INSERT INTO products (id, outlet_id, sku, name, kind, price, updated_at) VALUES ($1, $2, 'THEIRS-1', '别家商品', 'physical', 100, 0)",
      [theirs, other],
    );
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/products/${theirs}`, { name: '抢过来' }, sp)).body.error.code,
    ).toBe('NOT_FOUND');
    expect(
      (await owner.call('PUT', `/v1/catalog-admin/products/${own.id}`, { categoryId: theirCat.id }, sp)).body.error
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (await owner.call('GET', '/v1/catalog-admin/categories')).body.categories.some(
        (c: { id: string }) => c.id === theirCat.id,
      ),
    ).toBe(false);

    // every accepted edit reached the feed, in order, and the audit log
    const feed = (await readFeed(cursor)).filter((c) => c.entity === 'product' && c.op === 'upsert');
    const seen = feed.map((c) =>
      c.op === 'upsert' && c.entity === 'product' ? [c.data.id, c.data.categoryId, c.data.active] : [],
    );
    expect(seen).toEqual([
      [topup!.id, flavour, true],
      [own.id, null, true],
      [own.id, series, false],
      [own.id, null, true],
    ]);
    const audit = await w.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'product.update' AND outcome = 'ok'",
    );
    expect(Number(audit.rows[0]!.n)).toBe(3);
  });
});
