// Runtime: Node. Liveness: answers without touching the database. It also names the payment methods version
// this cloud understands (shared/payments/methods.ts), so a till can tell before sending an order paid by a
// newer method whether this cloud would take it (a cloud without the field knows version 1).
import type { FastifyInstance } from 'fastify';
import { PAYMENT_METHODS_VERSION } from '../../shared/payments/methods';
import { PATHS } from '../../shared/sync/protocol';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(PATHS.health, async () => ({ ok: true, paymentMethodsVersion: PAYMENT_METHODS_VERSION }));
}
