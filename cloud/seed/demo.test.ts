// The demo seed: realistic, deterministic, idempotent, and fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_TEMPLATES } from '../../shared/permissions';
import { zCategory, zProduct } from '../../shared/sync/protocol';
import type { CloudDb } from '../db/types';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { buildDemoCatalog } from './catalog-build';
import { DEMO, demoCatalog, seedDemo } from './demo';
import { isValidEan13 } from './ean13';

let database: TestDatabase;
let db: CloudDb;
beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open();
});
afterAll(async () => {
  await database.drop();
});

describe('demo catalog', () => {
  const c = demoCatalog();
  it('has ≥2,000 valid products with unique SKUs and valid 69… EAN-13 barcodes', () => {
    expect(c.products.length).toBeGreaterThanOrEqual(2000);
    for (const p of c.products) zProduct.parse(p);
    for (const k of c.categories) zCategory.parse(k);
    expect(new Set(c.products.map((p) => p.sku)).size).toBe(c.products.length);
    const barcodes = c.products.flatMap((p) => (p.barcode ? [p.barcode] : []));
    expect(new Set(barcodes).size).toBe(barcodes.length);
    for (const b of barcodes) {
      expect(b.startsWith('69')).toBe(true);
      expect(isValidEan13(b)).toBe(true);
    }
    expect(isValidEan13('6921168509256')).toBe(true); // a real 农夫山泉 barcode
  });

  it('is deterministic', () => {
    expect(buildDemoCatalog(DEMO.outletId)).toEqual(c);
  });

  it('has the sample item, top-ups and game cards priced as the business says', () => {
    expect(DEMO.sampleProduct).toMatchObject({
      name: '农夫山泉 饮用天然水 550ml',
      price: 200,
      barcode: DEMO.sampleBarcode,
    });
    const topups = c.products.filter((p) => p.kind === 'topup');
    expect(topups).toHaveLength(25); // 3 carriers × 8 face values, + one Shanghai-only source
    expect(topups.filter((p) => p.regions)).toEqual([
      expect.objectContaining({ sku: 'TOPUP-CUCC-SH-50', regions: ['上海市'] }),
    ]);
    const bills = c.products.filter((p) => p.kind === 'utility');
    expect(bills).toHaveLength(9); // electricity, water, gas × ¥50/¥100/¥200
    expect(new Set(bills.map((p) => p.biller))).toEqual(
      new Set(['国网上海市电力公司', '上海城投水务（集团）有限公司', '上海燃气有限公司']),
    );
    for (const p of topups) expect(p.price).toBe(p.faceValue);
    const cmcc100 = c.sources.find((s) => s.kind === 'topup' && s.carrier === 'cmcc' && s.faceValue === 10000)!;
    expect([cmcc100.supplyPrice, cmcc100.agentMarkup]).toEqual([9850, 50]);
    expect(c.products.filter((p) => p.kind === 'gamecard').map((p) => p.name)).toContain('腾讯Q币 100元');
    // two levels of categories
    const tops = c.categories.filter((k) => k.parentId === null).map((k) => k.name);
    expect(tops).toEqual(['零食', '饮料', '手机配件', '话费充值', '游戏点卡', '生活缴费']);
  });
});

