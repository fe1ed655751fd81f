// Runtime: Node. Custom categories of any depth (category → brand → series → model → variant …) per outlet,
// editable by the outlet and by its agent without asking anyone. A category is a parentId chain; every
// write is checked so the chain stays a tree (a move under itself or under one of its descendants is
// refused), and published to the outlet's change feed under the outlet's catalog lock (cloud/catalog/repository.ts).
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { Category } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { appendChanges, lockOutletCatalog } from '../catalog/repository';

interface CategoryRow {
  id: string;
  outlet_id: string;
  parent_id: string | null;
  name: string;
  sort: number;
}
const view = (r: CategoryRow): Category => ({ id: r.id, parentId: r.parent_id, name: r.name, sort: Number(r.sort) });

/** The outlet itself, or the agent the outlet belongs to, may edit the outlet's catalog. */
export async function assertCanEdit(q: Queryable, editorOrgId: string, outletId: string): Promise<void> {
  if (editorOrgId === outletId) return;
  const { rows } = await q.query<{ parent_id: string | null; type: string }>(
    'SELECT parent_id, type FROM organizations WHERE id = $1',
    [outletId],
  );
  if (rows[0]?.type !== 'outlet' || rows[0].parent_id !== editorOrgId)
    throw new AppError('FORBIDDEN', 'Only the outlet and its agent edit this catalog');
}

async function getCategory(q: Queryable, outletId: string, id: string): Promise<CategoryRow> {
  const { rows } = await q.query<CategoryRow>('SELECT * FROM categories WHERE id = $1 AND outlet_id = $2', [
    id,
    outletId,
  ]);
  if (!rows[0]) throw new AppError('NOT_FOUND', 'No such category in this outlet', { id });
  return rows[0];
}

/** true when `candidate` is `id` or lies below it (walks candidate's ancestors; bounded by the tree's depth). */
async function isSelfOrDescendant(q: Queryable, id: string, candidate: string): Promise<boolean> {
  const { rows } = await q.query<{ hit: boolean }>(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM categories WHERE id = $2
       UNION ALL SELECT c.id, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id WHERE up.depth < 10000
     ) SELECT EXISTS (SELECT 1 FROM up WHERE id = $1) AS hit`,
    [id, candidate],
  );
  return rows[0]!.hit;
}

async function publish(q: Queryable, row: CategoryRow, now: number): Promise<Category> {
  const c = view(row);
  await appendChanges(q, row.outlet_id, [{ entity: 'category', op: 'upsert', data: c }], now);
  return c;
}

export async function createCategory(
  q: Queryable,
  editorOrgId: string,
  outletId: string,
  input: { parentId: string | null; name: string; sort?: number },
  now: number,
): Promise<Category> {
  await assertCanEdit(q, editorOrgId, outletId);
  await lockOutletCatalog(q, outletId);
  if (input.parentId) await getCategory(q, outletId, input.parentId);
  const { rows } = await q.query<CategoryRow>(
    'INSERT INTO categories (id, outlet_id, parent_id, name, sort, updated_at, edited_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
    [uuidv4(), outletId, input.parentId, input.name, input.sort ?? 0, now, editorOrgId],
  );
  return publish(q, rows[0]!, now);
}

/** Rename, re-sort or move (parentId; null = top level). A move that would make a cycle is refused. */
export async function updateCategory(
  q: Queryable,
  editorOrgId: string,
  outletId: string,
  id: string,
  input: { parentId?: string | null; name?: string; sort?: number },
  now: number,
): Promise<Category> {
  await assertCanEdit(q, editorOrgId, outletId);
  // The catalog lock also serialises moves: two concurrent moves cannot each pass the check and form a cycle.
  await lockOutletCatalog(q, outletId);
  const cur = await getCategory(q, outletId, id);
  const parentId = input.parentId === undefined ? cur.parent_id : input.parentId;
  if (parentId !== null && parentId !== cur.parent_id) {
    await getCategory(q, outletId, parentId);
    if (await isSelfOrDescendant(q, id, parentId))
      throw new AppError('VALIDATION', 'A category cannot move under itself or its own descendant', [
        { path: 'parentId', message: 'would make a cycle' },
      ]);
  }
  const { rows } = await q.query<CategoryRow>(
    'UPDATE categories SET parent_id = $2, name = $3, sort = $4, updated_at = $5, edited_by = $6 WHERE id = $1 RETURNING *',
    [id, parentId, input.name ?? cur.name, input.sort ?? cur.sort, now, editorOrgId],
  );
  return publish(q, rows[0]!, now);
}

/** The path from the top to this category (names), e.g. 手机 › 苹果 › iPhone 15 › Pro › 256G. */
export async function categoryPath(q: Queryable, outletId: string, id: string): Promise<string[]> {
  const { rows } = await q.query<{ name: string; depth: number }>(
    `WITH RECURSIVE up(id, parent_id, name, depth) AS (
       SELECT id, parent_id, name, 0 FROM categories WHERE id = $1 AND outlet_id = $2
       UNION ALL SELECT c.id, c.parent_id, c.name, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id WHERE up.depth < 10000
     ) SELECT name, depth FROM up ORDER BY depth DESC`,
    [id, outletId],
  );
  return rows.map((r) => r.name);
}

/** The outlet's whole tree, flat (parentId), ordered by sort then name at every level (the screen nests it). */
export async function listCategories(q: Queryable, outletId: string): Promise<Category[]> {
  const { rows } = await q.query<CategoryRow>('SELECT * FROM categories WHERE outlet_id = $1 ORDER BY sort, name, id', [
    outletId,
  ]);
  return rows.map(view);
}
