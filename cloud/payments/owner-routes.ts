// Runtime: Node. The owner's payment routes (employee session): merchant accounts, takings by method,
// reconciliation. Shapes in shared/payments/owner.ts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PAYMENT_OWNER_PATHS, zMerchantInput, zReconciliationQuery, zTakingsQuery } from '../../shared/payments/owner';
import { zProviderId } from '../../shared/payments/wire';
import { AppError } from '../../shared/errors';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { stripFactors } from '../security/employee-routes';
import { actorOf } from '../security/session-auth';
import type { PaymentEngine } from './engine';
import { merchantRows, merchantView, saveMerchant } from './merchants';
import { downloadBills, reconciliation } from './reconcile';
import { takings } from './takings';

export function paymentOwnerRoutes(ctx: SecurityContext, engine: PaymentEngine) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(PAYMENT_OWNER_PATHS.merchants, { config: { permission: 'report.view' } }, async (request) => {
      const rows = await merchantRows(ctx.db, actorOf(request).employee.org_id);
      return { merchants: rows.map((r) => merchantView(r, engine.settings.key)) };
    });

    app.put(
      PAYMENT_OWNER_PATHS.merchant,
      { config: { permission: 'security.manage', sensitive: true, action: 'payments.merchant' } },
      async (request) => {
        const { provider } = z.object({ provider: zProviderId }).parse(request.params);
        const input = zMerchantInput.parse(stripFactors(request.body));
        if (input.provider !== provider)
          throw new AppError('VALIDATION', 'Invalid input: provider differs from the path');
        const a = actorOf(request);
        return ctx.db.tx(async (q) => {
          await saveMerchant(q, a.employee.org_id, input, engine.settings.key, a.employee.id, ctx.now());
          const row = (await merchantRows(q, a.employee.org_id)).find((r) => r.provider === provider)!;
          const view = merchantView(row, engine.settings.key);
          // the keys never enter the audit log: only what is public
          await auditOk(q, ctx, request, { target: provider, after: view });
          return { merchant: view };
        });
      },
    );

    app.get(PAYMENT_OWNER_PATHS.takings, { config: { permission: 'report.view' } }, async (request) => {
      const f = zTakingsQuery.parse(request.query);
      return takings(ctx.db, actorOf(request).employee.org_id, f.from, f.to);
    });

    app.get(PAYMENT_OWNER_PATHS.reconciliation, { config: { permission: 'report.view' } }, async (request) => {
      const f = zReconciliationQuery.parse(request.query);
      return reconciliation(ctx.db, actorOf(request).employee.org_id, f.date);
    });

    app.post(PAYMENT_OWNER_PATHS.reconciliation, { config: { permission: 'report.view' } }, async (request) => {
      const f = zReconciliationQuery.parse(request.body);
      const outletId = actorOf(request).employee.org_id;
      await downloadBills(ctx.db, engine, outletId, f.date, ctx.now());
      return reconciliation(ctx.db, outletId, f.date);
    });
  };
}
