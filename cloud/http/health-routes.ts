// Runtime: Node. Liveness: answers without touching the database. It also names the payment methods version
// this cloud understands (shared/payments/methods.ts), so a till can tell before sending an order paid by a
// newer method whether this cloud would take it (a cloud without the field knows version 1).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PAYMENT_METHODS_VERSION } from '../../shared/payments/methods';
import { PATHS, zHealthResponse } from '../../shared/sync/protocol';

export async function healthRoutes(scope: FastifyInstance): Promise<void> {
  scope
    .withTypeProvider<ZodTypeProvider>()
    .get(PATHS.health, { schema: { response: { 200: zHealthResponse } } }, async () => ({
      ok: true as const,
      paymentMethodsVersion: PAYMENT_METHODS_VERSION,
    }));
}
