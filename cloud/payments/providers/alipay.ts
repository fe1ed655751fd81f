// Runtime: Node. Alipay 当面付 through the maintained alipay-sdk (RSA2 request signing, response signature
// verification with the Alipay public key — validateSign on every call):
//   alipay.trade.pay (scene bar_code)   pay with the customer's code
//   alipay.trade.query                  query by out_trade_no
//   alipay.trade.cancel                 cancel (closes an unpaid trade, returns the money of a paid one)
//   alipay.trade.refund / alipay.trade.fastpay.refund.query   refunds (out_request_no = our refund no)
//   alipay.data.dataservice.bill.downloadurl.query → a zip of GBK CSVs   reconciliation
// Codes: 10000 success; 10003 the customer is confirming (password); 40004 a business refusal (sub_code says
// which); 20000 service unavailable = unknown. An answer whose signature fails is no answer ('unknown').
import { AlipaySdk } from 'alipay-sdk';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { PaymentFailureReason, ProviderId } from '../../../shared/payments/wire';
import {
  fenOfYuan,
  msOfBeijing,
  yuanString,
  type BillLine,
  type PayOutcome,
  type PaymentProvider,
  type PayRequest,
  type RefundOutcome,
  type RefundRequest,
  type ReverseOutcome,
} from './types';

export const ALIPAY_PRODUCTION_GATEWAY = 'https://openapi.alipay.com/gateway.do';

export interface AlipayConfig {
  gateway: string;
  appId: string;
  /** the app's private key (PKCS8 PEM) */
  appPrivateKeyPem: string;
  /** Alipay's public key (支付宝公钥), verifies every answer */
  alipayPublicKeyPem: string;
  timeoutMs: number;
}

/** Documented sub_codes of a 40004 that are a definite refusal, and what the till shows. */
const REFUSALS: Record<
  string,
  Exclude<PaymentFailureReason, 'customer_timeout' | 'provider_unreachable' | 'cancelled'>
> = {
  'ACQ.BUYER_BALANCE_NOT_ENOUGH': 'insufficient_balance',
  'ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH': 'insufficient_balance',
  'ACQ.PAYMENT_AUTH_CODE_INVALID': 'code_expired',
  'ACQ.AUTH_CODE_INVALID': 'code_invalid',
  'ACQ.INVALID_PARAMETER': 'code_invalid',
  'ACQ.TRADE_BUYER_NOT_MATCH': 'declined',
  'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR': 'declined',
  'ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR': 'declined',
  'ACQ.BUYER_ENABLE_STATUS_FORBID': 'declined',
  'ACQ.PAYMENT_FAIL': 'declined',
  'ACQ.ERROR_BALANCE_PAYMENT_DISABLE': 'declined',
  'ACQ.TRADE_HAS_CLOSE': 'declined',
  'ACQ.ACCESS_FORBIDDEN': 'not_configured',
  'ACQ.SELLER_BEEN_BLOCKED': 'not_configured',
  'isv.invalid-signature': 'not_configured',
  'isv.invalid-app-id': 'not_configured',
};
const UNKNOWN_SUB_CODES = new Set(['ACQ.SYSTEM_ERROR', 'aop.ACQ.SYSTEM_ERROR', 'ACQ.TRADE_HAS_SUCCESS']);

type Answer = Record<string, unknown>;

export class AlipayProvider implements PaymentProvider {
  readonly id: ProviderId = 'alipay';
  readonly #sdk: AlipaySdk;

