// Runtime: Node. A supplier publishes its goods sources (货源) machine to machine: upsert by the supplier's own
// id (external_id), judged in ONE transaction with everything it causes:
//  - a repeated requestId (the supplier's replay key) → 'replayed', nothing changes;
//  - a version not above the stored one (a late or reordered request) → 'stale', nothing changes;
//  - a new source → 'created' (agents' kind rules give it a markup at once);
//  - a changed one → 'updated': a new supply price re-resolves the agents' rule-based markups
//    (catalog-admin/prices.ts) and every outlet product it serves is republished to its outlet's feed with the
//    new cost; off shelf (active false) publishes those products inactive — virtual submit refuses them, as
//    for any inactive source — and back on shelf publishes them sellable again;
//  - identical content → 'unchanged' (the version still moves on).
// kind, carrier and face value are what an outlet's product was made for: they never change under it (a
// different denomination is a different source: a new externalId). Every judged request is audited in the
// supplier's chain; a refused one (VALIDATION, CONFLICT) stores nothing, so the supplier may fix and resend it.
import { v4 as uuidv4 } from 'uuid';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { zFen } from '../../shared/money';
import { CARRIERS } from '../../shared/sync/protocol';
import { republishSourceProducts, resolveSourceMarkups } from '../catalog-admin/prices';
import type { CloudDb, Queryable } from '../db/types';
import { appendAudit } from '../security/audit';
import type { SupplierAdapter, SupplierRegistry } from './adapter';

export const SUPPLIER_SOURCE_KINDS = ['topup', 'gamecard', 'utility', 'physical'] as const;
export const zExternalId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, '1–64 letters, digits or . _ : -');

