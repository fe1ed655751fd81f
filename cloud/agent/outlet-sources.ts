// Runtime: Node. Which goods sources an outlet sells, chosen by its agent (区代).
//
// There is no selection table: an outlet sells a source exactly when it has an ACTIVE product whose
// source_id is that source (the same row virtual orders price from, cloud/virtual/orders.ts priceOf), so the
// choice and what the tills sell can never disagree. Choosing:
//   enable  → the outlet's product with this source_id is made active; else, for a top-up, the outlet's
//             active top-up of the same carrier and face value served by ANOTHER source is repointed to this
//             one (the agent switched supplier: sku, barcode, retail price and category stay, the cost
//             follows the new source); else a product is created for it (retail price = face value).
//             An off-shelf source cannot be enabled (VALIDATION).
//   disable → every product of the outlet with this source_id goes inactive (virtual orders for it are then
//             refused NOT_FOUND, as for any inactive product).
// Every change is published to the outlet's catalog change feed in the same transaction, under the outlet's
// catalog lock (cloud/catalog/repository.ts), which also serialises two choices for one outlet: a concurrent enable
// cannot create a second product for the same source. The feed's cost is supply price + this agent's markup.
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';
import { productsWithCost } from '../catalog-admin/product-view';
import { appendChanges, lockOutletCatalog } from '../catalog/repository';
import { assertAgentsOutlet, sourcesWithMarkup, type AgentSource } from './queries';

export interface OutletSource extends AgentSource {
  /** the source is on shelf (its supplier offers it now) */
  active: boolean;
  /** the outlet has an active product for it: the agent's choice (an off-shelf chosen source stays chosen, but cannot be ordered) */
  chosen: boolean;
  /** the outlet's product that sells it (the active one first), if any */
  productId: string | null;
  /** that product's retail price, fen */
  retailPrice: number | null;
}

interface OwnProductRow {
  id: string;
  source_id: string;
  price: string | number;
  active: boolean;
}

/** Every goods source with this outlet's choice. FORBIDDEN for an outlet that is not the agent's. */
export async function outletSources(q: Queryable, agentId: string, outletId: string): Promise<OutletSource[]> {
  await assertAgentsOutlet(q, agentId, outletId);
  const sources = await sourcesWithMarkup(q, agentId);
  const own = await ownProducts(q, outletId);
  return sources.map((s) => withChoice(s, own.get(s.id)));
}

/** The outlet's products that carry a source, one per source: the active one first, then the lowest id. */
async function ownProducts(q: Queryable, outletId: string, sourceId?: string): Promise<Map<string, OwnProductRow>> {
  const { rows } = await q.query<OwnProductRow>(
    `SELECT id, source_id, price, active FROM products
      WHERE outlet_id = $1 AND source_id IS NOT NULL${sourceId === undefined ? '' : ' AND source_id = $2'}
      ORDER BY source_id, active DESC, id`,
    sourceId === undefined ? [outletId] : [outletId, sourceId],
  );
  const out = new Map<string, OwnProductRow>();
  for (const r of rows) if (!out.has(r.source_id)) out.set(r.source_id, r);
  return out;
}

function withChoice(s: AgentSource & { active: boolean }, p: OwnProductRow | undefined): OutletSource {
  return { ...s, chosen: p?.active ?? false, productId: p?.id ?? null, retailPrice: p ? Number(p.price) : null };
}

/** A top-up (or any other service) is sold per transaction (笔), a game card per card (张), goods per piece (件). */
const unitOf = (kind: string): string => (kind === 'gamecard' ? '张' : kind === 'physical' ? '件' : '笔');

/**
 * The sku of a product made for a source: `V-` + the first 8 hex digits of the source id; if the outlet
 * already uses that sku (another source sharing the prefix, or the outlet's own product), `V-` + all 32.
 */
async function skuFor(q: Queryable, outletId: string, sourceId: string): Promise<string> {
  const hex = sourceId.replace(/-/g, '');
  const short = `V-${hex.slice(0, 8)}`;
  const taken = await q.query('SELECT 1 FROM products WHERE outlet_id = $1 AND sku = $2', [outletId, short]);
  if (taken.rows.length === 0) return short;
  const long = `V-${hex}`;
  const again = await q.query('SELECT 1 FROM products WHERE outlet_id = $1 AND sku = $2', [outletId, long]);
  if (again.rows.length > 0)
    throw new AppError('CONFLICT', 'The outlet already has a product with this source’s SKU', { sku: long });
  return long;
}

