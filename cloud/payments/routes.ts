// Runtime: Node. The till's payment-code routes (device-signed, outlet tills only); the shapes and the
// meaning of each status are in shared/payments/wire.ts, the state machine in engine.ts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { PAYMENT_METHODS_VERSION } from '../../shared/payments/methods';
import {
  PAYMENT_PATHS,
  zOpenPaymentsQuery,
  zPaymentSubmit,
  zRefundRequest,
  type PaymentsConfig,
} from '../../shared/payments/wire';
import { deviceOf } from '../http/signed';
import type { RouteContext } from '../http/route-context';
import type { PaymentEngine } from './engine';
import { merchantRows, schemeProviders } from './merchants';
import { getPayment, openPayments, paymentView } from './repository';

const zParams = z.object({ paymentId: z.uuid() });

export function paymentTillRoutes(ctx: RouteContext, engine: PaymentEngine) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(PAYMENT_PATHS.config, async (request): Promise<PaymentsConfig> => {
      const device = deviceOf(request);
      return {
        paymentMethodsVersion: PAYMENT_METHODS_VERSION,
        schemes: schemeProviders(await merchantRows(ctx.db, device.outlet_id)),
        pollIntervalMs: engine.settings.pollIntervalMs,
        confirmLimitMs: engine.settings.confirmLimitMs,
      };
    });

    app.post(PAYMENT_PATHS.payments, async (request) => {
      const body = zPaymentSubmit.parse(request.body);
      const device = deviceOf(request);
      const { rows } = await ctx.db.query<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [
        device.outlet_id,
      ]);
      return { payment: await engine.submit(device, body, rows[0]?.name ?? 'POS') };
    });

    app.get(PAYMENT_PATHS.payments, async (request) => {
      zOpenPaymentsQuery.parse(request.query);
      return { payments: (await openPayments(ctx.db, deviceOf(request).id)).map(paymentView) };
    });

    app.get(PAYMENT_PATHS.payment, async (request) => {
      const { paymentId } = zParams.parse(request.params);
      const p = await getPayment(ctx.db, paymentId);
      if (!p || p.outlet_id !== deviceOf(request).outlet_id) throw new AppError('NOT_FOUND', 'Unknown payment');
      return { payment: paymentView(p) };
    });

    app.post(PAYMENT_PATHS.cancel, async (request) => {
      const { paymentId } = zParams.parse(request.params);
      return { payment: await engine.cancel(deviceOf(request), paymentId) };
    });

    app.post(PAYMENT_PATHS.refunds, async (request) => {
      const { paymentId } = zParams.parse(request.params);
      const body = zRefundRequest.parse(request.body);
      return engine.refund(deviceOf(request), paymentId, body);
    });
  };
}
