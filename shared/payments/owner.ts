// The owner's payment routes (employee session inside the device-signed scope), for the till's back office:
//   GET  /v1/payments/merchants                    report.view   the outlet's merchant accounts (no secrets)
//   PUT  /v1/payments/merchants/:provider          security.manage + super password   set one (keys sealed at rest)
//   GET  /v1/payments/takings?from=&to=            report.view   takings by payment method (资金 tab)
//   GET  /v1/payments/reconciliation?date=         report.view   对账: the providers' bills against the cloud's payments
//   POST /v1/payments/reconciliation {date}        report.view   download that day's bills now (else daily at 10:00 Beijing)
//   GET  /v1/payments/refunds/failed?limit=        report.view   退款失败: code refunds that failed after being accepted
import { z } from 'zod';
import { zMultiline, zText } from '../text';
import { zFen } from '../money';
import { zPaymentMethod, zTakingsByMethod } from './methods';
import { zCodeScheme } from './schemes';
import { zProviderId } from './wire';

export const PAYMENT_OWNER_PATHS = {
  merchants: '/v1/payments/merchants',
  merchant: '/v1/payments/merchants/:provider',
  takings: '/v1/payments/takings',
  reconciliation: '/v1/payments/reconciliation',
} as const;

const pem = (kind: 'PRIVATE KEY' | 'PUBLIC KEY') =>
  zMultiline()
    .trim()
    .max(4000)
    .refine((s) => s.startsWith(`-----BEGIN ${kind}-----`) && s.endsWith(`-----END ${kind}-----`), `a ${kind} in PEM`);

export const zWechatPaySecrets = z
  .object({
    appid: zText().regex(/^wx[0-9a-f]{16}$/, 'wx + 16 hex'),
    mchid: zText().regex(/^\d{8,12}$/),
    merchantSerialNo: zText().regex(/^[0-9A-Fa-f]{8,64}$/),
    merchantPrivateKeyPem: pem('PRIVATE KEY'),
    platformPublicKeyId: zText().regex(/^PUB_KEY_ID_[0-9A-Za-z]{1,64}$/),
    platformPublicKeyPem: pem('PUBLIC KEY'),
  })
  .strict();
export const zAlipaySecrets = z
  .object({
    appId: zText().regex(/^\d{16}$/),
    appPrivateKeyPem: pem('PRIVATE KEY'),
    alipayPublicKeyPem: pem('PUBLIC KEY'),
  })
  .strict();

/** an aggregator (聚合支付) terminal, 收钱吧 Upay v2 shape: one terminal takes every scheme it is opened for */
export const zAggregatorSecrets = z
  .object({
    terminalSn: zText().regex(/^\d{1,32}$/),
    terminalKey: zText().regex(/^[0-9A-Za-z]{16,64}$/),
  })
  .strict();

export const MERCHANT_ENVIRONMENTS = ['demo', 'production'] as const;
export const zMerchantInput = z.discriminatedUnion('provider', [
  z
    .object({
      provider: z.literal('wechatpay'),
      environment: z.enum(MERCHANT_ENVIRONMENTS),
      schemes: z.array(z.literal('wechat')).min(1).max(1),
      secrets: zWechatPaySecrets,
    })
    .strict(),
  z
    .object({
      provider: z.literal('alipay'),
      environment: z.enum(MERCHANT_ENVIRONMENTS),
      schemes: z.array(z.literal('alipay')).min(1).max(1),
      secrets: zAlipaySecrets,
    })
    .strict(),
  z
    .object({
      provider: z.literal('aggregator'),
      environment: z.enum(MERCHANT_ENVIRONMENTS),
      schemes: z.array(zCodeScheme).min(1).max(3),
      secrets: zAggregatorSecrets,
    })
    .strict(),
]);
export type MerchantInput = z.infer<typeof zMerchantInput>;

export const zMerchantView = z.object({
  provider: zProviderId,
  environment: z.enum(MERCHANT_ENVIRONMENTS),
  merchantId: zText(),
  schemes: z.array(zCodeScheme),
  /** false when this cloud cannot open the sealed keys (PAYMENT_CONFIG_KEY changed): set them again */
  readable: z.boolean(),
  updatedAt: z.number().int(),
});
export type MerchantView = z.infer<typeof zMerchantView>;
export const zMerchantsAnswer = z.object({ merchants: z.array(zMerchantView) });
export const zMerchantAnswer = z.object({ merchant: zMerchantView });
export const zMerchantParams = z.object({ provider: zProviderId });

const zDay = zText().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const zTakingsQuery = z.object({ from: zDay, to: zDay }).strict();
export const zTakingsReport = z.object({
  /** Beijing days, inclusive */
  from: zDay,
  to: zDay,
  /** sales paid, per method (order payments; change already taken off cash) */
  sales: zTakingsByMethod,
  /** member top-ups paid by payment code, per method */
  memberTopups: zTakingsByMethod,
  /** refunds in the range, per method: payment-code refunds that succeeded, and returns to cash / member cards */
  refunds: zTakingsByMethod,
  byDay: z.array(z.object({ date: zDay, sales: zTakingsByMethod })),
});
export type TakingsReport = z.infer<typeof zTakingsReport>;

export const zReconciliationQuery = z.object({ date: zDay }).strict();
const zDiffLine = z.object({
  kind: z.enum(['payment', 'refund']),
  outTradeNo: zText(),
  outRefundNo: zText().nullable(),
  paymentId: z.uuid().nullable(),
  method: zPaymentMethod.nullable(),
  /** the cloud's amount (null: not in the cloud's records) */
  cloudFen: zFen.nullable(),
  /** the bill's amount (null: not in the bill) */
  billFen: zFen.nullable(),
});
export type ReconciliationLine = z.infer<typeof zDiffLine>;
export const zReconciliationReport = z.object({
  date: zDay,
  providers: z.array(
    z.object({
      provider: zProviderId,
      /** when the bill was downloaded; null = not downloaded yet (or the download failed: see error) */
      downloadedAt: z.number().int().nullable(),
      error: zText().nullable(),
      matched: z.number().int(),
      onlyInBill: z.array(zDiffLine),
      onlyInCloud: z.array(zDiffLine),
      amountDiffers: z.array(zDiffLine),
    }),
  ),
});
export type ReconciliationReport = z.infer<typeof zReconciliationReport>;

/** A refund to a payment code that failed AFTER the cloud accepted it: the till committed the return, the customer
 *  has not had the money (the owner pays them back in cash or from the provider's merchant console). */
export const zLateRefundFailure = z.object({
  refundId: z.uuid(),
  /** when the cloud learnt of the failure */
  failedAt: z.number().int(),
  /** the till that asked for the refund (null: a device since removed) */
  deviceName: zText().nullable(),
  amountFen: zFen,
  method: zPaymentMethod,
  provider: zProviderId,
  /** the provider's code and message, e.g. "ABNORMAL: 退款异常" */
  reason: zText(),
  /** the return that used it and its cashier; null until that return reached the cloud */
  returnNumber: zText().nullable(),
  employeeName: zText().nullable(),
  /** the owner was e-mailed (once the return is known) */
  alertedAt: z.number().int().nullable(),
});
export type LateRefundFailure = z.infer<typeof zLateRefundFailure>;
export const zLateRefundFailuresQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).optional() })
  .strict();
export const zLateRefundFailures = z.object({ failures: z.array(zLateRefundFailure) });
