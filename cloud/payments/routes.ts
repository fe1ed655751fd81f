// Runtime: Node. The till's payment-code routes (device-signed, outlet tills only); the shapes and the
// meaning of each status are in shared/payments/wire.ts, the state machine in engine.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { PAYMENT_METHODS_VERSION } from '../../shared/payments/methods';
import {
  PAYMENT_PATHS,
  zOpenPaymentsAnswer,
  zOpenPaymentsQuery,
  zPaymentAnswer,
  zPaymentsConfig,
  zPaymentSubmit,
  zRefundAnswer,
  zRefundRequest,
  type PaymentsConfig,
} from '../../shared/payments/wire';
import { deviceOf } from '../http/signed';
import type { RouteContext } from '../http/route-context';
import type { PaymentEngine } from './engine';
import { merchantRows, schemeProviders } from './merchants';
import { getPayment, openPayments, outletName, paymentView } from './repository';

const zParams = z.object({ paymentId: z.uuid() });

export function paymentTillRoutes(ctx: RouteContext, engine: PaymentEngine) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      PAYMENT_PATHS.config,
      { schema: { response: { 200: zPaymentsConfig } } },
      async (request): Promise<PaymentsConfig> => {
        const device = deviceOf(request);
        return {
          paymentMethodsVersion: PAYMENT_METHODS_VERSION,
          schemes: schemeProviders(await merchantRows(ctx.db, device.outlet_id)),
          pollIntervalMs: engine.settings.pollIntervalMs,
          confirmLimitMs: engine.settings.confirmLimitMs,
        };
      },
    );

    app.post(
      PAYMENT_PATHS.payments,
      { schema: { body: zPaymentSubmit, response: { 200: zPaymentAnswer } } },
      async (request) => {
        const body = request.body;
        const device = deviceOf(request);
        const name = await outletName(ctx.db, device.outlet_id);
        return { payment: await engine.submit(device, body, name ?? 'POS') };
      },
    );

    app.get(
      PAYMENT_PATHS.payments,
      { schema: { querystring: zOpenPaymentsQuery, response: { 200: zOpenPaymentsAnswer } } },
      async (request) => {
        return { payments: (await openPayments(ctx.db, deviceOf(request).id)).map(paymentView) };
      },
    );

    app.get(
      PAYMENT_PATHS.payment,
      { schema: { params: zParams, response: { 200: zPaymentAnswer } } },
      async (request) => {
        const { paymentId } = request.params;
        const p = await getPayment(ctx.db, paymentId);
        if (!p || p.outlet_id !== deviceOf(request).outlet_id) throw new AppError('NOT_FOUND', 'Unknown payment');
        return { payment: paymentView(p) };
      },
    );

    app.post(
      PAYMENT_PATHS.cancel,
      { schema: { params: zParams, response: { 200: zPaymentAnswer } } },
      async (request) => {
        const { paymentId } = request.params;
        return { payment: await engine.cancel(deviceOf(request), paymentId) };
      },
    );

    app.post(
      PAYMENT_PATHS.refunds,
      { schema: { params: zParams, body: zRefundRequest, response: { 200: zRefundAnswer } } },
      async (request) => engine.refund(deviceOf(request), request.params.paymentId, request.body),
    );
  };
}
