// Runtime: Node. The demo provider's WeChat Pay API v3 side: the real paths, request and answer shapes, and
// signatures. It checks every request as WeChat Pay does — the Authorization header's scheme and fields, the
// merchant's certificate serial, a timestamp within 5 minutes, the RSA-SHA256 signature over
// method/path/timestamp/nonce/body with the merchant's public key — and signs every answer with its platform
// key (Wechatpay-* headers). Errors are {code, message} with the documented HTTP statuses.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  answerMessage,
  parseAuthorization,
  requestMessage,
  rsaSign,
  rsaVerify,
  nonce as newNonce,
} from '../providers/wechatpay-sign';
import type { DemoBooks, DemoTrade } from './trades';
import { wechatBillText } from './bills';

export interface DemoWechatMerchant {
  mchid: string;
  appid: string;
  serialNo: string;
  publicKeyPem: string;
}

export interface DemoWechatOptions {
  books: DemoBooks;
  merchants: DemoWechatMerchant[];
  platformKeyId: string;
  platformPrivateKeyPem: string;
  /** the answer to a 'timeout_paid' code comes this late (the cloud should have given up by then) */
  hangMs: () => number;
  baseUrl: () => string;
}

const rfc3339 = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');

export function demoWechatRoutes(o: DemoWechatOptions) {
  const bills = new Map<string, string>();

  const send = (reply: FastifyReply, status: number, payload: unknown) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const ts = String(Math.floor(Date.now() / 1000));
    const n = newNonce();
    reply
      .code(status)
      .header('wechatpay-timestamp', ts)
      .header('wechatpay-nonce', n)
      .header('wechatpay-serial', o.platformKeyId)
      .header('wechatpay-signature-type', 'WECHATPAY2-SHA256-RSA2048')
      .header('wechatpay-signature', rsaSign(o.platformPrivateKeyPem, answerMessage(ts, n, body)))
      .header('request-id', randomBytes(12).toString('hex'));
    if (body) reply.header('content-type', 'application/json; charset=utf-8');
    return reply.send(body);
  };
  const fail = (reply: FastifyReply, status: number, code: string, message: string) =>
    send(reply, status, { code, message });

  /** The merchant whose signature this request carries, or null after answering the refusal. */
  const verified = (request: FastifyRequest, reply: FastifyReply): DemoWechatMerchant | null => {
    const auth = parseAuthorization(request.headers.authorization);
    if (!auth) {
      void fail(reply, 401, 'SIGN_ERROR', 'Authorization 头缺失或格式错误');
      return null;
    }
    const m = o.merchants.find((x) => x.mchid === auth.mchid);
    if (!m) {
      void fail(reply, 400, 'MCH_NOT_EXISTS', '商户号不存在');
      return null;
    }
    if (auth.serial_no !== m.serialNo) {
      void fail(reply, 401, 'SIGN_ERROR', '商户证书序列号不正确');
      return null;
    }
    if (Math.abs(Date.now() / 1000 - Number(auth.timestamp)) > 300) {
      void fail(reply, 401, 'SIGN_ERROR', '签名时间戳过期');
      return null;
    }
    const body = typeof request.body === 'string' ? request.body : '';
    const message = requestMessage(request.method, request.url, auth.timestamp!, auth.nonce_str!, body);
    if (!rsaVerify(m.publicKeyPem, message, auth.signature!)) {
      void fail(reply, 401, 'SIGN_ERROR', '签名错误');
      return null;
    }
    return m;
  };

  const json = (request: FastifyRequest): Record<string, unknown> => {
    try {
      return JSON.parse(typeof request.body === 'string' && request.body ? request.body : '{}') as Record<
        string,
        unknown
      >;
    } catch {
      return {};
    }
  };

  const transaction = (t: DemoTrade, m: DemoWechatMerchant) => ({
    appid: m.appid,
    mchid: m.mchid,
    out_trade_no: t.outTradeNo,
    transaction_id: t.tradeNo,
    trade_type: 'MICROPAY',
    trade_state: t.state,
    trade_state_desc: { SUCCESS: '支付成功', USERPAYING: '用户支付中', REVOKED: '已撤销', CLOSED: '已关闭' }[t.state],
    bank_type: 'OTHERS',
    ...(t.paidAt !== null && t.state === 'SUCCESS' ? { success_time: rfc3339(t.paidAt) } : {}),
    payer: { openid: `oUpF8u${t.authCode.slice(-8)}demo` },
    amount: { total: t.amountFen, payer_total: t.amountFen, currency: 'CNY', payer_currency: 'CNY' },
  });

  return async (app: FastifyInstance): Promise<void> => {
    app.post('/v3/pay/transactions/codepay', async (request, reply) => {
      const m = verified(request, reply);
      if (!m) return reply;
      const b = json(request) as {
        appid?: string;
        mchid?: string;
        description?: string;
        out_trade_no?: string;
        payer?: { auth_code?: string };
        amount?: { total?: number; currency?: string };
      };
      if (b.mchid !== m.mchid || b.appid !== m.appid)
        return fail(reply, 400, 'APPID_MCHID_NOT_MATCH', 'appid和mchid不匹配');
      const authCode = b.payer?.auth_code;
      const total = b.amount?.total;
      if (!b.out_trade_no || !/^[0-9A-Za-z_\-|*]{6,32}$/.test(b.out_trade_no) || !authCode || !b.description)
        return fail(reply, 400, 'PARAM_ERROR', '参数错误');
      if (!Number.isInteger(total) || (total ?? 0) <= 0) return fail(reply, 400, 'PARAM_ERROR', '订单金额不合法');
      const before = o.books.get('wechatpay', m.mchid, b.out_trade_no);
      if (before) {
        if (before.authCode !== authCode || before.amountFen !== total)
          return fail(reply, 403, 'OUT_TRADE_NO_USED', '商户订单号重复');
        if (before.state === 'USERPAYING') return fail(reply, 202, 'USERPAYING', '用户支付中，需要输入密码');
        if (before.state === 'SUCCESS') return send(reply, 200, transaction(before, m));
        return fail(reply, 400, 'ORDER_CLOSED', '订单已关闭');
      }
      const { trade, outcome } = o.books.open(
        'wechatpay',
        m.mchid,
        { outTradeNo: b.out_trade_no, authCode, amountFen: total!, description: b.description },
        Date.now(),
      );
      switch (outcome) {
        case 'insufficient_balance':
          return fail(reply, 403, 'NOT_ENOUGH', '用户账号余额不足');
        case 'code_expired':
          return fail(reply, 400, 'AUTH_CODE_EXPIRE', '二维码已过期，请用户在微信上刷新后再试');
        case 'declined':
          return fail(reply, 403, 'TRADE_ERROR', '交易错误，用户账户受限');
        case 'error_not_paid':
        case 'error_paid':
          return fail(reply, 500, 'SYSTEM_ERROR', '系统错误');
        case 'confirm_then_pay':
        case 'confirm_never':
          return fail(reply, 202, 'USERPAYING', '用户支付中，需要输入密码');
        case 'timeout_paid':
          await new Promise((r) => setTimeout(r, o.hangMs()));
          return send(reply, 200, transaction(trade!, m));
        default:
          return send(reply, 200, transaction(trade!, m));
      }
    });

    app.get<{ Params: { no: string }; Querystring: { mchid?: string } }>(
      '/v3/pay/transactions/out-trade-no/:no',
      async (request, reply) => {
        const m = verified(request, reply);
        if (!m) return reply;
        if (request.query.mchid !== m.mchid) return fail(reply, 400, 'PARAM_ERROR', 'mchid 与签名商户不一致');
        const t = o.books.get('wechatpay', m.mchid, request.params.no);
        if (!t) return fail(reply, 404, 'ORDER_NOT_EXIST', '订单不存在');
        o.books.advance(t, Date.now());
        return send(reply, 200, transaction(t, m));
      },
    );

    app.post<{ Params: { no: string } }>('/v3/pay/transactions/out-trade-no/:no/reverse', async (request, reply) => {
      const m = verified(request, reply);
      if (!m) return reply;
      const b = json(request);
      if (b.mchid !== m.mchid || b.appid !== m.appid)
        return fail(reply, 400, 'APPID_MCHID_NOT_MATCH', 'appid和mchid不匹配');
      const t = o.books.get('wechatpay', m.mchid, request.params.no);
      if (!t) return fail(reply, 404, 'ORDER_NOT_EXIST', '订单不存在');
      o.books.reverse(t, Date.now());
      return send(reply, 200, { out_trade_no: t.outTradeNo, recall: false });
    });

    const refundView = (t: DemoTrade, r: DemoTrade['refunds'][number]) => ({
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: t.tradeNo,
      out_trade_no: t.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: rfc3339(r.at),
      ...(r.status === 'SUCCESS' ? { success_time: rfc3339(r.at) } : {}),
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: t.amountFen,
        refund: r.amountFen,
        payer_total: t.amountFen,
        payer_refund: r.amountFen,
        settlement_refund: r.amountFen,
        settlement_total: t.amountFen,
        discount_refund: 0,
        currency: 'CNY',
      },
    });

    app.post('/v3/refund/domestic/refunds', async (request, reply) => {
      const m = verified(request, reply);
      if (!m) return reply;
      const b = json(request) as {
        out_trade_no?: string;
        out_refund_no?: string;
        amount?: { refund?: number; total?: number; currency?: string };
      };
      const t = b.out_trade_no ? o.books.get('wechatpay', m.mchid, b.out_trade_no) : undefined;
      if (!t || t.state !== 'SUCCESS') return fail(reply, 404, 'RESOURCE_NOT_EXISTS', '订单不存在或未支付');
      const refund = b.amount?.refund;
      if (!b.out_refund_no || !Number.isInteger(refund) || (refund ?? 0) <= 0 || b.amount?.total !== t.amountFen)
        return fail(reply, 400, 'PARAM_ERROR', '参数错误');
      const before = t.refunds.find((r) => r.outRefundNo === b.out_refund_no);
      if (before) return send(reply, 200, refundView(t, before));
      if (t.outcome === 'refund_refused')
        return fail(reply, 403, 'USER_ACCOUNT_ABNORMAL', '退款请求失败，用户账户异常');
      if (o.books.refunded(t) + refund! > t.amountFen)
        return fail(reply, 400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
      const r = {
        outRefundNo: b.out_refund_no,
        refundId: `5030${Date.now()}${randomBytes(4).toString('hex')}`,
        amountFen: refund!,
        at: Date.now(),
        status: 'PROCESSING' as const,
      };
      t.refunds.push(r);
      return send(reply, 200, refundView(t, r));
    });

    app.get<{ Params: { no: string } }>('/v3/refund/domestic/refunds/:no', async (request, reply) => {
      const m = verified(request, reply);
      if (!m) return reply;
      for (const t of o.books.all('wechatpay', m.mchid)) {
        const r = t.refunds.find((x) => x.outRefundNo === request.params.no);
        if (r) {
          if (r.status === 'PROCESSING') r.status = t.outcome === 'refund_fails_late' ? 'ABNORMAL' : 'SUCCESS';
          return send(reply, 200, refundView(t, r));
        }
      }
      return fail(reply, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    });

    app.get<{ Querystring: { bill_date?: string; bill_type?: string } }>(
      '/v3/bill/tradebill',
      async (request, reply) => {
        const m = verified(request, reply);
        if (!m) return reply;
        const date = request.query.bill_date ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return fail(reply, 400, 'PARAM_ERROR', 'bill_date 格式错误');
        const text = wechatBillText(o.books.all('wechatpay', m.mchid), m, date);
        const token = randomBytes(16).toString('hex');
        bills.set(token, text);
        const { createHash } = await import('node:crypto');
        return send(reply, 200, {
          hash_type: 'SHA1',
          hash_value: createHash('sha1').update(text, 'utf8').digest('hex'),
          download_url: `${o.baseUrl()}/v3/billdownload/file?token=${token}`,
        });
      },
    );

    app.get<{ Querystring: { token?: string } }>('/v3/billdownload/file', async (request, reply) => {
      const m = verified(request, reply);
      if (!m) return reply;
      const text = bills.get(request.query.token ?? '');
      if (text === undefined) return fail(reply, 404, 'RESOURCE_NOT_EXISTS', '账单不存在');
      // the file itself is not signed; its SHA1 came in the signed answer above
      return reply.code(200).header('content-type', 'text/plain; charset=utf-8').send(text);
    });
  };
}
