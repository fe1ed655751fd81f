// The catalog change feed, paged by cursor to the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, zCatalogChangesResponse, type CatalogChange } from '../../shared/sync/protocol';
import { DEMO } from '../seed/demo';
import { registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';

let w: TestWorld;
let dev: TestDevice;
beforeAll(async () => {
  w = await createWorld();
  dev = await registerDevice(w.app);
});
afterAll(async () => {
  await w.close();
});

const page = async (cursor: number, limit: number) => {
  const res = await signedInject(w.app, dev, {
    method: 'GET',
    url: `${PATHS.catalogChanges}?cursor=${cursor}&limit=${limit}`,
    now: w.clock.now,
  });
  expect(res.statusCode).toBe(200);
  return zCatalogChangesResponse.parse(res.json());
};

describe('GET /v1/catalog/changes', () => {
  it('pages through the whole demo catalog with a strictly increasing cursor', async () => {
    const all: CatalogChange[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const p = await page(cursor, 500);
      pages += 1;
      for (const c of p.changes) expect(c.seq).toBeGreaterThan(cursor);
      all.push(...p.changes);
      if (p.changes.length > 0) expect(p.nextCursor).toBe(p.changes[p.changes.length - 1]!.seq);
      cursor = p.nextCursor;
      if (!p.hasMore) break;
      expect(p.changes).toHaveLength(500);
    }
    expect(pages).toBe(Math.ceil(all.length / 500));
    const products = all.filter((c) => c.entity === 'product');
    expect(products.length).toBeGreaterThanOrEqual(2000);
    expect(products.length).toBe(DEMO.productCount);
    expect(all.filter((c) => c.entity === 'category')).toHaveLength(DEMO.categoryCount);
    const water = products.find(
      (c) =>
        c.entity === 'product' && c.op === 'upsert' && 'barcode' in c.data && c.data.barcode === DEMO.sampleBarcode,
    );
    expect(water && water.op === 'upsert' && water.data).toMatchObject({
      name: DEMO.sampleProduct.name,
      price: DEMO.sampleProduct.price,
      kind: 'physical',
    });
    // at the end: empty page, same cursor, no more
    const end = await page(cursor, 1000);
    expect(end).toEqual({
      changes: [],
      nextCursor: cursor,
      hasMore: false,
      disabledEmployees: [],
      passwordChanges: [],
      staffCards: [],
    });
  });

  it('defaults cursor and limit, and refuses bad ones', async () => {
    const res = await signedInject(w.app, dev, { method: 'GET', url: PATHS.catalogChanges, now: w.clock.now });
    expect(res.json().changes).toHaveLength(1000);
    for (const q of ['cursor=-1', 'limit=0', 'limit=5001', 'cursor=abc', 'limit=1.5']) {
      const bad = await signedInject(w.app, dev, {
        method: 'GET',
        url: `${PATHS.catalogChanges}?${q}`,
        now: w.clock.now,
      });
      expect(bad.statusCode, q).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION');
    }
  });

  it('shows only the device’s own outlet', async () => {
    const other = '7b1f1c9e-0000-4000-8000-0000000000aa';
    await w.db.query(
      `INSERT INTO organizations (id, type, name, parent_id, created_at) VALUES ($1, 'outlet', '别家', $2, 0)`,
      [other, DEMO.agentId],
    );
    await w.db.query(
      `INSERT INTO catalog_changes (outlet_id, entity, entity_id, op, created_at) VALUES ($1, 'product', gen_random_uuid(), 'delete', 0)`,
      [other],
    );
    const p = await page(0, 5000);
    expect(p.changes.every((c) => c.entity === 'category' || c.op === 'upsert')).toBe(true);
  });
});