export const zPublishSource = z
  .object({
    /** the supplier's unique id of this request: a repeat is answered 'replayed' */
    requestId: z.string().min(1).max(128),
    /** grows with every change the supplier makes to this source (e.g. its epoch ms); older = stale */
    version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    kind: z.enum(SUPPLIER_SOURCE_KINDS),
    name: z.string().trim().min(1).max(200),
    /** top-ups only, and required for them */
    carrier: z.enum(CARRIERS).nullable().optional(),
    /** face value (fen) of a top-up, card or bill; null for physical goods */
    faceValue: zFen.nullable().optional(),
    supplyPrice: zFen,
    /** top-ups only: provinces of the phone-prefix table it may be sold to; null or absent = nationwide */
    regions: z.array(z.string().trim().min(1).max(32)).min(1).max(40).nullable().optional(),
    /** utilities only, and required for them: the company the bill is paid to */
    biller: z.string().trim().min(1).max(100).nullable().optional(),
    /** on shelf */
    active: z.boolean(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((b.kind === 'topup') !== Boolean(b.carrier))
      issue('carrier', b.kind === 'topup' ? 'required for top-ups' : 'top-ups only');
    if (b.kind !== 'physical' && (b.faceValue === null || b.faceValue === undefined || b.faceValue <= 0))
      issue('faceValue', 'a positive face value is required for virtual goods');
    if ((b.kind === 'utility') !== Boolean(b.biller))
      issue('biller', b.kind === 'utility' ? 'required for utility bills' : 'utility bills only');
    if (b.regions && b.kind !== 'topup') issue('regions', 'top-ups only (a bill is regional by its biller)');
    if (b.regions && new Set(b.regions).size !== b.regions.length) issue('regions', 'listed twice');
  });
export type PublishSource = z.infer<typeof zPublishSource>;

export interface SupplierSourceView {
  id: string;
  externalId: string | null;
  kind: (typeof SUPPLIER_SOURCE_KINDS)[number];
  name: string;
  carrier: string | null;
  faceValue: number | null;
  supplyPrice: number;
  regions: string[] | null;
  biller: string | null;
  active: boolean;
  version: number;
  updatedAt: number | null;
}

interface SourceRow {
  id: string;
  supplier_id: string;
  external_id: string | null;
  kind: SupplierSourceView['kind'];
  name: string;
  carrier: string | null;
  face_value: string | number | null;
  supply_price: string | number;
  regions: string[] | null;
  biller: string | null;
  active: boolean;
  version: string | number;
  updated_at: string | number | null;
  created_at: string | number;
}

export function sourceView(r: SourceRow): SupplierSourceView {
  return {
    id: r.id,
    externalId: r.external_id,
    kind: r.kind,
    name: r.name,
    carrier: r.carrier,
    faceValue: r.face_value === null ? null : Number(r.face_value),
    supplyPrice: Number(r.supply_price),
    regions: r.regions,
    biller: r.biller,
    active: r.active,
    version: Number(r.version),
    updatedAt: r.updated_at === null ? null : Number(r.updated_at),
  };
}

export type PublishOutcome = 'created' | 'updated' | 'unchanged' | 'stale' | 'replayed';
export interface PublishResult {
  outcome: PublishOutcome;
  source: SupplierSourceView | null;
  /** agents' markups re-resolved */
  markups: number;
  /** outlet products republished to their feeds */
  products: number;
}

/** NOT_FOUND unless the organisation is a supplier. */
export async function assertSupplier(q: Queryable, supplierId: string): Promise<void> {
  const { rows } = await q.query<{ type: string }>('SELECT type FROM organizations WHERE id = $1', [supplierId]);
  if (rows[0]?.type !== 'supplier') throw new AppError('NOT_FOUND', 'Unknown supplier');
}

/**
 * The adapter of a supplier organisation, for every supplier route (callbacks and publishing) BEFORE its
 * signature is checked or anything written: NOT_FOUND for an id that is not a supplier — a registry with a
 * fallback adapter answers for every id, so the registry alone cannot tell — or that has no adapter.
 */
export async function supplierAdapterOf(
  q: Queryable,
  registry: SupplierRegistry,
  supplierId: string,
): Promise<SupplierAdapter> {
  await assertSupplier(q, supplierId);
  const adapter = registry.get(supplierId);
  if (!adapter) throw new AppError('NOT_FOUND', 'Unknown supplier');
  return adapter;
}

export async function listSupplierSources(q: Queryable, supplierId: string): Promise<SupplierSourceView[]> {
  await assertSupplier(q, supplierId);
  const { rows } = await q.query<SourceRow>(
    'SELECT * FROM goods_sources WHERE supplier_id = $1 ORDER BY kind, external_id, id',
    [supplierId],
  );
  return rows.map(sourceView);
}

export async function publishSource(
  db: CloudDb,
  supplierId: string,
  externalId: string,
  body: PublishSource,
  now: number,
): Promise<PublishResult> {
  return db.tx(async (q) => {
    await assertSupplier(q, supplierId);
    // One publish of one source at a time (also serialises two first publishes of a new externalId).
    await q.query("SELECT pg_advisory_xact_lock(hashtext('supplier-source:' || $1 || ':' || $2))", [
      supplierId,
      externalId,
    ]);
    const seen = await q.query(
      `INSERT INTO supplier_publications (supplier_id, request_id, source_id, outcome, received_at) VALUES ($1, $2, NULL, 'unchanged', $3)
       ON CONFLICT (supplier_id, request_id) DO NOTHING RETURNING request_id`,
      [supplierId, body.requestId, now],
    );
    if (seen.rows.length === 0) {
      // The source the first request was about, as it is now.
      const first = await q.query<SourceRow>(
        'SELECT s.* FROM supplier_publications p JOIN goods_sources s ON s.id = p.source_id WHERE p.supplier_id = $1 AND p.request_id = $2',
        [supplierId, body.requestId],
      );
      return { outcome: 'replayed', source: first.rows[0] ? sourceView(first.rows[0]) : null, markups: 0, products: 0 };
    }
    const { rows } = await q.query<SourceRow>(
      'SELECT * FROM goods_sources WHERE supplier_id = $1 AND external_id = $2 FOR UPDATE',
      [supplierId, externalId],
    );
    const before = rows[0];

    await assertProvinces(q, body.regions ?? null);
    const regions = body.regions ?? null;
    const biller = body.biller ?? null;
    let outcome: PublishOutcome;
    let after: SourceRow;
    let markups = 0;
    let products = 0;
    if (!before) {
      const ins = await q.query<SourceRow>(
        `INSERT INTO goods_sources (id, supplier_id, external_id, kind, name, carrier, face_value, supply_price, regions, biller, active, version, updated_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING *`,
        [
          uuidv4(),
          supplierId,
          externalId,
          body.kind,
          body.name,
          body.carrier ?? null,
          body.faceValue ?? null,
          body.supplyPrice,
          regions,
          biller,
          body.active,
          body.version,
          now,
        ],
      );
      after = ins.rows[0]!;
      outcome = 'created';
      markups = await resolveSourceMarkups(q, after.id);
    } else if (body.version <= Number(before.version)) {
      after = before;
      outcome = 'stale';
    } else {
      for (const [field, was, now_] of [
        ['kind', before.kind, body.kind],
        ['carrier', before.carrier, body.carrier ?? null],
        ['faceValue', before.face_value === null ? null : Number(before.face_value), body.faceValue ?? null],
      ] as const) {
        if (was !== now_)
          throw new AppError('CONFLICT', `${field} of a published source cannot change: publish a new externalId`, {
            field,
            was,
            requested: now_,
          });
      }
      const priceChanged = Number(before.supply_price) !== body.supplyPrice;
      const feedChanged =
        priceChanged || before.active !== body.active || !sameList(before.regions, regions) || before.biller !== biller;
      const up = await q.query<SourceRow>(
        `UPDATE goods_sources SET name = $2, supply_price = $3, regions = $4, biller = $5, active = $6, version = $7, updated_at = $8 WHERE id = $1 RETURNING *`,
        [before.id, body.name, body.supplyPrice, regions, biller, body.active, body.version, now],
      );
      after = up.rows[0]!;
      outcome = feedChanged || before.name !== body.name ? 'updated' : 'unchanged';
      if (priceChanged) markups = await resolveSourceMarkups(q, after.id);
      if (feedChanged) products = await republishSourceProducts(q, after.id, now);
    }
    await q.query(
      'UPDATE supplier_publications SET outcome = $3, source_id = $4 WHERE supplier_id = $1 AND request_id = $2',
      [supplierId, body.requestId, outcome, after.id],
    );
    await appendAudit(q, {
      orgId: supplierId,
      at: now,
      action: 'supplier.source.publish',
      target: after.id,
      outcome: 'ok',
      before: before ? sourceView(before) : null,
      after: sourceView(after),
      details: { requestId: body.requestId, externalId, version: body.version, result: outcome, markups, products },
    });
    return { outcome, source: sourceView(after), markups, products };
  });
}

function sameList(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Regions must be provinces the phone-prefix table knows, or submit could never match them. */
async function assertProvinces(q: Queryable, regions: string[] | null): Promise<void> {
  if (!regions) return;
  const { rows } = await q.query<{ province: string }>(
    'SELECT DISTINCT province FROM phone_prefixes WHERE province = ANY($1::text[])',
    [regions],
  );
  const known = new Set(rows.map((r) => r.province));
  const unknown = regions.map((r, i) => ({ r, i })).filter((x) => !known.has(x.r));
  if (unknown.length > 0) {
    throw new AppError(
      'VALIDATION',
      `Unknown province: ${unknown.map((x) => x.r).join(', ')}`,
      unknown.map((x) => ({ path: `regions.${x.i}`, message: `not a province of the phone-prefix table: ${x.r}` })),
    );
  }
}
