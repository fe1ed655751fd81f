// Runtime: Node. The per-outlet catalog: products, categories and the change feed devices pull by cursor.
import type { Category, CatalogChange, Product, StaffCardEntry, StockSnapshot } from '../../shared/sync/protocol';
import { employeeView } from '../auth/accounts';
import type { Queryable } from '../db/types';
import { feedCards } from '../security/staff-cards';

/**
 * Serialises catalog writers of one outlet for the rest of the transaction. Every writer to
 * catalog_changes must call this first: then the seq values of an outlet are handed out in commit order,
 * and a reader that paged past seq N never misses a change that commits later with a smaller seq.
 */
export async function lockOutletCatalog(q: Queryable, outletId: string): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [outletId]);
}

export type ChangeInput =
  | { entity: 'product'; op: 'upsert'; data: Product }
  | { entity: 'category'; op: 'upsert'; data: Category }
  | { entity: 'stock'; op: 'upsert'; data: StockSnapshot }
  | { entity: 'product' | 'category'; op: 'delete'; id: string };

/** Appends changes with multi-row inserts. Caller holds lockOutletCatalog in the same transaction. */
export async function appendChanges(
  q: Queryable,
  outletId: string,
  changes: ChangeInput[],
  now: number,
  chunk = 1000,
): Promise<void> {
  for (let i = 0; i < changes.length; i += chunk) {
    const part = changes.slice(i, i + chunk);
    const params: unknown[] = [outletId, now];
    const values = part.map((c) => {
      const id = c.op === 'delete' ? c.id : c.entity === 'stock' ? c.data.productId : c.data.id;
      params.push(c.entity, id, c.op, c.op === 'delete' ? null : JSON.stringify(c.data));
      const b = params.length - 3;
      return `($1, $${b}, $${b + 1}, $${b + 2}, $${b + 3}::jsonb, $2)`;
    });
    await q.query(
      `INSERT INTO catalog_changes (outlet_id, entity, entity_id, op, data, created_at) VALUES ${values.join(',')}`,
      params,
    );
  }
}

interface ChangeRow {
  seq: number;
  entity: 'product' | 'category' | 'stock';
  entity_id: string;
  op: 'upsert' | 'delete';
  data: unknown;
}

interface EmployeeLogins {
  disabledEmployees: string[];
  passwordChanges: { employeeId: string; at: number }[];
  staffCards: StaffCardEntry[];
}

/**
 * What tills must know about the outlet's logins, sent with every feed page (a handful of rows): the
 * disabled employees, when passwords changed — a till forgets an offline login remembered before it — and the
 * enabled employees' staff cards (hashes only), which replace the till's list whole.
 */
async function employeeLogins(q: Queryable, outletId: string): Promise<EmployeeLogins> {
  const { rows } = await q.query<{ id: string; disabled: boolean; changed: string | null }>(
    `SELECT id, disabled_at IS NOT NULL AS disabled, password_changed_at AS changed FROM employees
      WHERE org_id = $1 AND (disabled_at IS NOT NULL OR password_changed_at IS NOT NULL) ORDER BY id LIMIT 10000`,
    [outletId],
  );
  return {
    disabledEmployees: rows.filter((r) => r.disabled).map((r) => r.id),
    passwordChanges: rows.filter((r) => r.changed !== null).map((r) => ({ employeeId: r.id, at: Number(r.changed) })),
    staffCards: (await feedCards(q, outletId)).map((e) => ({
      employeeId: e.id,
      verifier: e.card_hash!,
      employee: employeeView(e),
    })),
  };
}

export async function readChanges(
  q: Queryable,
  outletId: string,
  cursor: number,
  limit: number,
): Promise<
  {
    changes: CatalogChange[];
    nextCursor: number;
    hasMore: boolean;
  } & EmployeeLogins
