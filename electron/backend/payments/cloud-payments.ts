// The till's side of the cloud's payment-code routes (shared/payments/wire.ts; docs/platform.md "Payment
// codes"): device-signed, no employee session. Paths and answer schemas come from shared/, so the till and the
// cloud cannot drift. A submit may take the cloud up to its provider timeout (10 s) before it answers, so its
// own timeout is longer; a lost answer is safe to ask again with the same body (same payment id, same payment).
import type { z } from 'zod';
import {
  paymentPath,
  PAYMENT_PATHS,
  zOpenPaymentsAnswer,
  zPaymentAnswer,
  zPaymentsConfig,
  zRefundAnswer,
  type PaymentsConfig,
  type PaymentSubmit,
  type PaymentView,
} from '../../../shared/payments/wire';
import type { BackendContext } from '../context';
import type { CloudSend } from '../sync/cloud-transport';

export interface PaymentsCloud {
  config(): Promise<PaymentsConfig>;
  submit(body: PaymentSubmit): Promise<PaymentView>;
  get(paymentId: string): Promise<PaymentView>;
  cancel(paymentId: string): Promise<PaymentView>;
  /** this device's payments not settled for a sale or top-up (crash recovery) */
  open(): Promise<PaymentView[]>;
  /** money back through the provider (returns of a sale paid by code): a retry with the same refundId is the same refund */
  refund(
    paymentId: string,
    body: { refundId: string; amountFen: number; reason: string },
  ): Promise<z.output<typeof zRefundAnswer>>;
}

export function createPaymentsCloud(
  ctx: Pick<BackendContext, 'cloud'>,
  p: { timeoutMs?: number; submitTimeoutMs?: number } = {},
): PaymentsCloud {
  // reads, and writes idempotent on the payment id: safe to send again when the first never reached the cloud
  const call: CloudSend = (method, path, body, schema, o) =>
    ctx.cloud.call(method, path, body, schema, {
      timeoutMs: p.timeoutMs ?? 8_000,
      retryUnreached: true,
      offlineMessage: (why) =>
        `Payment codes need the cloud, which ${why}; cash and member balance still work (付款码需要联网，现金和会员余额仍可用)`,
      ...o,
    });
  return {
    config: () => call('GET', PAYMENT_PATHS.config, undefined, zPaymentsConfig),
    submit: async (body) =>
      (await call('POST', PAYMENT_PATHS.payments, body, zPaymentAnswer, { timeoutMs: p.submitTimeoutMs ?? 25_000 }))
        .payment,
    get: async (id) => (await call('GET', paymentPath(id), undefined, zPaymentAnswer)).payment,
    cancel: async (id) => (await call('POST', paymentPath(id, '/cancel'), {}, zPaymentAnswer)).payment,
    open: async () => (await call('GET', `${PAYMENT_PATHS.payments}?open=1`, undefined, zOpenPaymentsAnswer)).payments,
    refund: (id, body) => call('POST', paymentPath(id, '/refunds'), body, zRefundAnswer),
  };
}
