// Runtime: Node. The one provider interface every payment-code adapter implements (WeChat Pay API v3,
// Alipay, an aggregator). The engine (../engine.ts) speaks only this; each adapter maps its provider's
// documented answers onto these outcomes in ONE table of its own.
import type { CodeScheme } from '../../../shared/payments/schemes';
import type { PaymentFailureReason, ProviderId } from '../../../shared/payments/wire';

export interface PayRequest {
  outTradeNo: string;
  authCode: string;
  amountFen: number;
  description: string;
  /** the outlet's own id for the store (scene_info.store_info.out_id / store_id) */
  storeId: string;
  /** the till's device id (device_id / terminal_id) */
  terminalId: string;
  scheme: CodeScheme;
}

/** What the provider said about a payment, after a pay or a query. */
export type PayOutcome =
  | { kind: 'paid'; providerTradeNo: string; paidAt: number; amountFen: number }
  /** WeChat USERPAYING / Alipay 10003 or WAIT_BUYER_PAY: the customer is confirming (password) */
  | { kind: 'confirming'; providerTradeNo?: string }
  /** a definite refusal: no money was taken */
  | {
      kind: 'failed';
      reason: Exclude<PaymentFailureReason, 'customer_timeout' | 'provider_unreachable' | 'cancelled'>;
      code: string;
      message: string;
    }
  /** timeout, 5xx, a network error, a system error, an answer that failed its signature: ask again */
  | { kind: 'unknown'; code: string; message: string }
  /** (query only) the provider has no such trade — not received yet, or never */
  | { kind: 'absent' };

/** A reversal (WeChat reverse / Alipay cancel): after 'done' no money of this trade stays with the merchant. */
export type ReverseOutcome = { kind: 'done' } | { kind: 'retry'; code: string; message: string };

export interface RefundRequest {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
  totalFen: number;
  reason: string;
}
export type RefundOutcome =
  | { kind: 'succeeded'; providerRefundNo: string | null }
  /** accepted, money on its way (WeChat PROCESSING): query later */
  | { kind: 'processing'; providerRefundNo: string | null }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'unknown'; code: string; message: string };

/** One line of the provider's daily bill (对账单), as the reconciliation compares it. */
export interface BillLine {
  kind: 'payment' | 'refund';
  outTradeNo: string;
  providerTradeNo: string | null;
  outRefundNo: string | null;
  amountFen: number;
  at: number | null;
}

export interface PaymentProvider {
  readonly id: ProviderId;
  pay(req: PayRequest): Promise<PayOutcome>;
  query(outTradeNo: string): Promise<PayOutcome>;
  reverse(outTradeNo: string): Promise<ReverseOutcome>;
  refund(req: RefundRequest): Promise<RefundOutcome>;
  queryRefund(req: RefundRequest): Promise<RefundOutcome>;
  /** the bill of one Beijing day, YYYY-MM-DD */
  bill(date: string): Promise<BillLine[]>;
}

/** Fen → the providers' yuan string ("12.34"). */
export const yuanString = (fen: number): string => {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};
/** The providers' yuan string ("12.34", "-5.00", "7") → fen, exactly (never through a float). */
export const fenOfYuan = (s: string): number => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s.trim());
  if (!m) throw new Error(`not a yuan amount: ${s}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
};

/** Beijing wall-clock time, as both providers write it. */
export function beijingParts(ms: number): { date: string; time: string } {
  const d = new Date(ms + 8 * 3600_000);
  const iso = d.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}
/** "2024-06-01 10:00:00" in Beijing time → epoch ms. */
export const msOfBeijing = (s: string): number => Date.parse(`${s.trim().replace(' ', 'T')}+08:00`);
