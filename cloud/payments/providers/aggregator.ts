// Runtime: Node. An aggregator (聚合支付) account: one merchant terminal that takes WeChat, Alipay and UnionPay
// codes alike, in the shape of 收钱吧's Upay v2 terminal API:
//   POST /upay/v2/pay {terminal_sn, client_sn, total_amount (fen, string), dynamic_id (the code), subject, operator}
//   POST /upay/v2/query | /upay/v2/cancel {terminal_sn, client_sn}
//   POST /upay/v2/refund {terminal_sn, client_sn, refund_request_no, refund_amount, operator}
// Each request carries `Authorization: <terminal_sn> <md5 hex of (body + terminal_key)>`. Answers are
// {result_code: '200', biz_response: {result_code, error_code, error_message, data: {sn, client_sn, order_status,
// trade_no, total_amount, payway, finish_time}}}. Its answers carry no signature (TLS to its gateway is the only
// assurance), and it offers no bill download API: the owner reconciles it from its merchant portal.
import { createHash } from 'node:crypto';
import type { ProviderId } from '../../../shared/payments/wire';
import type {
  BillLine,
  PayOutcome,
  PaymentProvider,
  PayRequest,
  RefundOutcome,
  RefundRequest,
  ReverseOutcome,
} from './types';

export const AGGREGATOR_PRODUCTION_URL = 'https://vsi-api.shouqianba.com';

export interface AggregatorConfig {
  baseUrl: string;
  terminalSn: string;
  terminalKey: string;
  timeoutMs: number;
}

export const aggregatorAuthorization = (terminalSn: string, terminalKey: string, body: string): string =>
  `${terminalSn} ${createHash('md5')
    .update(body + terminalKey, 'utf8')
    .digest('hex')}`;

type Biz = { result_code?: string; error_code?: string; error_message?: string; data?: Record<string, unknown> };
type Call = { ok: true; biz: Biz } | { ok: false; definite: boolean; code: string; message: string };

export class AggregatorProvider implements PaymentProvider {
  readonly id: ProviderId = 'aggregator';
  readonly #c: AggregatorConfig;

  constructor(c: AggregatorConfig) {
    this.#c = c;
  }

  async #call(path: string, fields: Record<string, string>): Promise<Call> {
    const body = JSON.stringify({ terminal_sn: this.#c.terminalSn, ...fields });
    let text: string;
    let status: number;
    try {
      const res = await fetch(new URL(path, this.#c.baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: aggregatorAuthorization(this.#c.terminalSn, this.#c.terminalKey, body),
        },
        body,
        signal: AbortSignal.timeout(this.#c.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const timeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      return {
        ok: false,
        definite: false,
        code: timeout ? 'TIMEOUT' : 'NETWORK',
        message: e instanceof Error ? e.message : String(e),
      };
    }
    let top: { result_code?: string; error_code?: string; error_message?: string; biz_response?: Biz };
    try {
      top = JSON.parse(text) as typeof top;
    } catch {
      return { ok: false, definite: false, code: `HTTP_${status}`, message: 'answer is not JSON' };
    }
    if (top.result_code === '200' && top.biz_response) return { ok: true, biz: top.biz_response };
    // 400: the request itself was refused (bad signature, unknown terminal): nothing happened; else unknown
    return {
      ok: false,
      definite: top.result_code === '400',
      code: top.error_code ?? `RESULT_${top.result_code ?? status}`,
      message: top.error_message ?? '',
    };
  }

  #ofOrder(d: Record<string, unknown>): PayOutcome {
    switch (d.order_status) {
      case 'PAID':
      case 'PARTIAL_REFUNDED':
      case 'REFUNDED':
        return {
          kind: 'paid',
          providerTradeNo: String(d.sn ?? d.trade_no ?? ''),
          paidAt: d.finish_time ? Number(d.finish_time) : Date.now(),
          amountFen: Number(d.total_amount ?? 0),
        };
      case 'CREATED':
        return { kind: 'confirming', providerTradeNo: d.sn ? String(d.sn) : undefined };
      case 'PAY_CANCELED':
      case 'CANCELED':
        return { kind: 'failed', reason: 'declined', code: String(d.order_status), message: '交易已撤销' };
      default: // PAY_ERROR and anything new: not settled
        return { kind: 'unknown', code: String(d.order_status ?? 'NO_STATUS'), message: '' };
    }
  }

  /** A PAY_FAIL's reason, from the channel's own words (the aggregator passes them through). */
  #refusal(b: Biz): PayOutcome {
    const m = `${b.error_code ?? ''} ${b.error_message ?? ''}`;
    const reason = /余额不足|NOT_ENOUGH|BALANCE/.test(m)
      ? 'insufficient_balance'
      : /过期|EXPIRE/.test(m)
        ? 'code_expired'
        : /付款码|AUTH_CODE|INVALID_BARCODE/.test(m)
          ? 'code_invalid'
          : 'declined';
    return { kind: 'failed', reason, code: b.error_code ?? 'PAY_FAIL', message: b.error_message ?? '' };
  }

