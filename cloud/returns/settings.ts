// Runtime: Node. The statements of the outlet's sale rules (shared/sale/settings.ts): 抹零, the void window and
// the refund alert threshold, kept on the outlet's organizations row. The routes are settings-routes.ts; the
// tills read rounding and the void window through their login policy (cloud/auth/policy.ts), the refund alert
// is read by repository.ts on each pushed return.
import type { SaleSettings } from '../../shared/sale/settings';
import type { RoundingRule } from '../../shared/sale/pricing';
import type { Queryable } from '../db/types';

/**
 * The outlet's sale rules. `lock` takes the organizations row FOR UPDATE (inside the caller's transaction), so a
 * change reads the rules it replaces (the audit's `before`) and writes them with no other change in between.
 */
export async function readSaleSettings(q: Queryable, outletId: string, lock = false): Promise<SaleSettings> {
  const { rows } = await q.query<{
    rounding_rule: RoundingRule;
    void_window_minutes: number;
    refund_alert_fen: string | number;
  }>(
    `SELECT rounding_rule, void_window_minutes, refund_alert_fen FROM organizations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [outletId],
  );
  const r = rows[0]!;
  return {
    rounding: r.rounding_rule,
    voidWindowMinutes: r.void_window_minutes,
    refundAlertFen: Number(r.refund_alert_fen) as SaleSettings['refundAlertFen'],
  };
}

export async function writeSaleSettings(q: Queryable, outletId: string, s: SaleSettings): Promise<void> {
  await q.query(
    'UPDATE organizations SET rounding_rule = $2, void_window_minutes = $3, refund_alert_fen = $4 WHERE id = $1',
    [outletId, s.rounding, s.voidWindowMinutes, s.refundAlertFen],
  );
}
