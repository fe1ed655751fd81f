// The till's payment-code routes (device-signed, online only). The till's own payment id is the provider's
// out_trade_no (hyphens dropped), so a retry — after a timeout, a crash, a lost answer — is always the same
// payment, never a second charge.
//
//   POST /v1/payments                      submit {paymentId, code, amountFen, purpose, employeeId, description?}
//                                          → the payment as far as the provider has answered (bounded wait)
//   GET  /v1/payments/:paymentId           the payment now (poll while status is 'pending' or 'reversing')
//   GET  /v1/payments?open=1               this device's payments not settled for a sale yet (crash recovery)
//   POST /v1/payments/:paymentId/cancel    the sale is abandoned: a pending or unused paid payment is reversed
//   POST /v1/payments/:paymentId/refunds   {refundId, amountFen, reason} money back through the provider
//   GET  /v1/payments/config               methods version, which schemes this outlet can take, poll interval
//
// Status (see docs/platform.md, "Payment codes"):
//   pending    sent to the provider; the customer may be confirming (customerConfirming) or the answer is not
//              known yet — the cloud keeps asking the provider (durable jobs), the till keeps polling
//   paid       the provider took the money; the sale may commit
//   reversing  the cloud gave up (no confirmation in time, or the outcome stayed unknown, or the till cancelled)
//              and is reversing at the provider; not settled yet — the till keeps polling
//   failed     no money was taken (definite refusal, or reversed after the wait); `failure.reason` says why
//   cancelled  the till abandoned it and the money went back (reversed or refunded)
import { z } from 'zod';
import { zFen } from '../money';
import { PAYMENT_METHODS_VERSION, zPaymentMethod } from './methods';
import { zCodeScheme, zPaymentCode } from './schemes';

export const PAYMENT_PATHS = {
  payments: '/v1/payments',
  payment: '/v1/payments/:paymentId',
  cancel: '/v1/payments/:paymentId/cancel',
  refunds: '/v1/payments/:paymentId/refunds',
  config: '/v1/payments/config',
} as const;
export const paymentPath = (paymentId: string, suffix: '' | '/cancel' | '/refunds' = ''): string =>
  `${PAYMENT_PATHS.payments}/${paymentId}${suffix}`;

export const PAYMENT_STATUSES = ['pending', 'paid', 'reversing', 'failed', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const zPaymentStatus = z.enum(PAYMENT_STATUSES);
/** Statuses the till must keep polling; the others never change again. */
export const UNSETTLED_STATUSES: readonly PaymentStatus[] = ['pending', 'reversing'];

/** Why no money was taken, in words the till can show (its i18n keys are these codes). */
export const PAYMENT_FAILURE_REASONS = [
  'insufficient_balance', // 余额不足
  'code_expired', // 付款码已过期, ask for a fresh code
  'code_invalid', // not a code the provider accepts (wrong scheme, used, forged)
  'customer_timeout', // the customer did not confirm (password) in time: reversed
  'provider_unreachable', // the outcome stayed unknown: reversed
  'declined', // the provider refused (risk control, account limits, card not supported…)
  'not_configured', // this outlet has no merchant account for the scheme
  'cancelled', // the till abandoned the sale (status 'cancelled')
] as const;
export type PaymentFailureReason = (typeof PAYMENT_FAILURE_REASONS)[number];
export const zPaymentFailureReason = z.enum(PAYMENT_FAILURE_REASONS);

export const PAYMENT_PURPOSES = ['sale', 'member_topup'] as const;
export const zPaymentPurpose = z.enum(PAYMENT_PURPOSES);

export const PROVIDERS = ['wechatpay', 'alipay', 'aggregator'] as const;
export type ProviderId = (typeof PROVIDERS)[number];
export const zProviderId = z.enum(PROVIDERS);

export const zPaymentSubmit = z
  .object({
    /** the till's id for this payment (UUID); becomes out_trade_no; a retry with the same body is the same payment */
    paymentId: z.uuid(),
    /** the digits the scanner typed */
    code: zPaymentCode,
    amountFen: zFen.refine((n) => n > 0, 'must be positive'),
    purpose: zPaymentPurpose,
    /** the cashier taking the payment */
    employeeId: z.uuid(),
    /** what the customer sees in their wallet (default: the outlet's name) */
    description: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type PaymentSubmit = z.infer<typeof zPaymentSubmit>;

export const zPaymentView = z.object({
  paymentId: z.uuid(),
  scheme: zCodeScheme,
  method: zPaymentMethod,
  provider: zProviderId,
  amountFen: zFen,
  purpose: zPaymentPurpose,
  status: zPaymentStatus,
  /** the provider asked the customer to confirm on their phone (WeChat USERPAYING / Alipay 10003) */
  customerConfirming: z.boolean(),
  failure: z
    .object({ reason: zPaymentFailureReason, providerCode: z.string().nullable(), message: z.string() })
    .nullable(),
  /** the provider's own transaction number once paid (printed on the receipt) */
  providerTradeNo: z.string().nullable(),
  paidAt: z.number().int().nullable(),
  /** the order or member top-up that used this payment; null while unused */
  usedBy: z.object({ kind: z.enum(['order', 'member_topup']), ref: z.string() }).nullable(),
  refundedFen: zFen,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type PaymentView = z.infer<typeof zPaymentView>;
export const zPaymentAnswer = z.object({ payment: zPaymentView });
export const zOpenPaymentsQuery = z.object({ open: z.literal('1') });
export const zOpenPaymentsAnswer = z.object({ payments: z.array(zPaymentView) });

export const zRefundRequest = z
  .object({
    /** the caller's id for this refund (UUID): a retry is the same refund */
    refundId: z.uuid(),
    amountFen: zFen.refine((n) => n > 0, 'must be positive'),
    reason: z.string().trim().min(1).max(80),
  })
  .strict();
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const zRefundView = z.object({
  refundId: z.uuid(),
  paymentId: z.uuid(),
  amountFen: zFen,
  reason: z.string(),
  status: z.enum(REFUND_STATUSES),
  failure: z.string().nullable(),
  providerRefundNo: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type RefundView = z.infer<typeof zRefundView>;
export const zRefundAnswer = z.object({ refund: zRefundView, payment: zPaymentView });

export const zPaymentsConfig = z.object({
  paymentMethodsVersion: z.number().int(),
  /** the provider that takes each scheme at this outlet, null = that scheme is refused here */
  schemes: z.record(zCodeScheme, zProviderId.nullable()),
  /** how often the till should ask again while a payment is unsettled */
  pollIntervalMs: z.number().int().positive(),
  /** how long the cloud waits for a customer's confirmation before it reverses */
  confirmLimitMs: z.number().int().positive(),
});
export type PaymentsConfig = z.infer<typeof zPaymentsConfig>;
export const CLOUD_PAYMENT_METHODS_VERSION = PAYMENT_METHODS_VERSION;

/** out_trade_no for a payment id: 32 characters (WeChat allows at most 32, letters and digits). */
export const outTradeNoOf = (paymentId: string): string => paymentId.replace(/-/g, '').toLowerCase();
/** out_refund_no for a refund id, likewise. */
export const outRefundNoOf = (refundId: string): string => refundId.replace(/-/g, '').toLowerCase();
