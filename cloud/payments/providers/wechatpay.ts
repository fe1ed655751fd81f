// Runtime: Node. WeChat Pay API v3 付款码支付 (direct merchant):
//   POST /v3/pay/transactions/codepay                          pay with the customer's code
//   GET  /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid query
//   POST /v3/pay/transactions/out-trade-no/{out_trade_no}/reverse  reverse (撤销: closes, or returns the money)
//   POST /v3/refund/domestic/refunds, GET /v3/refund/domestic/refunds/{out_refund_no}   refunds
//   GET  /v3/bill/tradebill?bill_date=&bill_type=ALL → download_url → the bill text     reconciliation
// Every request is signed (wechatpay-sign.ts); every answer's signature is verified against the platform
// public key before a word of it is believed — an unsigned or badly signed answer counts as no answer
// ('unknown'), which the engine resolves by asking again, never by assuming.
import { createHash } from 'node:crypto';
import type { PaymentFailureReason, ProviderId } from '../../../shared/payments/wire';
import { answerProblem, authorization, type MerchantSigner } from './wechatpay-sign';
import {
  fenOfYuan,
  msOfBeijing,
  type BillLine,
  type PayOutcome,
  type PaymentProvider,
  type PayRequest,
  type RefundOutcome,
  type RefundRequest,
  type ReverseOutcome,
} from './types';

export const WECHATPAY_PRODUCTION_URL = 'https://api.mch.weixin.qq.com';

export interface WechatPayConfig {
  baseUrl: string;
  appid: string;
  mchid: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  /** the WeChat Pay platform public key (微信支付公钥) and its id, PUB_KEY_ID_… */
  platformPublicKeyId: string;
  platformPublicKeyPem: string;
  timeoutMs: number;
  now?: () => number;
}

/** The documented error codes that are a definite refusal (no money taken), and what the till shows. */
const REFUSALS: Record<
  string,
  Exclude<PaymentFailureReason, 'customer_timeout' | 'provider_unreachable' | 'cancelled'>
> = {
  NOT_ENOUGH: 'insufficient_balance',
  NOTENOUGH: 'insufficient_balance',
  AUTH_CODE_EXPIRE: 'code_expired',
  AUTHCODEEXPIRE: 'code_expired',
  AUTH_CODE_ERROR: 'code_invalid',
  AUTH_CODE_INVALID: 'code_invalid',
  PARAM_ERROR: 'code_invalid',
  INVALID_REQUEST: 'code_invalid',
  BUYER_MISMATCH: 'declined',
  TRADE_ERROR: 'declined',
  RULE_LIMIT: 'declined',
  NOT_SUPPORT_CARD: 'declined',
  PAYER_ACCOUNT_ABNORMAL: 'declined',
  ORDER_CLOSED: 'declined',
  ACCOUNT_ERROR: 'declined',
  SIGN_ERROR: 'not_configured',
  APPID_MCHID_NOT_MATCH: 'not_configured',
  MCH_NOT_EXISTS: 'not_configured',
  NO_AUTH: 'not_configured',
};
/** Codes that say nothing about the money: ask again (SYSTEM_ERROR, BANK_ERROR, rate limits, 5xx). */
const UNKNOWN_CODES = new Set(['SYSTEM_ERROR', 'SYSTEMERROR', 'BANK_ERROR', 'BANKERROR', 'FREQUENCY_LIMITED']);

interface Answer {
  status: number;
  body: string;
  json: Record<string, unknown>;
}
type CallResult = { ok: true; answer: Answer } | { ok: false; code: string; message: string };

export class WechatPayProvider implements PaymentProvider {
  readonly id: ProviderId = 'wechatpay';
  readonly #c: WechatPayConfig;
  readonly #signer: MerchantSigner;