  constructor(c: AlipayConfig) {
    this.#sdk = new AlipaySdk({
      appId: c.appId,
      privateKey: c.appPrivateKeyPem,
      keyType: 'PKCS8',
      alipayPublicKey: c.alipayPublicKeyPem,
      gateway: c.gateway,
      timeout: c.timeoutMs,
      camelcase: false,
      signType: 'RSA2',
    });
  }

  /** One call; the answer only when its signature verifies, else an 'unknown' with why. */
  async #exec(
    method: string,
    biz: Record<string, unknown>,
  ): Promise<{ ok: true; a: Answer } | { ok: false; code: string; message: string }> {
    try {
      const a = (await this.#sdk.exec(method, { bizContent: biz }, { validateSign: true })) as Answer;
      return { ok: true, a };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const code = /timeout/i.test(message) ? 'TIMEOUT' : /验签/.test(message) ? 'BAD_ANSWER_SIGNATURE' : 'NETWORK';
      return { ok: false, code, message: message.slice(0, 200) };
    }
  }

  #refusalOrUnknown(a: Answer): PayOutcome {
    const sub = String(a.sub_code ?? '');
    const code = String(a.code ?? '');
    const message = String(a.sub_msg ?? a.msg ?? '');
    if (code === '20000' || code === '20001' || UNKNOWN_SUB_CODES.has(sub))
      return { kind: 'unknown', code: sub || code, message };
    if (sub === 'ACQ.TRADE_NOT_EXIST') return { kind: 'absent' };
    return { kind: 'failed', reason: REFUSALS[sub] ?? 'declined', code: sub || code, message };
  }

  #paid(a: Answer): PayOutcome {
    const tradeNo = String(a.trade_no ?? '');
    if (!tradeNo) return { kind: 'unknown', code: 'BAD_ANSWER', message: 'paid without trade_no' };
    const when =
      typeof a.gmt_payment === 'string' ? a.gmt_payment : typeof a.send_pay_date === 'string' ? a.send_pay_date : null;
    return {
      kind: 'paid',
      providerTradeNo: tradeNo,
      paidAt: when ? msOfBeijing(when) : Date.now(),
      amountFen: fenOfYuan(String(a.total_amount ?? '0')),
    };
  }

  async pay(r: PayRequest): Promise<PayOutcome> {
    const res = await this.#exec('alipay.trade.pay', {
      out_trade_no: r.outTradeNo,
      scene: 'bar_code',
      auth_code: r.authCode,
      product_code: 'FACE_TO_FACE_PAYMENT',
      subject: r.description.slice(0, 256),
      total_amount: yuanString(r.amountFen),
      store_id: r.storeId.slice(0, 32),
      terminal_id: r.terminalId.replace(/-/g, '').slice(0, 32),
    });
    if (!res.ok) return { kind: 'unknown', code: res.code, message: res.message };
    const a = res.a;
    if (a.code === '10000') return this.#paid(a);
    if (a.code === '10003')
      return { kind: 'confirming', providerTradeNo: typeof a.trade_no === 'string' ? a.trade_no : undefined };
    const out = this.#refusalOrUnknown(a);
    return out.kind === 'absent'
      ? { kind: 'unknown', code: 'ACQ.TRADE_NOT_EXIST', message: 'pay answered not found' }
      : out;
  }

  async query(outTradeNo: string): Promise<PayOutcome> {
    const res = await this.#exec('alipay.trade.query', { out_trade_no: outTradeNo });
    if (!res.ok) return { kind: 'unknown', code: res.code, message: res.message };
    const a = res.a;
    if (a.code !== '10000') return this.#refusalOrUnknown(a);
    switch (a.trade_status) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        return this.#paid(a);
      case 'WAIT_BUYER_PAY':
        return { kind: 'confirming', providerTradeNo: String(a.trade_no ?? '') || undefined };
      case 'TRADE_CLOSED':
        return { kind: 'failed', reason: 'declined', code: 'TRADE_CLOSED', message: '交易已关闭' };
      default:
        return { kind: 'unknown', code: String(a.trade_status ?? 'NO_STATUS'), message: '' };
    }
  }

  async reverse(outTradeNo: string): Promise<ReverseOutcome> {
    const res = await this.#exec('alipay.trade.cancel', { out_trade_no: outTradeNo });
    if (!res.ok) return { kind: 'retry', code: res.code, message: res.message };
    const a = res.a;
    if (a.code === '10000' && a.retry_flag !== 'Y') return { kind: 'done' };
    return {
      kind: 'retry',
      code: String(a.sub_code ?? a.code ?? ''),
      message: String(a.sub_msg ?? a.msg ?? 'retry_flag Y'),
    };
  }

  async refund(r: RefundRequest): Promise<RefundOutcome> {
    const res = await this.#exec('alipay.trade.refund', {
      out_trade_no: r.outTradeNo,
      refund_amount: yuanString(r.refundFen),
      out_request_no: r.outRefundNo,
      refund_reason: r.reason.slice(0, 256),
    });
    if (!res.ok) return { kind: 'unknown', code: res.code, message: res.message };
    const a = res.a;
    if (a.code === '10000')
      // fund_change N on a repeat of an already refunded request: still a success (the money moved before)
      return { kind: 'succeeded', providerRefundNo: null };
    const sub = String(a.sub_code ?? a.code ?? '');
    if (a.code === '20000' || UNKNOWN_SUB_CODES.has(sub))
      return { kind: 'unknown', code: sub, message: String(a.sub_msg ?? '') };
    return { kind: 'failed', code: sub, message: String(a.sub_msg ?? a.msg ?? '') };
  }

  async queryRefund(r: RefundRequest): Promise<RefundOutcome> {
    const res = await this.#exec('alipay.trade.fastpay.refund.query', {
      out_trade_no: r.outTradeNo,
      out_request_no: r.outRefundNo,
    });
    if (!res.ok) return { kind: 'unknown', code: res.code, message: res.message };
    const a = res.a;
    if (a.code === '10000' && (a.refund_status === 'REFUND_SUCCESS' || a.refund_amount !== undefined))
      return { kind: 'succeeded', providerRefundNo: null };
    // no such refund request: it never arrived, send it again
    return { kind: 'unknown', code: String(a.sub_code ?? a.code ?? 'NOT_FOUND'), message: String(a.sub_msg ?? '') };
  }

  async bill(date: string): Promise<BillLine[]> {
    const res = await this.#exec('alipay.data.dataservice.bill.downloadurl.query', {
      bill_type: 'trade',
      bill_date: date,
    });
    if (!res.ok) throw new Error(`Alipay bill ${date}: ${res.code} ${res.message}`);
    if (res.a.code !== '10000') {
      if (res.a.sub_code === 'isp.bill_not_exist') return [];
      throw new Error(`Alipay bill ${date}: ${String(res.a.sub_code ?? res.a.code)} ${String(res.a.sub_msg ?? '')}`);
    }
    const url = String(res.a.bill_download_url ?? '');
    const zip = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (!zip.ok) throw new Error(`Alipay bill download: HTTP ${zip.status}`);
    return parseAlipayBillZip(new Uint8Array(await zip.arrayBuffer()));
  }
}

