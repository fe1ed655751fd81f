// The scale seed: unique SKUs and valid unique EAN-13s, feed rows that pass the protocol, resumable counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zCatalogChangesResponse } from '../../shared/sync/protocol';
import type { CloudDb } from '../db/types';
import { readChanges } from '../catalog/repository';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { DEMO, seedDemo } from './demo';
import { isValidEan13 } from './ean13';
import { seedScaleCatalog } from './scale';

let database: TestDatabase;
let db: CloudDb;
beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open();
  await seedDemo(db);
});
afterAll(async () => {
  await database.drop();
});

describe('seedScaleCatalog', () => {
  it('adds N products with unique SKUs and valid unique barcodes, and their feed rows', async () => {
    await seedScaleCatalog(db, DEMO.outletId, 3000);
    await seedScaleCatalog(db, DEMO.outletId, 1500); // continues after the last S-SKU
    const { rows } = await db.query<{ sku: string; barcode: string; stock: number | null }>(
      `SELECT sku, barcode, stock FROM products WHERE outlet_id = $1 AND sku LIKE 'S%' ORDER BY sku`,
      [DEMO.outletId],
    );
    expect(rows).toHaveLength(4500);
    expect(new Set(rows.map((r) => r.sku)).size).toBe(4500);
    expect(new Set(rows.map((r) => r.barcode)).size).toBe(4500);
    for (const r of rows) expect(isValidEan13(r.barcode)).toBe(true);
    expect(rows.every((r) => typeof r.stock === 'number')).toBe(true);

    let cursor = 0;
    let products = 0;
    for (;;) {
      const page = await readChanges(db, DEMO.outletId, cursor, 5000);
      const parsed = zCatalogChangesResponse.parse(JSON.parse(JSON.stringify(page)));
      products += parsed.changes.filter((c) => c.entity === 'product').length;
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(products).toBe(DEMO.productCount + 4500);
  });
});
