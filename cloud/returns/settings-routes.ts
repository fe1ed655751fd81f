// Runtime: Node. The outlet's sale rules (shared/sale/settings.ts), employee session:
//   GET /v1/sale-settings   report.view: 抹零, the void window, the refund alert threshold
//   PUT /v1/sale-settings   security.manage + the super password: they change what every till charges and
//                           what a cashier may undo, so they are set like the security settings, and audited.
// The tills read rounding and the void window from their login policy (cloud/auth/policy.ts): a change
// reaches a till at its next login or override; the refund alert is judged here, on each pushed return.
// The statements are in settings.ts; the change runs in one transaction, the outlet's row locked first.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SALE_SETTINGS_PATH, zSaleSettings } from '../../shared/sale/settings';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { withoutFactors } from '../security/employee-routes';
import { actorOf } from '../security/session-auth';
import { readSaleSettings, writeSaleSettings } from './settings';

export function saleSettingsRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      SALE_SETTINGS_PATH,
      { config: { permission: 'report.view' }, schema: { response: { 200: zSaleSettings } } },
      async (request) => readSaleSettings(ctx.db, actorOf(request).employee.org_id),
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
          const before = await readSaleSettings(q, org, true);
          await writeSaleSettings(q, org, body);
          await auditOk(q, ctx, request, { target: org, before, after: body });
        });
        return body;
      },
    );
  };
}
