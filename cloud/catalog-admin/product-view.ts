// Runtime: Node. How the cloud reads an outlet's product for its catalog screens and feeds: the product row
// with the outlet's cost from the price chain (supply price + the agent's markup; null for an outlet's own
// product) and whether its source is on shelf; and how such views are published to the outlet's change feed.
// Shared by products.ts (edits) and prices.ts (retail price, markups, supplier reprices) — kept apart from
// both so neither imports the other for it.
import type { Product } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { appendChanges, lockOutletCatalog } from '../catalog/repository';

interface ProductRow {
  id: string;
  outlet_id: string;
  sku: string;
  barcode: string | null;
  name: string;
  category_id: string | null;
  kind: Product['kind'];
  unit: string;
  price: string | number;
  face_value: string | number | null;
  carrier: Product['carrier'];
  active: boolean;
  stock: number | null;
  cost: string | number | null;
  /** the serving source's on-shelf flag (null: no source) */
  source_active: boolean | null;
  regions: string[] | null;
  biller: string | null;
}

const PRODUCT_WITH_COST = `SELECT p.*, (s.supply_price + coalesce(m.markup, 0)) AS cost, s.active AS source_active, s.regions, s.biller
  FROM products p JOIN organizations o ON o.id = p.outlet_id
  LEFT JOIN goods_sources s ON s.id = p.source_id
  LEFT JOIN agent_markups m ON m.agent_id = o.parent_id AND m.source_id = p.source_id`;

/** a product with the outlet's cost: null when no goods source serves it (the outlet's own) */
export type ProductWithCost = Product & { cost: number | null };

export function productView(r: ProductRow): ProductWithCost {
  return {
    id: r.id,
    sku: r.sku,
    barcode: r.barcode,
    name: r.name,
    categoryId: r.category_id,
    kind: r.kind,
    unit: r.unit,
    price: Number(r.price) as Product['price'],
    faceValue: r.face_value === null ? null : (Number(r.face_value) as Product['price']),
    // A product whose source the supplier took off shelf is unsellable (the feed says inactive) until it is back.
    carrier: r.carrier,
    active: r.active && r.source_active !== false,
    stock: r.stock === null ? null : Number(r.stock),
    cost: r.cost === null ? null : Number(r.cost),
    ...(r.regions ? { regions: r.regions } : {}),
    ...(r.biller ? { biller: r.biller } : {}),
  };
}

export async function productsWithCost(q: Queryable, where: string, params: unknown[]): Promise<ProductWithCost[]> {
  const { rows } = await q.query<ProductRow>(`${PRODUCT_WITH_COST} WHERE ${where}`, params);
  return rows.map(productView);
}

/** Appends the products to their outlet's change feed, under the outlet's catalog lock. */
export async function publishProducts(q: Queryable, outletId: string, products: Product[], now: number): Promise<void> {
  if (products.length === 0) return;
  await lockOutletCatalog(q, outletId);
  await appendChanges(
    q,
    outletId,
    products.map((p) => ({ entity: 'product' as const, op: 'upsert' as const, data: p })),
    now,
  );
}