  constructor(config: WechatPayConfig) {
    this.#c = config;
    this.#signer = {
      mchid: config.mchid,
      serialNo: config.merchantSerialNo,
      privateKeyPem: config.merchantPrivateKeyPem,
    };
  }

  #now(): number {
    return (this.#c.now ?? Date.now)();
  }

  /** One signed request; the answer only when its signature verifies (else 'unknown'). */
  async #call(method: 'GET' | 'POST', pathWithQuery: string, payload?: unknown, verify = true): Promise<CallResult> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    let res: Response;
    try {
      res = await fetch(new URL(pathWithQuery, this.#c.baseUrl), {
        method,
        headers: {
          authorization: authorization(this.#signer, method, pathWithQuery, body, this.#now()),
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          'user-agent': 'qianmi-pos-cloud',
        },
        body: payload === undefined ? undefined : body,
        signal: AbortSignal.timeout(this.#c.timeoutMs),
      });
    } catch (e) {
      const timeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      return { ok: false, code: timeout ? 'TIMEOUT' : 'NETWORK', message: e instanceof Error ? e.message : String(e) };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      return { ok: false, code: 'NETWORK', message: e instanceof Error ? e.message : String(e) };
    }
    if (verify) {
      const headers = Object.fromEntries(res.headers.entries());
      const problem = answerProblem(
        headers,
        text,
        this.#c.platformPublicKeyId,
        this.#c.platformPublicKeyPem,
        this.#now(),
      );
      if (problem)
        return { ok: false, code: res.status >= 500 ? `HTTP_${res.status}` : 'BAD_ANSWER_SIGNATURE', message: problem };
    }
    let json: Record<string, unknown> = {};
    if (text) {
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        if (verify) return { ok: false, code: 'BAD_ANSWER', message: 'answer is not JSON' };
      }
    }
    return { ok: true, answer: { status: res.status, body: text, json } };
  }

  /** A transaction object (the answer of pay and query) → outcome. */
  #ofTransaction(t: Record<string, unknown>): PayOutcome {
    const state = String(t.trade_state ?? '');
    const tradeNo = typeof t.transaction_id === 'string' ? t.transaction_id : undefined;
    switch (state) {
      case 'SUCCESS':
      case 'REFUND': {
        const amount = (t.amount ?? {}) as { total?: number };
        const paidAt = typeof t.success_time === 'string' ? Date.parse(t.success_time) : this.#now();
        if (!tradeNo) return { kind: 'unknown', code: 'BAD_ANSWER', message: 'paid without transaction_id' };
        return { kind: 'paid', providerTradeNo: tradeNo, paidAt, amountFen: Number(amount.total ?? 0) };
      }
      case 'USERPAYING':
        return { kind: 'confirming', providerTradeNo: tradeNo };
      case 'PAYERROR':
        return { kind: 'failed', reason: 'declined', code: state, message: String(t.trade_state_desc ?? '支付失败') };
      case 'CLOSED':
      case 'REVOKED':
        return { kind: 'failed', reason: 'declined', code: state, message: String(t.trade_state_desc ?? state) };
      default: // NOTPAY and anything new: not settled, ask again
        return { kind: 'unknown', code: state || 'NO_STATE', message: String(t.trade_state_desc ?? '') };
    }
  }

  #ofError(a: Answer): PayOutcome {
    const code = String(a.json.code ?? `HTTP_${a.status}`);
    const message = String(a.json.message ?? '');
    if (a.status === 202 || code === 'USERPAYING') return { kind: 'confirming' };
    if (a.status >= 500 || a.status === 429 || UNKNOWN_CODES.has(code)) return { kind: 'unknown', code, message };
    if (code === 'ORDER_NOT_EXIST' || code === 'ORDERNOTEXIST') return { kind: 'absent' };
    return { kind: 'failed', reason: REFUSALS[code] ?? 'declined', code, message };
  }

  async pay(r: PayRequest): Promise<PayOutcome> {
    const res = await this.#call('POST', '/v3/pay/transactions/codepay', {
      appid: this.#c.appid,
      mchid: this.#c.mchid,
      description: r.description.slice(0, 127),
      out_trade_no: r.outTradeNo,
      payer: { auth_code: r.authCode },
      amount: { total: r.amountFen, currency: 'CNY' },
      scene_info: { device_id: r.terminalId.replace(/-/g, '').slice(0, 32), store_info: { out_id: r.storeId } },
    });
    if (!res.ok) return { kind: 'unknown', code: res.code, message: res.message };
    const out = res.answer.status === 200 ? this.#ofTransaction(res.answer.json) : this.#ofError(res.answer);
    // A pay answer never means "absent": the provider got it, so a 404 here is as good as no answer.
    return out.kind === 'absent'
      ? { kind: 'unknown', code: 'ORDER_NOT_EXIST', message: 'pay answered not found' }
      : out;
  }

  async query(outTradeNo: string): Promise<PayOutcome> {
    const res = await this.#call(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.#c.mchid)}`,
    );
    if (!res.ok) return { kind: 'unknown', code: res.code, message: res.message };
    return res.answer.status === 200 ? this.#ofTransaction(res.answer.json) : this.#ofError(res.answer);
  }

  async reverse(outTradeNo: string): Promise<ReverseOutcome> {
    const res = await this.#call(
      'POST',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/reverse`,
      {
        appid: this.#c.appid,
        mchid: this.#c.mchid,
      },
    );
    if (!res.ok) return { kind: 'retry', code: res.code, message: res.message };
    const a = res.answer;
    if (a.status >= 200 && a.status < 300) return { kind: 'done' };
    const code = String(a.json.code ?? `HTTP_${a.status}`);
    // Nothing there to reverse: the pay never reached WeChat Pay.
    if (code === 'ORDER_NOT_EXIST' || code === 'ORDERNOTEXIST') return { kind: 'done' };
    return { kind: 'retry', code, message: String(a.json.message ?? '') };
  }

  #ofRefund(res: CallResult): RefundOutcome {
    if (!res.ok) return { kind: 'unknown', code: res.code, message: res.message };
    const a = res.answer;
    if (a.status === 200) {
      const status = String(a.json.status ?? '');
      const no = typeof a.json.refund_id === 'string' ? a.json.refund_id : null;
      if (status === 'SUCCESS') return { kind: 'succeeded', providerRefundNo: no };
      if (status === 'PROCESSING') return { kind: 'processing', providerRefundNo: no };
      if (status === 'CLOSED' || status === 'ABNORMAL')
        return { kind: 'failed', code: status, message: status === 'CLOSED' ? '退款关闭' : '退款异常' };
      return { kind: 'unknown', code: status || 'NO_STATUS', message: '' };
    }
    const code = String(a.json.code ?? `HTTP_${a.status}`);
    const message = String(a.json.message ?? '');
    if (a.status >= 500 || a.status === 429 || UNKNOWN_CODES.has(code) || code === 'RESOURCE_NOT_EXISTS')
      return { kind: 'unknown', code, message };
    return { kind: 'failed', code, message };
  }

  async refund(r: RefundRequest): Promise<RefundOutcome> {
    return this.#ofRefund(
      await this.#call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: r.outTradeNo,
        out_refund_no: r.outRefundNo,
        reason: r.reason.slice(0, 80),
        amount: { refund: r.refundFen, total: r.totalFen, currency: 'CNY' },
      }),
    );
  }

  async queryRefund(r: RefundRequest): Promise<RefundOutcome> {
    return this.#ofRefund(await this.#call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(r.outRefundNo)}`));
  }

  async bill(date: string): Promise<BillLine[]> {
    const res = await this.#call('GET', `/v3/bill/tradebill?bill_date=${date}&bill_type=ALL`);
    if (!res.ok) throw new Error(`WeChat Pay bill ${date}: ${res.code} ${res.message}`);
    if (res.answer.status !== 200) {
      // NO_STATEMENT_EXIST: no trade that day — an empty bill, not an error
      if (res.answer.json.code === 'NO_STATEMENT_EXIST') return [];
      throw new Error(
        `WeChat Pay bill ${date}: ${String(res.answer.json.code)} ${String(res.answer.json.message ?? '')}`,
      );
    }
    const { download_url: url, hash_value: hash } = res.answer.json as { download_url?: string; hash_value?: string };
    if (!url) throw new Error('WeChat Pay bill: no download_url');
    const u = new URL(url);
    // The file itself is not signed: its SHA1 from the signed answer above vouches for it.
    const file = await this.#call('GET', `${u.pathname}${u.search}`, undefined, false);
    if (!file.ok || file.answer.status !== 200) throw new Error(`WeChat Pay bill download failed`);
    const sha1 = createHash('sha1').update(file.answer.body, 'utf8').digest('hex');
    if (hash && sha1.toLowerCase() !== hash.toLowerCase()) throw new Error('WeChat Pay bill: hash mismatch');
    return parseWechatBill(file.answer.body);
  }
}

