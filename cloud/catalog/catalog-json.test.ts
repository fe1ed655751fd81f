// readChangesJson serves exactly what readChanges returns (same changes, cursor and hasMore), for upserts
// of every entity, stock snapshots and deletes, on every page boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zCatalogChangesResponse } from '../../shared/sync/protocol';
import type { CloudDb } from '../db/types';
import { DEMO, seedDemo } from '../seed/demo';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { appendChanges, lockOutletCatalog, readChanges, readChangesJson, setStock } from './repository';

let database: TestDatabase;
let db: CloudDb;
beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open();
  await seedDemo(db);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM products WHERE outlet_id = $1 AND kind = 'physical' ORDER BY id LIMIT 2`,
    [DEMO.outletId],
  );
  await db.tx(async (q) => {
    await setStock(q, DEMO.outletId, [{ productId: rows[0]!.id, stock: 7 }], Date.now());
    await lockOutletCatalog(q, DEMO.outletId);
    await appendChanges(q, DEMO.outletId, [{ entity: 'product', op: 'delete', id: rows[1]!.id }], Date.now());
  });
});
afterAll(async () => {
  await database.drop();
});

describe('readChangesJson', () => {
  it('is the JSON of readChanges, page by page, and passes the protocol schema', async () => {
    for (const size of [1, 7, 5000]) {
      let cursor = 0;
      const entities = new Set<string>();
      for (;;) {
        const text = await readChangesJson(db, DEMO.outletId, cursor, size);
        const fromText = zCatalogChangesResponse.parse(JSON.parse(text));
        const expected = await readChanges(db, DEMO.outletId, cursor, size);
        expect(fromText).toEqual(zCatalogChangesResponse.parse(JSON.parse(JSON.stringify(expected))));
        for (const c of fromText.changes) entities.add(`${c.entity}:${c.op}`);
        cursor = fromText.nextCursor;
        if (!fromText.hasMore) break;
      }
      expect(entities).toEqual(new Set(['category:upsert', 'product:upsert', 'stock:upsert', 'product:delete']));
    }
  });
});
