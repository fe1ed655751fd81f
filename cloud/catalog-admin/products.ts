// Runtime: Node. The outlet's edits to one of its products (PUT /v1/catalog-admin/products/:id).
//
// Which products are the outlet's OWN: those no goods source serves (products.source_id IS NULL) — added at
// the till (addOwnProduct, prices.ts) or stocked by the outlet itself (the demo's snacks and drinks). Nothing
// upstream owns such a row, so the outlet may rename it, change its barcode and unit, and take it off sale or
// put it back. A product served by a goods source (top-ups, game cards, utility bills, supplied physical
// goods) keeps its supplier's identity, and whether it is on sale is the agent's choice of sources
// (cloud/agent/outlet-sources.ts): the outlet sets only its retail price (prices.ts setRetailPrice) and its
// category; naming, relabelling or switching it is FORBIDDEN. Prices are not checked against cost here, as
// setRetailPrice does not: the outlet may sell below cost (a promotion); the screen warns.
// A barcode must stay unique among the outlet's products: the till's scanner takes the first match.
import { AppError } from '../../shared/errors';
import type { Product } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { appendChanges, lockOutletCatalog } from '../catalog/repository';
import { assertCanEdit } from './categories';
import { productsWithCost, type ProductWithCost } from './product-view';

export interface ProductEdit {
  categoryId?: string | null;
  name?: string;
  barcode?: string | null;
  unit?: string;
  active?: boolean;
}

/** the fields only an own product (no goods source) may change */
export const OWN_ONLY_FIELDS = ['name', 'barcode', 'unit', 'active'] as const;

/** CONFLICT when another product of the outlet already carries this barcode. */
export async function assertBarcodeFree(
  q: Queryable,
  outletId: string,
  barcode: string,
  exceptId: string | null,
): Promise<void> {
  const { rows } = await q.query<{ id: string; name: string }>(
    'SELECT id, name FROM products WHERE outlet_id = $1 AND barcode = $2 AND ($3::uuid IS NULL OR id <> $3::uuid) LIMIT 1',
    [outletId, barcode, exceptId],
  );
  if (rows[0])
    throw new AppError('CONFLICT', 'Another product already has this barcode', {
      barcode,
      productId: rows[0].id,
      name: rows[0].name,
    });
}

export async function editProduct(
  q: Queryable,
  editorOrgId: string,
  outletId: string,
  productId: string,
  edit: ProductEdit,
  now: number,
): Promise<ProductWithCost> {
  await assertCanEdit(q, editorOrgId, outletId);
  await lockOutletCatalog(q, outletId);
  const { rows } = await q.query<{
    source_id: string | null;
    name: string;
    barcode: string | null;
    unit: string;
    active: boolean;
    category_id: string | null;
  }>('SELECT source_id, name, barcode, unit, active, category_id FROM products WHERE id = $1 AND outlet_id = $2', [
    productId,
    outletId,
  ]);
  const cur = rows[0];
  if (!cur) throw new AppError('NOT_FOUND', 'No such product in this outlet', { id: productId });
  const ownOnly = OWN_ONLY_FIELDS.filter((f) => edit[f] !== undefined);
  if (cur.source_id !== null && ownOnly.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      'This product is served by a goods source: only its retail price and category are yours to change',
      { fields: ownOnly },
    );
  }
  if (edit.categoryId) {
    const c = await q.query('SELECT 1 FROM categories WHERE id = $1 AND outlet_id = $2', [edit.categoryId, outletId]);
    if (c.rows.length === 0)
      throw new AppError('NOT_FOUND', 'No such category in this outlet', { categoryId: edit.categoryId });
  }
  if (edit.barcode) await assertBarcodeFree(q, outletId, edit.barcode, productId);
  await q.query(
    'UPDATE products SET category_id = $3, name = $4, barcode = $5, unit = $6, active = $7, updated_at = $8 WHERE id = $1 AND outlet_id = $2',
    [
      productId,
      outletId,
      edit.categoryId === undefined ? cur.category_id : edit.categoryId,
      edit.name ?? cur.name,
      edit.barcode === undefined ? cur.barcode : edit.barcode,
      edit.unit ?? cur.unit,
      edit.active ?? cur.active,
      now,
    ],
  );
  const [p] = await productsWithCost(q, 'p.id = $1', [productId]);
  // published as setRetailPrice publishes: the view with its cost (devices read the Product fields)
  await appendChanges(q, outletId, [{ entity: 'product', op: 'upsert', data: p! as Product }], now);
  return p!;
}