/**
 * The trade bill (交易账单) text: a header row, one row per trade with every field prefixed by a backtick,
 * then a summary header (总交易单数,…) and its row. Payments are rows in state SUCCESS; refunds rows in
 * state REFUND with the refund's own numbers.
 */
export function parseWechatBill(text: string): BillLine[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim());
  if (!header || !header.includes('商户订单号')) throw new Error('not a WeChat Pay trade bill');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`WeChat Pay bill without column ${name}`);
    return i;
  };
  const iTime = col('交易时间');
  const iTx = col('微信订单号');
  const iOut = col('商户订单号');
  const iState = col('交易状态');
  const iTotal = col('订单金额');
  const iRefundNo = col('商户退款单号');
  const iRefund = col('申请退款金额');
  const out: BillLine[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('总交易单数')) break;
    const f = line.split(',').map((v) => v.replace(/^`/, '').trim());
    const state = f[iState];
    const at = f[iTime] ? msOfBeijing(f[iTime]!) : null;
    if (state === 'SUCCESS')
      out.push({
        kind: 'payment',
        outTradeNo: f[iOut]!,
        providerTradeNo: f[iTx] || null,
        outRefundNo: null,
        amountFen: fenOfYuan(f[iTotal]!),
        at,
      });
    else if (state === 'REFUND')
      out.push({
        kind: 'refund',
        outTradeNo: f[iOut]!,
        providerTradeNo: f[iTx] || null,
        outRefundNo: f[iRefundNo] || null,
        amountFen: fenOfYuan(f[iRefund]!),
        at,
      });
  }
  return out;
}
