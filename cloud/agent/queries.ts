// Runtime: Node. What an agent's back office reads: its outlets, and the goods sources with the supply
// price, the agent's resolved markup (agent_markups, the figure orders use) and the rule that set it.
import type { Category } from '../../shared/sync/protocol';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';

export interface AgentOutlet {
  id: string;
  name: string;
  timezone: string;
}

export async function agentOutlets(q: Queryable, agentId: string): Promise<AgentOutlet[]> {
  const { rows } = await q.query<AgentOutlet>(
    "SELECT id, name, timezone FROM organizations WHERE parent_id = $1 AND type = 'outlet' ORDER BY name, id",
    [agentId],
  );
  return rows;
}

export interface AgentSource {
  id: string;
  kind: 'physical' | 'topup' | 'gamecard';
  name: string;
  carrier: string | null;
  faceValue: number | null;
  supplyPrice: number;
  /** fen; 0 when the agent has none for this source */
  markup: number;
  /** supplyPrice + markup: what the agent's outlets pay */
  cost: number;
  /** the rule in force: the source's own, else its kind's, else none (a seeded figure) */
  rule: { scope: 'source' | 'kind'; basis: 'fixed' | 'bps'; value: number } | null;
}

export async function agentSources(q: Queryable, agentId: string): Promise<AgentSource[]> {
  return (await sourcesWithMarkup(q, agentId)).map(({ active: _a, ...s }) => s);
}

/** agentSources plus whether each source is on shelf; `sourceId` narrows it to one source. */
export async function sourcesWithMarkup(
  q: Queryable,
  agentId: string,
  sourceId?: string,
): Promise<(AgentSource & { active: boolean })[]> {
  const { rows } = await q.query<{
    id: string;
    kind: AgentSource['kind'];
    name: string;
    carrier: string | null;
    face_value: string | null;
    supply_price: string;
    active: boolean;
    markup: string | null;
    rs_basis: 'fixed' | 'bps' | null;
    rs_value: string | null;
    rk_basis: 'fixed' | 'bps' | null;
    rk_value: string | null;
  }>(
    `SELECT s.id, s.kind, s.name, s.carrier, s.face_value, s.supply_price, s.active, m.markup,
            rs.basis AS rs_basis, rs.value AS rs_value, rk.basis AS rk_basis, rk.value AS rk_value
       FROM goods_sources s
       LEFT JOIN agent_markups m ON m.agent_id = $1 AND m.source_id = s.id
       LEFT JOIN agent_markup_rules rs ON rs.agent_id = $1 AND rs.scope = 'source' AND rs.target = s.id::text
       LEFT JOIN agent_markup_rules rk ON rk.agent_id = $1 AND rk.scope = 'kind' AND rk.target = s.kind
      ${sourceId === undefined ? '' : 'WHERE s.id = $2'}
      ORDER BY s.kind, s.carrier NULLS LAST, s.face_value NULLS LAST, s.name, s.id`,
    sourceId === undefined ? [agentId] : [agentId, sourceId],
  );
  return rows.map((r) => {
    const markup = r.markup === null ? 0 : Number(r.markup);
    const supplyPrice = Number(r.supply_price);
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      carrier: r.carrier,
      faceValue: r.face_value === null ? null : Number(r.face_value),
      supplyPrice,
      markup,
      cost: supplyPrice + markup,
      rule: r.rs_basis
        ? { scope: 'source', basis: r.rs_basis, value: Number(r.rs_value) }
        : r.rk_basis
          ? { scope: 'kind', basis: r.rk_basis, value: Number(r.rk_value) }
          : null,
      active: r.active,
    };
  });
}

/**
 * FORBIDDEN unless `outletId` is an outlet of this agent. Stricter than assertCanEdit (which also lets an
 * organisation edit itself): an agent route must never act on the agent's own org id as if it were an outlet.
 */
export async function assertAgentsOutlet(q: Queryable, agentId: string, outletId: string): Promise<void> {
  const { rows } = await q.query<{ parent_id: string | null; type: string }>(
    'SELECT parent_id, type FROM organizations WHERE id = $1',
    [outletId],
  );
  if (rows[0]?.type !== 'outlet' || rows[0].parent_id !== agentId)
    throw new AppError('FORBIDDEN', 'This outlet is not one of your outlets');
}

/** One of the agent's outlets' categories, parents before children at each level (FORBIDDEN for another's outlet). */
export async function outletCategories(q: Queryable, agentId: string, outletId: string): Promise<Category[]> {
  await assertAgentsOutlet(q, agentId, outletId);
  const { rows } = await q.query<{ id: string; parent_id: string | null; name: string; sort: number | string }>(
    'SELECT id, parent_id, name, sort FROM categories WHERE outlet_id = $1 ORDER BY sort, name, id',
    [outletId],
  );
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, sort: Number(r.sort) }));
}
