// Runtime: Node. The outlet's sale rules (shared/sale/settings.ts), employee session:
//   GET /v1/sale-settings   report.view: 抹零, the void window, the refund alert threshold
//   PUT /v1/sale-settings   security.manage + the super password: they change what every till charges and
//                           what a cashier may undo, so they are set like the security settings, and audited.
// The tills read rounding and the void window from their login policy (cloud/auth/policy.ts): a change
// reaches a till at its next login or override; the refund alert is judged here, on each pushed return.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SALE_SETTINGS_PATH, zSaleSettings, type SaleSettings } from '../../shared/sale/settings';
import type { RoundingRule } from '../../shared/sale/pricing';
import type { Queryable } from '../db/types';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { withoutFactors } from '../security/employee-routes';
import { actorOf } from '../security/session-auth';

async function read(q: Queryable, outletId: string, lock = false): Promise<SaleSettings> {
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

export function saleSettingsRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      SALE_SETTINGS_PATH,
      { config: { permission: 'report.view' }, schema: { response: { 200: zSaleSettings } } },
      async (request) => read(ctx.db, actorOf(request).employee.org_id),
    );

    app.put(
      SALE_SETTINGS_PATH,
      {
        config: { permission: 'security.manage', sensitive: true, action: 'sale.settings' },
        schema: { body: withoutFactors(zSaleSettings), response: { 200: zSaleSettings } },
      },
      async (request) => {
        const body = request.body;
        const org = actorOf(request).employee.org_id;
        await ctx.db.tx(async (q) => {
          const before = await read(q, org, true);
          await q.query(
            'UPDATE organizations SET rounding_rule = $2, void_window_minutes = $3, refund_alert_fen = $4 WHERE id = $1',
            [org, body.rounding, body.voidWindowMinutes, body.refundAlertFen],
          );
          await auditOk(q, ctx, request, { target: org, before, after: body });
        });
        return body;
      },
    );
  };
}
