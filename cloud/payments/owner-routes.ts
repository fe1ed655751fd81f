// Runtime: Node. The owner's payment routes (employee session): merchant accounts, takings by method,
// reconciliation. Shapes in shared/payments/owner.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  PAYMENT_OWNER_PATHS,
  zMerchantAnswer,
  zMerchantInput,
  zMerchantParams,
  zMerchantsAnswer,
  zReconciliationQuery,
  zReconciliationReport,
  zTakingsQuery,
  zTakingsReport,
} from '../../shared/payments/owner';
import { AppError } from '../../shared/errors';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { withoutFactors } from '../security/employee-routes';
import { actorOf } from '../security/session-auth';
import type { PaymentEngine } from './engine';
import { merchantRows, merchantView, saveMerchant } from './merchants';
import { downloadBills, reconciliation } from './reconcile';
import { takings } from './takings';

export function paymentOwnerRoutes(ctx: SecurityContext, engine: PaymentEngine) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const report = { permission: 'report.view' } as const;
    app.get(
      PAYMENT_OWNER_PATHS.merchants,
      { config: report, schema: { response: { 200: zMerchantsAnswer } } },
      async (request) => {
        const rows = await merchantRows(ctx.db, actorOf(request).employee.org_id);
        return { merchants: rows.map((r) => merchantView(r, engine.settings.key)) };
      },
    );

    app.put(
      PAYMENT_OWNER_PATHS.merchant,
      {
        config: { permission: 'security.manage', sensitive: true, action: 'payments.merchant' },
        schema: { params: zMerchantParams, body: withoutFactors(zMerchantInput), response: { 200: zMerchantAnswer } },
      },
      async (request) => {
        const { provider } = request.params;
        const input = request.body;
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

    app.get(
      PAYMENT_OWNER_PATHS.takings,
      { config: report, schema: { querystring: zTakingsQuery, response: { 200: zTakingsReport } } },
      async (request) => takings(ctx.db, actorOf(request).employee.org_id, request.query.from, request.query.to),
    );

    app.get(
      PAYMENT_OWNER_PATHS.reconciliation,
      { config: report, schema: { querystring: zReconciliationQuery, response: { 200: zReconciliationReport } } },
      async (request) => reconciliation(ctx.db, actorOf(request).employee.org_id, request.query.date),
    );

    app.post(
      PAYMENT_OWNER_PATHS.reconciliation,
      { config: report, schema: { body: zReconciliationQuery, response: { 200: zReconciliationReport } } },
      async (request) => {
        const outletId = actorOf(request).employee.org_id;
        await downloadBills(ctx.db, engine, outletId, request.body.date, ctx.now());
        return reconciliation(ctx.db, outletId, request.body.date);
      },
    );
  };
}
