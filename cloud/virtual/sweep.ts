// Runtime: Node. The fulfilment clock: runs on a timer in the cloud process (and by hand in tests).
//  - pending orders past their SLA become 'stuck' (the outlet sees it at once; the money stays reserved);
//  - open orders (pending / stuck) are queried at the supplier when due, with doubling intervals;
//  - after maxQueries without a final answer, the order is escalated to the operators and queries stop.
// Every step locks the order row, so two cloud processes sweeping at once do each step once.
import type { CloudDb } from '../db/types';
import type { FulfilmentConfig } from './config';
import { appendEvent, lockOrder } from './rows';
import { applyAnswer } from './settle';

export interface SweepReport {
  stuck: number;
  queried: number;
  resolved: number;
  escalated: number;
}

export async function sweepVirtualOrders(
  db: CloudDb,
  cfg: FulfilmentConfig,
  now: number,
  batch = 200,
): Promise<SweepReport> {
  const report: SweepReport = { stuck: 0, queried: 0, resolved: 0, escalated: 0 };
  const late = await db.query<{ id: string }>(
    "SELECT id FROM virtual_orders WHERE status = 'pending' AND sla_deadline <= $1 ORDER BY sla_deadline LIMIT $2",
    [now, batch],
  );
  for (const { id } of late.rows) {
    const changed = await db.tx(async (q) => {
      const o = await lockOrder(q, id);
      if (!o || o.status !== 'pending' || Number(o.sla_deadline) > now) return false;
      await q.query("UPDATE virtual_orders SET status = 'stuck', status_reason = $2, updated_at = $3 WHERE id = $1", [
        id,
        '供货商超时未响应',
        now,
      ]);
      await appendEvent(q, o, 'pending', 'stuck', 'sla', 'no supplier answer within the SLA', now);
      return true;
    });
    if (changed) report.stuck++;
  }

  const due = await db.query<{ id: string; supplier_id: string }>(
    "SELECT id, supplier_id FROM virtual_orders WHERE status IN ('pending', 'stuck') AND next_query_at <= $1 ORDER BY next_query_at LIMIT $2",
    [now, batch],
  );
  for (const { id, supplier_id } of due.rows) {
    // Claim the query slot first (attempts++, next time), so a second process does not query the same order now.
    const claimed = await db.query<{ query_attempts: number }>(
      `UPDATE virtual_orders SET query_attempts = query_attempts + 1, next_query_at = $2 + $3::bigint * (2 ^ query_attempts)::bigint
        WHERE id = $1 AND status IN ('pending', 'stuck') AND next_query_at <= $2 RETURNING query_attempts`,
      [id, now, cfg.queryIntervalMs],
    );
    const attempt = claimed.rows[0]?.query_attempts;
    if (attempt === undefined) continue;
    report.queried++;
    const adapter = cfg.suppliers.get(supplier_id);
    let outcome: string = 'no_change';
    if (adapter) {
      try {
        outcome = await applyAnswer(db, id, await adapter.query(id), 'query', now, cfg.cardKey);
      } catch {
        outcome = 'no_change'; // supplier unreachable: try again at the next slot
      }
    }
    if (outcome === 'applied') report.resolved++;
    else if (attempt >= cfg.maxQueries) {
      const escalated = await db.tx(async (q) => {
        const o = await lockOrder(q, id);
        if (!o || (o.status !== 'pending' && o.status !== 'stuck') || o.escalated_at !== null) return false;
        await q.query(
          "UPDATE virtual_orders SET status = 'stuck', escalated_at = $2, next_query_at = NULL, status_reason = $3, updated_at = $2 WHERE id = $1",
          [id, now, '已升级人工处理'],
        );
        await appendEvent(q, o, o.status, 'stuck', 'sla', `escalated after ${attempt} queries`, now);
        return true;
      });
      if (escalated) report.escalated++;
    }
  }
  return report;
}