/**
 * The bill zip holds GBK CSVs: the detail (…业务明细.csv) and a summary (…业务明细(汇总).csv). Detail rows sit
 * between the "业务明细列表" markers; every value ends with a tab (so spreadsheets keep long numbers as text).
 */
export function parseAlipayBillZip(zip: Uint8Array): BillLine[] {
  const files = unzipSync(zip);
  const name = Object.keys(files).find(
    (n) => /业务明细\.csv$/.test(iconv.decode(Buffer.from(n, 'binary'), 'gbk')) || /业务明细\.csv$/.test(n),
  );
  if (!name) throw new Error('Alipay bill zip without the detail CSV');
  return parseAlipayBillCsv(iconv.decode(Buffer.from(files[name]!), 'gbk'));
}

export function parseAlipayBillCsv(text: string): BillLine[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('支付宝交易号'));
  if (start < 0) throw new Error('not an Alipay trade bill');
  const header = lines[start]!.split(',').map((h) => h.trim());
  const col = (n: string) => {
    const i = header.indexOf(n);
    if (i < 0) throw new Error(`Alipay bill without column ${n}`);
    return i;
  };
  const iTrade = col('支付宝交易号');
  const iOut = col('商户订单号');
  const iType = col('业务类型');
  const iDone = col('完成时间');
  const iAmount = col('订单金额（元）');
  const iReq = col('退款批次号/请求号');
  const out: BillLine[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#') || line.trim() === '') break;
    const f = line.split(',').map((v) => v.replace(/\t/g, '').trim());
    const kind = f[iType] === '交易' ? 'payment' : f[iType] === '退款' ? 'refund' : null;
    if (!kind) continue;
    out.push({
      kind,
      outTradeNo: f[iOut]!,
      providerTradeNo: f[iTrade] || null,
      outRefundNo: kind === 'refund' ? f[iReq] || null : null,
      amountFen: Math.abs(fenOfYuan(f[iAmount]!)),
      at: f[iDone] ? msOfBeijing(f[iDone]!) : null,
    });
  }
  return out;
}
