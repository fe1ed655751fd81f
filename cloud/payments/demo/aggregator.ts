// Runtime: Node. The demo provider's aggregator (聚合支付) side, in the shape of 收钱吧's Upay v2 terminal API:
// it checks `Authorization: <terminal_sn> <md5(body + terminal_key)>` as that gateway does, takes WeChat, Alipay
// and UnionPay codes on one terminal, and answers {result_code, biz_response: {result_code, data}} unsigned.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { aggregatorAuthorization } from '../providers/aggregator';
import type { DemoBooks, DemoTrade } from './trades';

export interface DemoTerminal {
  terminalSn: string;
  terminalKey: string;
}

export interface DemoAggregatorOptions {
  books: DemoBooks;
  terminals: DemoTerminal[];
  hangMs: () => number;
}

/** payway as the aggregator numbers channels: 1 Alipay, 3 WeChat, 17 UnionPay */
const payway = (code: string) => (/^1[0-5]/.test(code) ? '3' : /^(2[5-9]|30)/.test(code) ? '1' : '17');

export function demoAggregatorRoutes(o: DemoAggregatorOptions) {
  const answer = (reply: FastifyReply, biz: Record<string, unknown>) =>
    reply.code(200).send({ result_code: '200', biz_response: biz });
  const refused = (reply: FastifyReply, code: string, message: string) =>
    reply.code(200).send({ result_code: '400', error_code: code, error_message: message });

  const verified = (
    request: FastifyRequest,
    reply: FastifyReply,
  ): { t: DemoTerminal; b: Record<string, string> } | null => {
    const raw = typeof request.body === 'string' ? request.body : '';
    let b: Record<string, string>;
    try {
      b = JSON.parse(raw) as Record<string, string>;
    } catch {
      void refused(reply, 'INVALID_PARAMS', '请求不是合法的 JSON');
      return null;
    }
    const t = o.terminals.find((x) => x.terminalSn === b.terminal_sn);
    if (!t || request.headers.authorization !== aggregatorAuthorization(t.terminalSn, t.terminalKey, raw)) {
      void refused(reply, 'ILLEGAL_SIGN', '签名错误');
      return null;
    }
    return { t, b };
  };

  const data = (tr: DemoTrade) => ({
    sn: tr.tradeNo,
    client_sn: tr.outTradeNo,
    trade_no: `${tr.tradeNo}9`,
    status: tr.state === 'SUCCESS' ? 'SUCCESS' : tr.state === 'USERPAYING' ? 'IN_PROG' : 'FAIL_CANCELED',
    order_status: tr.refunds.length
      ? tr.refunds.reduce((s, r) => s + r.amountFen, 0) >= tr.amountFen
        ? 'REFUNDED'
        : 'PARTIAL_REFUNDED'
      : { SUCCESS: 'PAID', USERPAYING: 'CREATED', REVOKED: 'CANCELED', CLOSED: 'PAY_CANCELED' }[tr.state],
    total_amount: String(tr.amountFen),
    net_amount: String(tr.amountFen - tr.refunds.reduce((s, r) => s + r.amountFen, 0)),
    payway: payway(tr.authCode),
    subject: tr.description,
    ...(tr.paidAt !== null ? { finish_time: String(tr.paidAt) } : {}),
  });

  return async (app: FastifyInstance): Promise<void> => {
    app.post('/upay/v2/pay', async (request, reply) => {
      const v = verified(request, reply);
      if (!v) return reply;
      const { t, b } = v;
      if (!b.client_sn || !b.dynamic_id || !/^\d{1,10}$/.test(b.total_amount ?? '') || !b.subject)
        return refused(reply, 'INVALID_PARAMS', '参数错误');
      const before = o.books.get('aggregator', t.terminalSn, b.client_sn);
      if (before) {
        if (before.state === 'SUCCESS') return answer(reply, { result_code: 'PAY_SUCCESS', data: data(before) });
        if (before.state === 'USERPAYING') return answer(reply, { result_code: 'PAY_IN_PROGRESS', data: data(before) });
        return answer(reply, { result_code: 'PAY_FAIL', error_code: 'ORDER_CANCELED', error_message: '订单已撤销' });
      }
      const { trade, outcome } = o.books.open(
        'aggregator',
        t.terminalSn,
        { outTradeNo: b.client_sn, authCode: b.dynamic_id, amountFen: Number(b.total_amount), description: b.subject },
        Date.now(),
      );
      switch (outcome) {
        case 'insufficient_balance':
          return answer(reply, {
            result_code: 'PAY_FAIL',
            error_code: 'EXTERNAL_SERVICE_EXCEPTION',
            error_message: '用户余额不足',
          });
        case 'code_expired':
          return answer(reply, {
            result_code: 'PAY_FAIL',
            error_code: 'EXTERNAL_SERVICE_EXCEPTION',
            error_message: '付款码已过期，请刷新',
          });
        case 'declined':
          return answer(reply, {
            result_code: 'PAY_FAIL',
            error_code: 'EXTERNAL_SERVICE_EXCEPTION',
            error_message: '交易被风控拒绝',
          });
        case 'error_not_paid':
        case 'error_paid':
          return reply
            .code(500)
            .send({ result_code: '500', error_code: 'UNKNOWN_SYSTEM_ERROR', error_message: '系统错误' });
        case 'confirm_then_pay':
        case 'confirm_never':
          return answer(reply, { result_code: 'PAY_IN_PROGRESS', data: data(trade!) });
        case 'timeout_paid':
          await new Promise((r) => setTimeout(r, o.hangMs()));
          return answer(reply, { result_code: 'PAY_SUCCESS', data: data(trade!) });
        default:
          return answer(reply, { result_code: 'PAY_SUCCESS', data: data(trade!) });
      }
    });

    app.post('/upay/v2/query', async (request, reply) => {
      const v = verified(request, reply);
      if (!v) return reply;
      const tr = o.books.get('aggregator', v.t.terminalSn, v.b.client_sn ?? '');
      if (!tr)
        return answer(reply, { result_code: 'FAIL', error_code: 'UPAY_ORDER_NOT_EXISTS', error_message: '订单不存在' });
      o.books.advance(tr, Date.now());
      return answer(reply, { result_code: 'SUCCESS', data: data(tr) });
    });

    app.post('/upay/v2/cancel', async (request, reply) => {
      const v = verified(request, reply);
      if (!v) return reply;
      const tr = o.books.get('aggregator', v.t.terminalSn, v.b.client_sn ?? '');
      if (!tr)
        return answer(reply, {
          result_code: 'CANCEL_ERROR',
          error_code: 'UPAY_ORDER_NOT_EXISTS',
          error_message: '订单不存在',
        });
      o.books.reverse(tr, Date.now());
      return answer(reply, { result_code: 'CANCEL_SUCCESS', data: data(tr) });
    });

    app.post('/upay/v2/refund', async (request, reply) => {
      const v = verified(request, reply);
      if (!v) return reply;
      const { b } = v;
      const tr = o.books.get('aggregator', v.t.terminalSn, b.client_sn ?? '');
      if (!tr || tr.state !== 'SUCCESS')
        return answer(reply, {
          result_code: 'REFUND_FAIL',
          error_code: 'UPAY_ORDER_NOT_EXISTS',
          error_message: '订单不存在或未支付',
        });
      if (!b.refund_request_no || !/^\d{1,10}$/.test(b.refund_amount ?? ''))
        return refused(reply, 'INVALID_PARAMS', '参数错误');
      const amount = Number(b.refund_amount);
      const before = tr.refunds.find((r) => r.outRefundNo === b.refund_request_no);
      if (!before) {
        // refund_fails_late: in progress the first time, failed when asked again (the terminal API's only query)
        if (o.books.firstAsk(tr, b.refund_request_no)) return answer(reply, { result_code: 'REFUND_IN_PROGRESS' });
        if (tr.outcome === 'refund_fails_late')
          return answer(reply, {
            result_code: 'REFUND_FAIL',
            error_code: 'REFUND_FAILED',
            error_message: '退款失败，请联系服务商',
          });
        if (o.books.refunded(tr) + amount > tr.amountFen)
          return answer(reply, {
            result_code: 'REFUND_FAIL',
            error_code: 'REFUND_AMOUNT_EXCEEDED',
            error_message: '退款金额超过可退金额',
          });
        tr.refunds.push({
          outRefundNo: b.refund_request_no,
          refundId: '',
          amountFen: amount,
          at: Date.now(),
          status: 'SUCCESS',
        });
      }
      return answer(reply, { result_code: 'REFUND_SUCCESS', data: data(tr) });
    });
  };
}
