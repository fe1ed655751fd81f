// Runtime: Node. The demo provider's Alipay side: the open-platform gateway (POST /gateway.do) with the real
// common parameters, methods, codes and signatures. It verifies each request as Alipay does — every
// parameter (URL and form) except `sign`, empty ones dropped, sorted by name, joined as k=v with '&', RSA2
// (SHA256withRSA) under the app's public key — and signs each answer: `sign` over the exact JSON text of
// the `<method>_response` object, with its own (the "Alipay public key"'s) private key.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { rsaSign, rsaVerify } from '../providers/wechatpay-sign';
import { fenOfYuan, yuanString, beijingParts } from '../providers/types';
import { alipayBillZip } from './bills';
import type { DemoBooks, DemoTrade } from './trades';

export interface DemoAlipayApp {
  appId: string;
  /** the seller's partner id (2088…), named in bills */
  pid: string;
  publicKeyPem: string;
}

export interface DemoAlipayOptions {
  books: DemoBooks;
  apps: DemoAlipayApp[];
  platformPrivateKeyPem: string;
  hangMs: () => number;
  baseUrl: () => string;
}

const when = (ms: number) => {
  const p = beijingParts(ms);
  return `${p.date} ${p.time}`;
};

export function signContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export function demoAlipayRoutes(o: DemoAlipayOptions) {
  const bills = new Map<string, Uint8Array>();

  const answer = (reply: FastifyReply, method: string, inner: Record<string, unknown>) => {
    const innerText = JSON.stringify(inner);
    const sign = rsaSign(o.platformPrivateKeyPem, innerText);
    return reply
      .code(200)
      .header('content-type', 'text/html;charset=utf-8')
      .header('trace_id', randomBytes(12).toString('hex'))
      .send(`{"${method.replaceAll('.', '_')}_response":${innerText},"sign":"${sign}"}`);
  };
  const refuse = (reply: FastifyReply, method: string, sub_code: string, sub_msg: string, code = '40004') =>
    answer(reply, method, {
      code,
      msg:
        code === '40004' ? 'Business Failed' : code === '20000' ? 'Service Currently Unavailable' : 'Invalid Arguments',
      sub_code,
      sub_msg,
    });

  const payView = (t: DemoTrade) => ({
    trade_no: t.tradeNo,
    out_trade_no: t.outTradeNo,
    buyer_logon_id: `${t.authCode.slice(0, 3)}***@demo.cn`,
    total_amount: yuanString(t.amountFen),
    receipt_amount: yuanString(t.amountFen),
    buyer_pay_amount: yuanString(t.amountFen),
    ...(t.paidAt !== null ? { gmt_payment: when(t.paidAt) } : {}),
    fund_bill_list: [{ fund_channel: 'ALIPAYACCOUNT', amount: yuanString(t.amountFen) }],
    buyer_user_id: `2088${t.authCode.slice(-12)}`,
  });

  return async (app: FastifyInstance): Promise<void> => {
    app.post('/gateway.do', async (request, reply) => {
      const query = request.query as Record<string, string>;
      const form = (request.body ?? {}) as Record<string, string>;
      const params: Record<string, string> = { ...query, ...form };
      const method = params.method ?? 'unknown.method';
      const a = o.apps.find((x) => x.appId === params.app_id);
      if (!a) return refuse(reply, method, 'isv.invalid-app-id', '无效的AppID参数', '40002');
      if (params.sign_type !== 'RSA2' || !params.sign || !rsaVerify(a.publicKeyPem, signContent(params), params.sign))
        return refuse(
          reply,
          method,
          'isv.invalid-signature',
          '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配',
          '40002',
        );
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(params.timestamp ?? ''))
        return refuse(reply, method, 'isv.invalid-timestamp', '非法的时间戳参数', '40002');
      let biz: Record<string, string>;
      try {
        biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
      } catch {
        return refuse(reply, method, 'isv.invalid-parameter', 'biz_content 不是合法的 JSON', '40002');
      }
      const now = Date.now();
      switch (method) {
        case 'alipay.trade.pay': {
          if (biz.scene !== 'bar_code' || !biz.out_trade_no || !biz.auth_code || !biz.subject || !biz.total_amount)
            return refuse(reply, method, 'ACQ.INVALID_PARAMETER', '参数无效');
          let amountFen: number;
          try {
            amountFen = fenOfYuan(biz.total_amount);
          } catch {
            return refuse(reply, method, 'ACQ.INVALID_PARAMETER', '金额格式错误');
          }
          const before = o.books.get('alipay', a.appId, biz.out_trade_no);
          if (before) {
            if (before.authCode !== biz.auth_code || before.amountFen !== amountFen)
              return refuse(reply, method, 'ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
            if (before.state === 'USERPAYING')
              return answer(reply, method, { code: '10003', msg: ' order success pay inprocess', ...payView(before) });
            if (before.state === 'SUCCESS')
              return answer(reply, method, { code: '10000', msg: 'Success', ...payView(before) });
            return refuse(reply, method, 'ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
          }
          const { trade, outcome } = o.books.open(
            'alipay',
            a.appId,
            { outTradeNo: biz.out_trade_no, authCode: biz.auth_code, amountFen, description: biz.subject },
            now,
          );
          switch (outcome) {
            case 'insufficient_balance':
              return refuse(reply, method, 'ACQ.BUYER_BALANCE_NOT_ENOUGH', '买家余额不足');
            case 'code_expired':
              return refuse(
                reply,
                method,
                'ACQ.PAYMENT_AUTH_CODE_INVALID',
                '支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款',
              );
            case 'declined':
              return refuse(reply, method, 'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR', '买家付款日限额超限');
            case 'error_not_paid':
            case 'error_paid':
              return refuse(reply, method, 'aop.ACQ.SYSTEM_ERROR', '系统异常', '20000');
            case 'confirm_then_pay':
            case 'confirm_never':
              return answer(reply, method, { code: '10003', msg: ' order success pay inprocess', ...payView(trade!) });
            case 'timeout_paid':
              await new Promise((r) => setTimeout(r, o.hangMs()));
              return answer(reply, method, { code: '10000', msg: 'Success', ...payView(trade!) });
            default:
              return answer(reply, method, { code: '10000', msg: 'Success', ...payView(trade!) });
          }
        }
        case 'alipay.trade.query': {
          const t = o.books.get('alipay', a.appId, biz.out_trade_no ?? '');
          if (!t) return refuse(reply, method, 'ACQ.TRADE_NOT_EXIST', '交易不存在');
          o.books.advance(t, now);
          const status =
            t.state === 'SUCCESS' ? 'TRADE_SUCCESS' : t.state === 'USERPAYING' ? 'WAIT_BUYER_PAY' : 'TRADE_CLOSED';
          return answer(reply, method, {
            code: '10000',
            msg: 'Success',
            ...payView(t),
            trade_status: status,
            ...(t.paidAt !== null ? { send_pay_date: when(t.paidAt) } : {}),
          });
        }
        case 'alipay.trade.cancel': {
          const t = o.books.get('alipay', a.appId, biz.out_trade_no ?? '');
          if (!t)
            return answer(reply, method, {
              code: '10000',
              msg: 'Success',
              out_trade_no: biz.out_trade_no,
              retry_flag: 'N',
              action: '',
            });
          const wasPaid = t.state === 'SUCCESS';
          o.books.reverse(t, now);
          return answer(reply, method, {
            code: '10000',
            msg: 'Success',
            trade_no: t.tradeNo,
            out_trade_no: t.outTradeNo,
            retry_flag: 'N',
            action: wasPaid ? 'refund' : 'close',
          });
        }
        case 'alipay.trade.refund': {
          const t = o.books.get('alipay', a.appId, biz.out_trade_no ?? '');
          if (!t || t.state !== 'SUCCESS') return refuse(reply, method, 'ACQ.TRADE_NOT_EXIST', '交易不存在');
          if (!biz.out_request_no || !biz.refund_amount)
            return refuse(reply, method, 'ACQ.INVALID_PARAMETER', '参数无效');
          const amountFen = fenOfYuan(biz.refund_amount);
          const before = t.refunds.find((r) => r.outRefundNo === biz.out_request_no);
          if (!before) {
            if (t.outcome === 'refund_refused') return refuse(reply, method, 'ACQ.BUYER_ERROR', '买家状态非法');
            // refund_fails_late: a system error the first time (the cloud cannot tell), refused when asked again
            if (o.books.firstAsk(t, biz.out_request_no))
              return refuse(reply, method, 'ACQ.SYSTEM_ERROR', '系统错误', '20000');
            if (t.outcome === 'refund_fails_late') return refuse(reply, method, 'ACQ.BUYER_ERROR', '买家状态非法');
            if (o.books.refunded(t) + amountFen > t.amountFen)
              return refuse(reply, method, 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
            t.refunds.push({ outRefundNo: biz.out_request_no, refundId: '', amountFen, at: now, status: 'SUCCESS' });
          }
          return answer(reply, method, {
            code: '10000',
            msg: 'Success',
            trade_no: t.tradeNo,
            out_trade_no: t.outTradeNo,
            buyer_logon_id: payView(t).buyer_logon_id,
            fund_change: before ? 'N' : 'Y',
            refund_fee: yuanString(o.books.refunded(t)),
            gmt_refund_pay: when(before?.at ?? now),
          });
        }
        case 'alipay.trade.fastpay.refund.query': {
          const t = o.books.get('alipay', a.appId, biz.out_trade_no ?? '');
          const r = t?.refunds.find((x) => x.outRefundNo === biz.out_request_no);
          // an unknown request answers 10000 with no refund fields, as Alipay does
          if (!t || !r) return answer(reply, method, { code: '10000', msg: 'Success' });
          return answer(reply, method, {
            code: '10000',
            msg: 'Success',
            trade_no: t.tradeNo,
            out_trade_no: t.outTradeNo,
            out_request_no: r.outRefundNo,
            total_amount: yuanString(t.amountFen),
            refund_amount: yuanString(r.amountFen),
            refund_status: 'REFUND_SUCCESS',
          });
        }
        case 'alipay.data.dataservice.bill.downloadurl.query': {
          if (biz.bill_type !== 'trade' || !/^\d{4}-\d{2}-\d{2}$/.test(biz.bill_date ?? ''))
            return refuse(reply, method, 'isv.invalid-parameter', '参数无效', '40002');
          const token = randomBytes(16).toString('hex');
          bills.set(token, alipayBillZip(o.books.all('alipay', a.appId), a.pid, biz.bill_date!, now));
          return answer(reply, method, {
            code: '10000',
            msg: 'Success',
            bill_download_url: `${o.baseUrl()}/alipay/bill/download?token=${token}`,
          });
        }
        default:
          return refuse(reply, method, 'isv.invalid-method', '不存在的方法名', '40002');
      }
    });

    app.get<{ Querystring: { token?: string } }>('/alipay/bill/download', async (request, reply) => {
      const zip = bills.get(request.query.token ?? '');
      if (!zip) return reply.code(404).send('not found');
      return reply.code(200).header('content-type', 'application/zip').send(Buffer.from(zip));
    });
  };
}