describe('seedDemo', () => {
  it('seeds once, then does nothing', async () => {
    const t0 = Date.now();
    expect(await seedDemo(db)).toEqual({ seeded: true });
    const took = Date.now() - t0;
    expect(await seedDemo(db)).toEqual({ seeded: false });
    const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE outlet_id = $1', [
      DEMO.outletId,
    ]);
    expect(n.rows[0]!.n).toBe(DEMO.productCount);
    const feed = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_changes WHERE outlet_id = $1', [
      DEMO.outletId,
    ]);
    expect(feed.rows[0]!.n).toBe(DEMO.productCount + DEMO.categoryCount);
    const emps = await db.query<{ username: string; org_id: string; is_master: boolean; permissions: string[] }>(
      'SELECT username, org_id, is_master, permissions FROM employees ORDER BY username',
    );
    expect(emps.rows).toEqual([
      { username: 'agent', org_id: DEMO.agentId, is_master: true, permissions: [] },
      // an internet café's cashier: members too (find, top up, pay from the card)
      { username: 'cashier', org_id: DEMO.outletId, is_master: false, permissions: [...ROLE_TEMPLATES.cafeCashier] },
      { username: 'owner', org_id: DEMO.outletId, is_master: true, permissions: [] },
    ]);
    const orgs = await db.query<{ type: string; name: string }>('SELECT type, name FROM organizations ORDER BY type');
    expect(orgs.rows.map((o) => o.name)).toEqual(
      expect.arrayContaining(['鼎信通讯供货', '华东区代（上海）', '星光网咖（徐汇店）']),
    );
    console.log(`seedDemo took ${took} ms`);
  });

  it("gives a demo database seeded with the shop cashier's role the café cashier's, and leaves a changed one alone", async () => {
    await db.query('UPDATE employees SET permissions = $2 WHERE id = $1', [
      DEMO.cashier.id,
      [...ROLE_TEMPLATES.cashier].reverse(),
    ]);
    expect(await seedDemo(db)).toEqual({ seeded: false });
    const perms = async () =>
      (await db.query<{ p: string[] }>('SELECT permissions AS p FROM employees WHERE id = $1', [DEMO.cashier.id]))
        .rows[0]!.p;
    expect(await perms()).toEqual([...ROLE_TEMPLATES.cafeCashier]);
    await db.query('UPDATE employees SET permissions = $2 WHERE id = $1', [DEMO.cashier.id, ['sale.sell']]);
    expect(await seedDemo(db)).toEqual({ seeded: false });
    expect(await perms()).toEqual(['sale.sell']);
  });

  it('gives a demo database seeded before suppliers published sources the newer demo sources, in the feed', async () => {
    const bills = demoCatalog().products.filter((p) => p.kind === 'utility' || p.sku === 'TOPUP-CUCC-SH-50');
    const newSources = demoCatalog().sources.filter((s) => s.kind === 'utility' || s.regions);
    const cats = demoCatalog().categories.filter((c) => ['生活缴费', '电费', '水费', '燃气费'].includes(c.name));
    // the database as an older seed left it
    await db.query('DELETE FROM products WHERE id = ANY($1::uuid[])', [bills.map((p) => p.id)]);
    await db.query('DELETE FROM agent_markups WHERE source_id = ANY($1::uuid[])', [newSources.map((s) => s.id)]);
    await db.query('DELETE FROM goods_sources WHERE id = ANY($1::uuid[])', [newSources.map((s) => s.id)]);
    await db.query('DELETE FROM categories WHERE id = ANY($1::uuid[])', [cats.map((c) => c.id).reverse()]);
    await db.query('UPDATE goods_sources SET external_id = NULL');
    const before = await db.query<{ s: string }>('SELECT coalesce(max(seq), 0)::text AS s FROM catalog_changes');
    expect(await seedDemo(db)).toEqual({ seeded: false });
    expect(
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM goods_sources WHERE external_id IS NOT NULL'))
        .rows[0]!.n,
    ).toBe(demoCatalog().sources.length);
    expect(
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE outlet_id = $1', [DEMO.outletId]))
        .rows[0]!.n,
    ).toBe(DEMO.productCount);
    const feed = await db.query<{ entity: string; entity_id: string }>(
      'SELECT entity, entity_id FROM catalog_changes WHERE seq > $1 ORDER BY seq',
      [Number(before.rows[0]!.s)],
    );
    expect(feed.rows.filter((r) => r.entity === 'category').map((r) => r.entity_id)).toEqual(cats.map((c) => c.id));
    expect(
      feed.rows
        .filter((r) => r.entity === 'product')
        .map((r) => r.entity_id)
        .sort(),
    ).toEqual(bills.map((p) => p.id).sort());
    // and only once
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_changes');
    expect(await seedDemo(db)).toEqual({ seeded: false });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_changes')).rows[0]!.n).toBe(
      after.rows[0]!.n,
    );
  });

  it('gives a demo database seeded before the agent had an account its agent master, and nothing else', async () => {
    await db.query('DELETE FROM employees WHERE id = $1', [DEMO.agentMaster.id]);
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_changes');
    expect(await seedDemo(db)).toEqual({ seeded: false });
    const agent = await db.query<{ org_id: string; is_master: boolean }>(
      'SELECT org_id, is_master FROM employees WHERE username = $1',
      [DEMO.agentMaster.username],
    );
    expect(agent.rows).toEqual([{ org_id: DEMO.agentId, is_master: true }]);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_changes')).rows[0]!.n).toBe(
      before.rows[0]!.n,
    );
    expect(await seedDemo(db)).toEqual({ seeded: false });
    expect(
      (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM employees WHERE username = $1', [
          DEMO.agentMaster.username,
        ])
      ).rows[0]!.n,
    ).toBe(1);
  });
});