  async pay(r: PayRequest): Promise<PayOutcome> {
    const res = await this.#call('/upay/v2/pay', {
      client_sn: r.outTradeNo,
      total_amount: String(r.amountFen),
      dynamic_id: r.authCode,
      subject: r.description.slice(0, 64),
      operator: r.terminalId.slice(0, 32),
    });
    if (!res.ok)
      return res.definite
        ? { kind: 'failed', reason: 'not_configured', code: res.code, message: res.message }
        : { kind: 'unknown', code: res.code, message: res.message };
    const b = res.biz;
    if (b.result_code === 'PAY_SUCCESS' && b.data) return this.#ofOrder(b.data);
    if (b.result_code === 'PAY_IN_PROGRESS')
      return { kind: 'confirming', providerTradeNo: b.data?.sn ? String(b.data.sn) : undefined };
    if (b.result_code === 'PAY_FAIL') return this.#refusal(b);
    // PAY_FAIL_ERROR / PAY_FAIL_IN_PROGRESS / FAIL: it failed but could not be closed, or nothing is known
    return { kind: 'unknown', code: b.result_code ?? 'NO_RESULT', message: b.error_message ?? '' };
  }

  async query(outTradeNo: string): Promise<PayOutcome> {
    const res = await this.#call('/upay/v2/query', { client_sn: outTradeNo });
    if (!res.ok) return { kind: 'unknown', code: res.code, message: res.message };
    if (res.biz.result_code === 'SUCCESS' && res.biz.data) return this.#ofOrder(res.biz.data);
    if (res.biz.error_code === 'ORDER_NOT_EXIST' || res.biz.error_code === 'UPAY_ORDER_NOT_EXISTS')
      return { kind: 'absent' };
    return {
      kind: 'unknown',
      code: res.biz.error_code ?? res.biz.result_code ?? 'FAIL',
      message: res.biz.error_message ?? '',
    };
  }

  async reverse(outTradeNo: string): Promise<ReverseOutcome> {
    const res = await this.#call('/upay/v2/cancel', { client_sn: outTradeNo });
    if (!res.ok) return { kind: 'retry', code: res.code, message: res.message };
    const c = res.biz.result_code ?? '';
    if (
      c === 'CANCEL_SUCCESS' ||
      res.biz.error_code === 'ORDER_NOT_EXIST' ||
      res.biz.error_code === 'UPAY_ORDER_NOT_EXISTS'
    )
      return { kind: 'done' };
    return { kind: 'retry', code: c || (res.biz.error_code ?? 'FAIL'), message: res.biz.error_message ?? '' };
  }

  #ofRefund(res: Call): RefundOutcome {
    if (!res.ok)
      return res.definite
        ? { kind: 'failed', code: res.code, message: res.message }
        : { kind: 'unknown', code: res.code, message: res.message };
    switch (res.biz.result_code) {
      case 'REFUND_SUCCESS':
        return { kind: 'succeeded', providerRefundNo: res.biz.data?.sn ? String(res.biz.data.sn) : null };
      case 'REFUND_IN_PROGRESS':
        return { kind: 'processing', providerRefundNo: null };
      case 'REFUND_FAIL':
        return { kind: 'failed', code: res.biz.error_code ?? 'REFUND_FAIL', message: res.biz.error_message ?? '' };
      default:
        return { kind: 'unknown', code: res.biz.result_code ?? 'REFUND_ERROR', message: res.biz.error_message ?? '' };
    }
  }

  async refund(r: RefundRequest): Promise<RefundOutcome> {
    return this.#ofRefund(
      await this.#call('/upay/v2/refund', {
        client_sn: r.outTradeNo,
        refund_request_no: r.outRefundNo,
        refund_amount: String(r.refundFen),
        operator: 'cloud',
      }),
    );
  }

  async queryRefund(r: RefundRequest): Promise<RefundOutcome> {
    // The terminal API has no refund query of its own: the same refund request again answers its state.
    return this.refund(r);
  }

  async bill(): Promise<BillLine[]> {
    throw new Error('this aggregator offers no bill download API: reconcile it from its merchant portal');
  }
}