export interface SourceChoice {
  source: OutletSource;
  /** the source the outlet's product was served by before this one took it over (enable of a top-up only) */
  replacedSourceId: string | null;
  /** the outlet's products whose feed row this choice changed (none when it was already so) */
  changedProductIds: string[];
  /** the choice as it was, read under the outlet's catalog lock (for the audit row) */
  before: { chosen: boolean; productId: string | null };
}

/** Turns one source on or off for one of the agent's outlets (see the header). Caller runs it in a transaction. */
export async function chooseOutletSource(
  q: Queryable,
  agentId: string,
  outletId: string,
  sourceId: string,
  enabled: boolean,
  now: number,
): Promise<SourceChoice> {
  await assertAgentsOutlet(q, agentId, outletId);
  await lockOutletCatalog(q, outletId);
  const [source] = await sourcesWithMarkup(q, agentId, sourceId);
  if (!source) throw new AppError('NOT_FOUND', 'No such goods source', { sourceId });
  const mine = (await ownProducts(q, outletId, sourceId)).get(sourceId);
  const before = { chosen: mine?.active ?? false, productId: mine?.id ?? null };
  let replacedSourceId: string | null = null;
  let changed: string[] = [];

  if (!enabled) {
    const off = await q.query<{ id: string }>(
      'UPDATE products SET active = false, updated_at = $3 WHERE outlet_id = $1 AND source_id = $2 AND active RETURNING id',
      [outletId, sourceId, now],
    );
    changed = off.rows.map((r) => r.id);
  } else {
    if (!source.active)
      throw new AppError('VALIDATION', 'This goods source is off shelf and cannot be chosen', [
        { path: 'sourceId', message: 'source is not active' },
      ]);
    if (mine) {
      if (!mine.active) {
        await q.query('UPDATE products SET active = true, updated_at = $2 WHERE id = $1', [mine.id, now]);
        changed = [mine.id];
      }
    } else {
      const same =
        source.kind === 'topup' && source.carrier !== null && source.faceValue !== null
          ? await q.query<{ id: string; source_id: string }>(
              `SELECT id, source_id FROM products
              WHERE outlet_id = $1 AND kind = 'topup' AND active AND carrier = $2 AND face_value = $3 AND source_id IS NOT NULL AND source_id <> $4
              ORDER BY id LIMIT 1`,
              [outletId, source.carrier, source.faceValue, sourceId],
            )
          : { rows: [] };
      const prev = same.rows[0];
      if (prev) {
        // The agent switched supplier for this top-up: the till's product stays the same row.
        await q.query('UPDATE products SET source_id = $2, updated_at = $3 WHERE id = $1', [prev.id, sourceId, now]);
        replacedSourceId = prev.source_id;
        changed = [prev.id];
      } else {
        const id = uuidv4();
        await q.query(
          `INSERT INTO products (id, outlet_id, sku, barcode, name, category_id, kind, unit, price, face_value, carrier, source_id, active, updated_at, stock)
           VALUES ($1, $2, $3, NULL, $4, NULL, $5, $6, $7, $8, $9, $10, true, $11, $12)`,
          [
            id,
            outletId,
            await skuFor(q, outletId, sourceId),
            source.name.slice(0, 200),
            source.kind,
            unitOf(source.kind),
            source.faceValue ?? source.cost,
            source.faceValue,
            source.carrier,
            sourceId,
            now,
            source.kind === 'physical' ? 0 : null,
          ],
        );
        changed = [id];
      }
    }
  }
  if (changed.length > 0) {
    const products = await productsWithCost(q, 'p.id = ANY($1::uuid[]) ORDER BY p.id', [changed]);
    await appendChanges(
      q,
      outletId,
      products.map((data) => ({ entity: 'product' as const, op: 'upsert' as const, data })),
      now,
    );
  }
  return {
    source: withChoice(source, (await ownProducts(q, outletId, sourceId)).get(sourceId)),
    replacedSourceId,
    changedProductIds: changed,
    before,
  };
}
