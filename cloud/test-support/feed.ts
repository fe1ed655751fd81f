// Runtime: Node (tests). Reading an outlet's catalog change feed the way a device does: by cursor, page by
// page, to the end.
import { PATHS, zCatalogChangesResponse, type CatalogChange } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import type { EmployeeClient } from '../security/testing/client';

/** Every change after `cursor`, as the given device/session sees its feed. */
export async function feedAfter(client: EmployeeClient, cursor: number): Promise<CatalogChange[]> {
  const out: CatalogChange[] = [];
  for (let more = true; more;) {
    const page = zCatalogChangesResponse.parse(
      (await client.call('GET', `${PATHS.catalogChanges}?cursor=${cursor}&limit=5000`)).body,
    );
    out.push(...page.changes);
    cursor = page.nextCursor;
    more = page.hasMore;
  }
  return out;
}

/** The newest seq in the feed table (all outlets): a cursor from which only later changes are read. */
export async function lastFeedSeq(q: Queryable): Promise<number> {
  return Number(
    (await q.query<{ s: string }>('SELECT coalesce(max(seq), 0)::text AS s FROM catalog_changes')).rows[0]!.s,
  );
}
