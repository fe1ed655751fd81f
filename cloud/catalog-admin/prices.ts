// Runtime: Node. The price chain: supplier's supply price → + agent markup = the outlet's cost → the
// outlet's own retail price. (¥100 top-up: supply ¥98.50 + markup ¥0.50 = cost ¥99.00; retail ¥100.00.)
//
// Agent markup rules (agent_markup_rules) per goods source or per source kind, fixed fen or basis points
// of the supply price; the most specific rule wins (source > kind); a source without any rule keeps its
// current agent_markups figure. A rule change rewrites agent_markups — the one figure virtual orders read
// (cloud/virtual/orders.ts) — and republishes the affected products of every outlet of the agent, so the
// cost reaches the outlets' feeds in the same transaction.
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { Product } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { lockOutletCatalog } from '../catalog/repository';
import { assertCanEdit } from './categories';
import { productsWithCost, publishProducts, type ProductWithCost } from './product-view';
import { assertBarcodeFree } from './products';

export interface MarkupRule {
  scope: 'source' | 'kind';
  /** a goods source id, or a kind: 'topup' | 'gamecard' | 'utility' | 'physical' */
  target: string;
  basis: 'fixed' | 'bps';
  /** fen when fixed; basis points of the supply price when bps (50 = 0.5 %) */
  value: number;
}

/** markup in fen: bps rounds half up to the fen. */
export function markupOf(rule: Pick<MarkupRule, 'basis' | 'value'>, supplyPrice: number): number {
  return rule.basis === 'fixed' ? rule.value : Math.floor((supplyPrice * rule.value + 5000) / 10000);
}

