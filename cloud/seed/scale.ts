// Runtime: Node. A catalog at scale for benchmarks and soak tests: N realistic Chinese products for one
// outlet (the demo vocabulary × packaging qualifiers × pack sizes), each with a unique SKU (S0000001…) and
// a unique, valid EAN-13 barcode (698 + 9-digit serial + check digit), plus their change-feed rows.
// Generated inside the database with generate_series in big batches: no per-row round trips, so 500k
// products seed in seconds on PGlite. Deterministic: the same outlet and count give the same rows.
import type { CloudDb, Queryable } from '../db/types';
import { appendChanges, lockOutletCatalog, type ChangeInput } from '../catalog/repository';
import { buildDemoCatalog } from './catalog-build';

const QUALIFIERS = [
  '',
  '新包装',
  '促销装',
  '加量装',
  '家庭装',
  '经典款',
  '升级版',
  '礼盒装',
  '量贩装',
  '特惠装',
  '组合装',
  '限定版',
  '便携装',
  '原装',
  '清仓',
];
const PACKS = ['', '2入', '3入', '4入', '6入', '12入', '24入'];
/** Rows generated per INSERT … SELECT statement. */
const BATCH = 50_000;

export interface ScaleSeedResult {
  products: number;
  ms: number;
}

/**
 * Adds `count` products to the outlet (which must exist), SKUs S0000001.. after any already seeded by this
 * function, with their feed rows. Categories of the demo tree are created for the outlet when missing.
 */
export async function seedScaleCatalog(
  db: CloudDb,
  outletId: string,
  count: number,
  now: number = Date.now(),
): Promise<ScaleSeedResult> {
  const t0 = performance.now();
  const demo = buildDemoCatalog(outletId);
  const physical = demo.products.filter((p) => p.kind === 'physical');
  const bases = {
    name: physical.map((p) => p.name),
    category: physical.map((p) => p.categoryId),
    unit: physical.map((p) => p.unit),
    price: physical.map((p) => p.price as number),
  };

  await db.tx(async (q) => {
    await lockOutletCatalog(q, outletId);
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO categories (id, outlet_id, parent_id, name, sort, updated_at)
       SELECT c.id, $1, c.parent_id, c.name, c.sort, $2 FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::int[]) WITH ORDINALITY AS c(id, parent_id, name, sort, ord)
       ORDER BY c.ord
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        outletId,
        now,
        demo.categories.map((c) => c.id),
        demo.categories.map((c) => c.parentId),
        demo.categories.map((c) => c.name),
        demo.categories.map((c) => c.sort),
      ],
    );
    const added = new Set(rows.map((r) => r.id));
    await appendChanges(
      q,
      outletId,
      demo.categories
        .filter((c) => added.has(c.id))
        .map((c): ChangeInput => ({ entity: 'category', op: 'upsert', data: c })),
      now,
    );
  });

  const { rows: last } = await db.query<{ n: number | null }>(
    `SELECT max(substr(sku, 2)::int) AS n FROM products WHERE outlet_id = $1 AND sku ~ '^S[0-9]{7}$'`,
    [outletId],
  );
  const start = (last[0]?.n ?? 0) + 1;
  const end = start + count - 1;
  for (let from = start; from <= end; from += BATCH) {
    const to = Math.min(end, from + BATCH - 1);
    await db.tx(async (q) => {
      await lockOutletCatalog(q, outletId);
      await insertBatch(q, outletId, from, to, bases, now);
    });
  }
  return { products: count, ms: performance.now() - t0 };
}

async function insertBatch(
  q: Queryable,
  outletId: string,
  from: number,
  to: number,
  bases: { name: string[]; category: (string | null)[]; unit: string[]; price: number[] },
  now: number,
): Promise<void> {
  const B = bases.name.length;
  const Q = QUALIFIERS.length;
  const P = PACKS.length;
  // i → base (i mod B), qualifier, pack size, and past B·Q·P a "series" number, so names stay distinct.
  await q.query(
    `WITH g AS (
       SELECT i, (i % ${B}) + 1 AS b, ((i / ${B}) % ${Q}) + 1 AS qi, ((i / ${B * Q}) % ${P}) + 1 AS pi, i / ${B * Q * P} AS series,
              '698' || lpad(i::text, 9, '0') AS d12, md5($1::text || ':scale:' || i) AS h
         FROM generate_series($2::int, $3::int) AS s(i)
     ), p AS (
       -- md5 of outlet + serial, stamped as an RFC 4122 version-4 uuid (the protocol checks the format)
       SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid AS id,
              'S' || lpad(i::text, 7, '0') AS sku,
              d12 || ((10 - (
                 (substr(d12,1,1)::int + substr(d12,3,1)::int + substr(d12,5,1)::int + substr(d12,7,1)::int + substr(d12,9,1)::int + substr(d12,11,1)::int)
                 + 3 * (substr(d12,2,1)::int + substr(d12,4,1)::int + substr(d12,6,1)::int + substr(d12,8,1)::int + substr(d12,10,1)::int + substr(d12,12,1)::int)
               ) % 10) % 10)::text AS barcode,
              left(concat_ws(' ', ($4::text[])[b], nullif(($8::text[])[qi], ''), nullif(($9::text[])[pi], ''), CASE WHEN series > 0 THEN series::text || '号' END), 200) AS name,
              ($5::uuid[])[b] AS category_id,
              ($6::text[])[b] AS unit,
              ($7::int[])[b] * (CASE pi WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 3 WHEN 4 THEN 4 WHEN 5 THEN 6 WHEN 6 THEN 12 ELSE 24 END) + (qi - 1) * 10 AS price,
              i % 97 <> 0 AS active,
              CASE WHEN i % 17 = 0 THEN 0 WHEN i % 11 = 0 THEN 2 ELSE 5 + (i * 37) % 116 END AS stock
         FROM g
     ), ins AS (
       INSERT INTO products (id, outlet_id, sku, barcode, name, category_id, kind, unit, price, active, stock, updated_at)
       SELECT id, $1::uuid, sku, barcode, name, category_id, 'physical', unit, price, active, stock, $10 FROM p
       RETURNING id, sku, barcode, name, category_id, unit, price, active, stock
     )
     INSERT INTO catalog_changes (outlet_id, entity, entity_id, op, data, created_at)
     SELECT $1::uuid, 'product', id, 'upsert',
            jsonb_build_object('id', id, 'sku', sku, 'barcode', barcode, 'name', name, 'categoryId', category_id, 'kind', 'physical',
              'unit', unit, 'price', price, 'faceValue', NULL, 'carrier', NULL, 'active', active, 'stock', stock),
            $10
       FROM ins ORDER BY sku`,
    [outletId, from, to, bases.name, bases.category, bases.unit, bases.price, QUALIFIERS, PACKS, now],
  );
}