> {
  const { rows } = await q.query<ChangeRow>(
    `SELECT seq, entity, entity_id, op, data FROM catalog_changes
      WHERE outlet_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [outletId, cursor, limit + 1],
  );
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  // Stock rows are only ever upserts (snapshots); deletes are of products and categories.
  const changes = page.map((r): CatalogChange => {
    const data = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
    return (
      r.op === 'delete'
        ? { seq: Number(r.seq), entity: r.entity, op: 'delete', id: r.entity_id }
        : { seq: Number(r.seq), entity: r.entity, op: 'upsert', data }
    ) as CatalogChange;
  });
  const last = page[page.length - 1];
  return { changes, nextCursor: last ? Number(last.seq) : cursor, hasMore, ...(await employeeLogins(q, outletId)) };
}

/**
 * The same page as readChanges, as the JSON text of a CatalogChangesResponse. The feed rows are stored
 * as the JSON they are served as, so each change is rendered by the database (::text) and joined here:
 * no parse into objects and re-serialisation per row, which dominates serving a 500k-SKU initial sync.
 */
export async function readChangesJson(q: Queryable, outletId: string, cursor: number, limit: number): Promise<string> {
  // An initial sync (cursor 0) is about to page through the whole feed. With statistics from before a bulk
  // import (PGlite has no autovacuum) the planner expects a few hundred rows and answers every page with a
  // bitmap scan of ALL rows after the cursor plus a sort: quadratic, ~200 ms a page at 100k rows. Fresh
  // statistics give an index scan that stops at LIMIT (~10 ms). ANALYZE samples a bounded number of rows.
  if (cursor === 0) await q.query('ANALYZE catalog_changes');
  const { rows } = await q.query<{ seq: number; change: string }>(
    `SELECT seq, CASE WHEN op = 'delete'
        THEN json_build_object('seq', seq, 'entity', entity, 'op', op, 'id', entity_id)::text
        ELSE '{"seq":' || seq || ',"entity":"' || entity || '","op":"upsert","data":' || data::text || '}' END AS change
      FROM catalog_changes WHERE outlet_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [outletId, cursor, limit + 1],
  );
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const nextCursor = last ? Number(last.seq) : cursor;
  const logins = await employeeLogins(q, outletId);
  return `{"changes":[${page.map((r) => r.change).join(',')}],"nextCursor":${nextCursor},"hasMore":${hasMore},"disabledEmployees":${JSON.stringify(logins.disabledEmployees)},"passwordChanges":${JSON.stringify(logins.passwordChanges)},"staffCards":${JSON.stringify(logins.staffCards)}}`;
}

/**
 * Stock moved by accepted sales: subtracts the quantities from the outlet's stock-tracked products and
 * publishes the new figures as 'stock' snapshots in the feed (one per product, whatever the number of
 * lines). Takes the outlet's catalog lock itself; call it once per transaction, after the orders are in.
 * Stock may go below zero: a sale made offline is a fact, and the shortfall is for the shop to see.
 */
export async function applySalesToStock(
  q: Queryable,
  outletId: string,
  lines: { productId: string; qty: number }[],
  now: number,
): Promise<void> {
  const byProduct = new Map<string, number>();
  for (const l of lines) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + l.qty);
  if (byProduct.size === 0) return;
  await lockOutletCatalog(q, outletId);
  const ids = [...byProduct.keys()].sort();
  const { rows } = await q.query<{ id: string; stock: number }>(
    `UPDATE products p SET stock = p.stock - d.qty, updated_at = $3
       FROM unnest($2::uuid[], $4::int[]) AS d(id, qty)
      WHERE p.outlet_id = $1 AND p.id = d.id AND p.stock IS NOT NULL
      RETURNING p.id, p.stock`,
    [outletId, ids, now, ids.map((id) => byProduct.get(id)!)],
  );
  await appendChanges(
    q,
    outletId,
    rows.map((r): ChangeInput => ({
      entity: 'stock',
      op: 'upsert',
      data: { productId: r.id, stock: Number(r.stock) },
    })),
    now,
  );
}

/** Sets the outlet's stock figure of products (a stock take or a delivery booked in the back office). */
export async function setStock(q: Queryable, outletId: string, items: StockSnapshot[], now: number): Promise<void> {
  if (items.length === 0) return;
  await lockOutletCatalog(q, outletId);
  const { rows } = await q.query<{ id: string; stock: number }>(
    `UPDATE products p SET stock = d.stock, updated_at = $2
       FROM unnest($3::uuid[], $4::int[]) AS d(id, stock)
      WHERE p.outlet_id = $1 AND p.id = d.id AND p.kind = 'physical'
      RETURNING p.id, p.stock`,
    [outletId, now, items.map((i) => i.productId), items.map((i) => i.stock)],
  );
  await appendChanges(
    q,
    outletId,
    rows.map((r): ChangeInput => ({
      entity: 'stock',
      op: 'upsert',
      data: { productId: r.id, stock: Number(r.stock) },
    })),
    now,
  );
}