/** Sets an agent's rule and rewrites the resolved markups and the affected outlets' products. */
export async function setMarkupRule(
  q: Queryable,
  agentId: string,
  rule: MarkupRule,
  now: number,
): Promise<{ sources: number; products: number }> {
  const org = await q.query<{ type: string }>('SELECT type FROM organizations WHERE id = $1', [agentId]);
  if (org.rows[0]?.type !== 'agent') throw new AppError('FORBIDDEN', 'Only an agent sets markups');
  if (rule.scope === 'source') {
    const s = await q.query('SELECT 1 FROM goods_sources WHERE id::text = $1', [rule.target]);
    if (s.rows.length === 0) throw new AppError('NOT_FOUND', 'No such goods source', { target: rule.target });
  } else if (!['topup', 'gamecard', 'utility', 'physical'].includes(rule.target)) {
    throw new AppError('VALIDATION', 'A kind rule targets topup, gamecard, utility or physical', [
      { path: 'target', message: 'unknown kind' },
    ]);
  }
  await q.query(
    `INSERT INTO agent_markup_rules (agent_id, scope, target, basis, value, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (agent_id, scope, target) DO UPDATE SET basis = EXCLUDED.basis, value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [agentId, rule.scope, rule.target, rule.basis, rule.value, now],
  );
  // Resolve every source the rule can touch: its own rule first, else its kind's rule.
  const { rows } = await q.query<{ id: string; supply_price: string; basis: 'fixed' | 'bps'; value: string }>(
    `SELECT s.id, s.supply_price, coalesce(rs.basis, rk.basis) AS basis, coalesce(rs.value, rk.value) AS value
       FROM goods_sources s
       LEFT JOIN agent_markup_rules rs ON rs.agent_id = $1 AND rs.scope = 'source' AND rs.target = s.id::text
       LEFT JOIN agent_markup_rules rk ON rk.agent_id = $1 AND rk.scope = 'kind' AND rk.target = s.kind
      WHERE ${rule.scope === 'source' ? 's.id::text = $2' : 's.kind = $2'} AND (rs.agent_id IS NOT NULL OR rk.agent_id IS NOT NULL)`,
    [agentId, rule.target],
  );
  for (const r of rows) {
    await q.query(
      `INSERT INTO agent_markups (agent_id, source_id, markup) VALUES ($1, $2, $3) ON CONFLICT (agent_id, source_id) DO UPDATE SET markup = EXCLUDED.markup`,
      [agentId, r.id, markupOf({ basis: r.basis, value: Number(r.value) }, Number(r.supply_price))],
    );
  }
  const ids = rows.map((r) => r.id);
  const affected =
    ids.length === 0
      ? []
      : await productsWithCost(q, 'o.parent_id = $1 AND p.source_id = ANY($2::uuid[]) ORDER BY p.outlet_id, p.id', [
          agentId,
          ids,
        ]);
  const byOutlet = new Map<string, Product[]>();
  const outletOf = await q.query<{ id: string; outlet_id: string }>(
    'SELECT id, outlet_id FROM products WHERE id = ANY($1::uuid[])',
    [affected.map((p) => p.id)],
  );
  const oid = new Map(outletOf.rows.map((r) => [r.id, r.outlet_id]));
  for (const p of affected) byOutlet.set(oid.get(p.id)!, [...(byOutlet.get(oid.get(p.id)!) ?? []), p]);
  for (const [outletId, list] of [...byOutlet].sort(([a], [b]) => (a < b ? -1 : 1)))
    await publishProducts(q, outletId, list, now);
  return { sources: rows.length, products: affected.length };
}

/** The outlet's own retail price of one of its products (its cost stays what the chain says). */
export async function setRetailPrice(
  q: Queryable,
  editorOrgId: string,
  outletId: string,
  productId: string,
  price: number,
  now: number,
): Promise<ProductWithCost> {
  await assertCanEdit(q, editorOrgId, outletId);
  await lockOutletCatalog(q, outletId);
  const up = await q.query(
    'UPDATE products SET price = $3, updated_at = $4 WHERE id = $1 AND outlet_id = $2 RETURNING id',
    [productId, outletId, price, now],
  );
  if (up.rows.length === 0) throw new AppError('NOT_FOUND', 'No such product in this outlet');
  const [p] = await productsWithCost(q, 'p.id = $1', [productId]);
  await publishProducts(q, outletId, [p!], now);
  return p!;
}

/** A product of the outlet's own (physical, no goods source, stock starts at 0; products.ts says what "own" allows). */
export async function addOwnProduct(
  q: Queryable,
  editorOrgId: string,
  outletId: string,
  input: { sku: string; name: string; price: number; barcode?: string; categoryId?: string | null; unit?: string },
  now: number,
): Promise<ProductWithCost> {
  await assertCanEdit(q, editorOrgId, outletId);
  await lockOutletCatalog(q, outletId);
  if (input.categoryId) {
    const c = await q.query('SELECT 1 FROM categories WHERE id = $1 AND outlet_id = $2', [input.categoryId, outletId]);
    if (c.rows.length === 0) throw new AppError('NOT_FOUND', 'No such category in this outlet');
  }
  const dup = await q.query('SELECT 1 FROM products WHERE outlet_id = $1 AND sku = $2', [outletId, input.sku]);
  if (dup.rows.length > 0) throw new AppError('CONFLICT', 'A product with this SKU already exists', { sku: input.sku });
  if (input.barcode) await assertBarcodeFree(q, outletId, input.barcode, null);
  const id = uuidv4();
  await q.query(
    `INSERT INTO products (id, outlet_id, sku, barcode, name, category_id, kind, unit, price, active, updated_at, stock)
     VALUES ($1, $2, $3, $4, $5, $6, 'physical', $7, $8, true, $9, 0)`,
    [
      id,
      outletId,
      input.sku,
      input.barcode ?? null,
      input.name,
      input.categoryId ?? null,
      input.unit ?? '件',
      input.price,
      now,
    ],
  );
  const [p] = await productsWithCost(q, 'p.id = $1', [id]);
  await publishProducts(q, outletId, [p!], now);
  return p!;
}

/**
 * After a supplier changed a source's supply price (cloud/suppliers/sources.ts): every agent whose rule
 * covers the source (its own rule, else its kind's) gets the markup re-resolved — a bps markup follows the
 * new price, a fixed one stays. Agents without a rule keep their agent_markups figure. Returns how many
 * markups were written.
 */
export async function resolveSourceMarkups(q: Queryable, sourceId: string): Promise<number> {
  const { rows } = await q.query<{ agent_id: string; supply_price: string; basis: 'fixed' | 'bps'; value: string }>(
    `SELECT a.agent_id, s.supply_price, coalesce(rs.basis, rk.basis) AS basis, coalesce(rs.value, rk.value) AS value
       FROM goods_sources s
       CROSS JOIN (SELECT DISTINCT agent_id FROM agent_markup_rules) a
       LEFT JOIN agent_markup_rules rs ON rs.agent_id = a.agent_id AND rs.scope = 'source' AND rs.target = s.id::text
       LEFT JOIN agent_markup_rules rk ON rk.agent_id = a.agent_id AND rk.scope = 'kind' AND rk.target = s.kind
      WHERE s.id = $1 AND (rs.agent_id IS NOT NULL OR rk.agent_id IS NOT NULL)
      ORDER BY a.agent_id`,
    [sourceId],
  );
  for (const r of rows) {
    await q.query(
      `INSERT INTO agent_markups (agent_id, source_id, markup) VALUES ($1, $2, $3) ON CONFLICT (agent_id, source_id) DO UPDATE SET markup = EXCLUDED.markup`,
      [r.agent_id, sourceId, markupOf({ basis: r.basis, value: Number(r.value) }, Number(r.supply_price))],
    );
  }
  return rows.length;
}

/**
 * Republishes every outlet product served by a source (its cost, on/off shelf, regions) to that outlet's
 * change feed, outlets in id order (a stable lock order). Returns how many products were published.
 */
export async function republishSourceProducts(q: Queryable, sourceId: string, now: number): Promise<number> {
  const { rows } = await q.query<{ id: string; outlet_id: string }>(
    'SELECT id, outlet_id FROM products WHERE source_id = $1 ORDER BY outlet_id, id',
    [sourceId],
  );
  if (rows.length === 0) return 0;
  const views = new Map((await productsWithCost(q, 'p.source_id = $1', [sourceId])).map((p) => [p.id, p]));
  const byOutlet = new Map<string, Product[]>();
  for (const r of rows) byOutlet.set(r.outlet_id, [...(byOutlet.get(r.outlet_id) ?? []), views.get(r.id)!]);
  for (const [outletId, list] of byOutlet) await publishProducts(q, outletId, list, now);
  return rows.length;
}
