// The adapters against recorded answers: each documented answer shape (status + body) is replayed by a tiny
// local server, signed as the provider signs it, and must map onto the right outcome; the bill files are
// parsed from recorded samples in the providers' formats; the signatures round-trip and refuse tampering.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ALIPAY, DEMO_WECHAT } from '../demo/server';
import { ALIPAY_PLATFORM_PRIVATE_KEY, WECHAT_MERCHANT_PUBLIC_KEY, WECHAT_PLATFORM_PRIVATE_KEY } from '../demo/keys';
import { signContent } from '../demo/alipay';
import { AlipayProvider, parseAlipayBillCsv } from './alipay';
import { fenOfYuan, yuanString } from './types';
import {
  answerProblem,
  authorization,
  parseAuthorization,
  requestMessage,
  rsaSign,
  rsaVerify,
  signAnswer,
} from './wechatpay-sign';
import { parseWechatBill, WechatPayProvider } from './wechatpay';

let next: { status: number; body: string } = { status: 200, body: '{}' };
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (req.url?.startsWith('/v3/'))
        Object.assign(
          headers,
          signAnswer(DEMO_WECHAT.platformPublicKeyId, WECHAT_PLATFORM_PRIVATE_KEY, next.body, Date.now()),
        );
      res.writeHead(next.status, headers).end(next.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const OUT = '0195f7a4c3b27d1e8a6f4b2c9d0e1f23';
const payReq = {
  outTradeNo: OUT,
  authCode: '134567890123450000',
  amountFen: 1250,
  description: '星光网咖',
  storeId: 's',
  terminalId: 't',
  scheme: 'wechat' as const,
};

describe('WeChat Pay v3: recorded answers → outcomes', () => {
  const wechat = () => new WechatPayProvider({ ...DEMO_WECHAT, baseUrl: base, timeoutMs: 2_000 });
  const transaction = (state: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      appid: DEMO_WECHAT.appid,
      mchid: DEMO_WECHAT.mchid,
      out_trade_no: OUT,
      transaction_id: '4200002120202406013586125201',
      trade_type: 'MICROPAY',
      trade_state: state,
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      success_time: '2024-06-01T10:00:00+08:00',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: 1250, payer_total: 1250, currency: 'CNY', payer_currency: 'CNY' },
      ...extra,
    });
  it.each([
    [
      200,
      transaction('SUCCESS'),
      {
        kind: 'paid',
        providerTradeNo: '4200002120202406013586125201',
        amountFen: 1250,
        paidAt: Date.parse('2024-06-01T10:00:00+08:00'),
      },
    ],
    [202, '{"code":"USERPAYING","message":"用户支付中，需要输入密码"}', { kind: 'confirming' }],
    [
      403,
      '{"code":"NOT_ENOUGH","message":"用户账号余额不足"}',
      { kind: 'failed', reason: 'insufficient_balance', code: 'NOT_ENOUGH' },
    ],
    [400, '{"code":"AUTH_CODE_EXPIRE","message":"二维码已过期"}', { kind: 'failed', reason: 'code_expired' }],
    [403, '{"code":"TRADE_ERROR","message":"交易错误"}', { kind: 'failed', reason: 'declined' }],
    [401, '{"code":"SIGN_ERROR","message":"签名错误"}', { kind: 'failed', reason: 'not_configured' }],
    [500, '{"code":"SYSTEM_ERROR","message":"系统错误"}', { kind: 'unknown', code: 'SYSTEM_ERROR' }],
    [429, '{"code":"FREQUENCY_LIMITED","message":"频率超限"}', { kind: 'unknown' }],
  ])('pay: HTTP %i %s', async (status, body, outcome) => {
    next = { status, body };
    expect(await wechat().pay(payReq)).toMatchObject(outcome);
  });
  it.each([
    ['USERPAYING', { kind: 'confirming' }],
    ['PAYERROR', { kind: 'failed', reason: 'declined' }],
    ['REVOKED', { kind: 'failed' }],
    ['CLOSED', { kind: 'failed' }],
    ['NOTPAY', { kind: 'unknown', code: 'NOTPAY' }],
    ['REFUND', { kind: 'paid' }],
  ])('query: trade_state %s', async (state, outcome) => {
    next = { status: 200, body: transaction(state) };
    expect(await wechat().query(OUT)).toMatchObject(outcome);
  });
  it('query: 404 ORDER_NOT_EXIST is absent; a reverse of it is done', async () => {
    next = { status: 404, body: '{"code":"ORDER_NOT_EXIST","message":"订单不存在"}' };
    expect(await wechat().query(OUT)).toEqual({ kind: 'absent' });
    expect(await wechat().reverse(OUT)).toEqual({ kind: 'done' });
    next = { status: 500, body: '{"code":"SYSTEM_ERROR","message":"系统错误"}' };
    expect(await wechat().reverse(OUT)).toMatchObject({ kind: 'retry', code: 'SYSTEM_ERROR' });
  });
  it('refund: SUCCESS, PROCESSING, ABNORMAL, and a refusal', async () => {
    const refund = (status: string) =>
      JSON.stringify({
        refund_id: '50000000382019052709732678859',
        out_refund_no: 'r1',
        status,
        amount: { refund: 100, total: 1250, currency: 'CNY' },
      });
    const req = { outTradeNo: OUT, outRefundNo: 'r1', refundFen: 100, totalFen: 1250, reason: '退货' };
    next = { status: 200, body: refund('SUCCESS') };
    expect(await wechat().refund(req)).toEqual({
      kind: 'succeeded',
      providerRefundNo: '50000000382019052709732678859',
    });
    next = { status: 200, body: refund('PROCESSING') };
    expect(await wechat().refund(req)).toMatchObject({ kind: 'processing' });
    next = { status: 200, body: refund('ABNORMAL') };
    expect(await wechat().refund(req)).toMatchObject({ kind: 'failed', code: 'ABNORMAL' });
    next = { status: 400, body: '{"code":"INVALID_REQUEST","message":"申请退款金额超过订单可退金额"}' };
    expect(await wechat().refund(req)).toMatchObject({ kind: 'failed', code: 'INVALID_REQUEST' });
  });
});

describe('Alipay: recorded answers → outcomes (signed over the exact response text)', () => {
  const alipay = () => new AlipayProvider({ ...DEMO_ALIPAY, gateway: `${base}/gateway.do`, timeoutMs: 2_000 });
  const signed = (method: string, inner: Record<string, unknown>) => {
    const text = JSON.stringify(inner);
    return `{"${method.replaceAll('.', '_')}_response":${text},"sign":"${rsaSign(ALIPAY_PLATFORM_PRIVATE_KEY, text)}"}`;
  };
  it.each([
    [
      {
        code: '10000',
        msg: 'Success',
        trade_no: '2024060122001496071434051203',
        out_trade_no: OUT,
        total_amount: '12.50',
        gmt_payment: '2024-06-01 10:00:00',
      },
      { kind: 'paid', amountFen: 1250, paidAt: Date.parse('2024-06-01T10:00:00+08:00') },
    ],
    [
      {
        code: '10003',
        msg: ' order success pay inprocess',
        trade_no: '2024060122001496071434051203',
        out_trade_no: OUT,
      },
      { kind: 'confirming' },
    ],
    [
      { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.BUYER_BALANCE_NOT_ENOUGH', sub_msg: '买家余额不足' },
      { kind: 'failed', reason: 'insufficient_balance' },
    ],
    [
      { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.PAYMENT_AUTH_CODE_INVALID', sub_msg: '付款码无效' },
      { kind: 'failed', reason: 'code_expired' },
    ],
    [
      { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'aop.ACQ.SYSTEM_ERROR', sub_msg: '系统异常' },
      { kind: 'unknown' },
    ],
  ])('pay: %o', async (inner, outcome) => {
    next = { status: 200, body: signed('alipay.trade.pay', inner) };
    expect(await alipay().pay({ ...payReq, scheme: 'alipay', authCode: '287654321012340000' })).toMatchObject(outcome);
  });
  it.each([
    ['TRADE_SUCCESS', { kind: 'paid' }],
    ['TRADE_FINISHED', { kind: 'paid' }],
    ['WAIT_BUYER_PAY', { kind: 'confirming' }],
    ['TRADE_CLOSED', { kind: 'failed' }],
  ])('query: trade_status %s', async (status, outcome) => {
    next = {
      status: 200,
      body: signed('alipay.trade.query', {
        code: '10000',
        msg: 'Success',
        trade_no: 'T',
        out_trade_no: OUT,
        trade_status: status,
        total_amount: '12.50',
        send_pay_date: '2024-06-01 10:00:00',
      }),
    };
    expect(await alipay().query(OUT)).toMatchObject(outcome);
  });
  it('query: ACQ.TRADE_NOT_EXIST is absent; cancel retry_flag Y is a retry', async () => {
    next = {
      status: 200,
      body: signed('alipay.trade.query', {
        code: '40004',
        msg: 'Business Failed',
        sub_code: 'ACQ.TRADE_NOT_EXIST',
        sub_msg: '交易不存在',
      }),
    };
    expect(await alipay().query(OUT)).toEqual({ kind: 'absent' });
    next = {
      status: 200,
      body: signed('alipay.trade.cancel', { code: '10000', msg: 'Success', out_trade_no: OUT, retry_flag: 'Y' }),
    };
    expect(await alipay().reverse(OUT)).toMatchObject({ kind: 'retry' });
    next = {
      status: 200,
      body: signed('alipay.trade.cancel', {
        code: '10000',
        msg: 'Success',
        out_trade_no: OUT,
        retry_flag: 'N',
        action: 'close',
      }),
    };
    expect(await alipay().reverse(OUT)).toEqual({ kind: 'done' });
  });
  it('an answer whose sign does not match its text is no answer', async () => {
    const good = signed('alipay.trade.pay', {
      code: '10000',
      msg: 'Success',
      trade_no: 'T',
      out_trade_no: OUT,
      total_amount: '12.50',
    });
    next = { status: 200, body: good.replace('12.50', '0.01') };
    expect(await alipay().pay({ ...payReq, scheme: 'alipay' })).toMatchObject({
      kind: 'unknown',
      code: 'BAD_ANSWER_SIGNATURE',
    });
    next = { status: 502, body: 'Bad Gateway' };
    expect(await alipay().pay({ ...payReq, scheme: 'alipay' })).toMatchObject({ kind: 'unknown' });
  });
});

describe('signatures', () => {
  it('WeChat request: Authorization round-trips; a changed body, path or key fails', () => {
    const body = '{"mchid":"1900009231"}';
    const header = authorization(
      {
        mchid: DEMO_WECHAT.mchid,
        serialNo: DEMO_WECHAT.merchantSerialNo,
        privateKeyPem: DEMO_WECHAT.merchantPrivateKeyPem,
      },
      'POST',
      '/v3/pay/transactions/codepay',
      body,
      Date.now(),
    );
    const a = parseAuthorization(header)!;
    expect(a).toMatchObject({ mchid: DEMO_WECHAT.mchid, serial_no: DEMO_WECHAT.merchantSerialNo });
    const msg = (b: string, path = '/v3/pay/transactions/codepay') =>
      requestMessage('POST', path, a.timestamp!, a.nonce_str!, b);
    expect(rsaVerify(WECHAT_MERCHANT_PUBLIC_KEY, msg(body), a.signature!)).toBe(true);
    expect(rsaVerify(WECHAT_MERCHANT_PUBLIC_KEY, msg(body.replace('9231', '9232')), a.signature!)).toBe(false);
    expect(rsaVerify(WECHAT_MERCHANT_PUBLIC_KEY, msg(body, '/v3/refund/domestic/refunds'), a.signature!)).toBe(false);
    expect(parseAuthorization('Bearer x')).toBeNull();
  });

  it('WeChat answer: verified with the platform key; tampered, stale, or another key id refused', () => {
    const now = Date.now();
    const h = signAnswer(DEMO_WECHAT.platformPublicKeyId, WECHAT_PLATFORM_PRIVATE_KEY, '{"a":1}', now);
    const check = (headers: Record<string, string>, body: string, at = now) =>
      answerProblem(headers, body, DEMO_WECHAT.platformPublicKeyId, DEMO_WECHAT.platformPublicKeyPem, at);
    expect(check({ ...h }, '{"a":1}')).toBeNull();
    expect(check({ ...h }, '{"a":2}')).toMatch(/signature invalid/);
    expect(check({ ...h }, '{"a":1}', now + 301_000)).toMatch(/5 minutes/);
    expect(check({ ...h, 'wechatpay-serial': 'PUB_KEY_ID_OTHER' }, '{"a":1}')).toMatch(/unknown key/);
    expect(check({}, '{"a":1}')).toMatch(/not signed/);
  });

  it('Alipay request sign content: sorted, empty values and sign dropped, sign_type kept', () => {
    expect(
      signContent({
        sign: 'x',
        method: 'alipay.trade.pay',
        app_id: '1',
        empty: '',
        sign_type: 'RSA2',
        biz_content: '{"a":1}',
      }),
    ).toBe('app_id=1&biz_content={"a":1}&method=alipay.trade.pay&sign_type=RSA2');
  });
});

describe('money in the providers’ yuan strings', () => {
  it('converts exactly, never through a float', () => {
    expect([yuanString(1), yuanString(1250), yuanString(-500), yuanString(0)]).toEqual([
      '0.01',
      '12.50',
      '-5.00',
      '0.00',
    ]);
    expect([fenOfYuan('0.1'), fenOfYuan('12.50'), fenOfYuan('7'), fenOfYuan('-5.00'), fenOfYuan('19.99')]).toEqual([
      10, 1250, 700, -500, 1999,
    ]);
    expect(() => fenOfYuan('1.234')).toThrow();
    expect(() => fenOfYuan('abc')).toThrow();
  });
});

describe('bills in the providers’ formats (recorded samples)', () => {
  it('WeChat Pay trade bill: SUCCESS rows are payments, REFUND rows refunds; the summary ends the rows', () => {
    const text = [
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
      '`2024-06-01 10:00:00,`wx8d0f0c9a5b7e3d21,`1900009231,`0,`,`4200002120202406013586125201,`0195f7a4c3b27d1e8a6f4b2c9d0e1f23,`oUpF8u,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`12.50,`0.00,`0,`0,`0.00,`0.00,`,`,`星光网咖,`,`0.08000,`0.60%,`12.50,`0.00,`',
      '`2024-06-01 11:00:00,`wx8d0f0c9a5b7e3d21,`1900009231,`0,`,`4200002120202406013586125201,`0195f7a4c3b27d1e8a6f4b2c9d0e1f23,`oUpF8u,`MICROPAY,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300,`r1,`2.00,`0.00,`ORIGINAL,`SUCCESS,`星光网咖,`,`-0.01000,`0.60%,`0.00,`2.00,`',
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      '`2,`12.50,`2.00,`0.00,`0.07000,`12.50,`2.00',
    ].join('\r\n');
    expect(parseWechatBill(text)).toEqual([
      {
        kind: 'payment',
        outTradeNo: OUT,
        providerTradeNo: '4200002120202406013586125201',
        outRefundNo: null,
        amountFen: 1250,
        at: Date.parse('2024-06-01T10:00:00+08:00'),
      },
      {
        kind: 'refund',
        outTradeNo: OUT,
        providerTradeNo: '4200002120202406013586125201',
        outRefundNo: 'r1',
        amountFen: 200,
        at: Date.parse('2024-06-01T11:00:00+08:00'),
      },
    ]);
    expect(() => parseWechatBill('not,a,bill')).toThrow();
  });

  it('Alipay business detail CSV: 交易 and 退款 rows between the markers, tab-suffixed values', () => {
    const text = [
      '#支付宝业务明细查询',
      '#账号：[2088000000000156]',
      '#-----------------------------------------业务明细列表----------------------------------------',
      '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
      `2024060122001496071434051203\t,${OUT}\t,交易\t,星光网咖\t,2024-06-01 10:00:00\t,2024-06-01 10:00:01\t,\t,\t,\t,\t,152***@demo.cn\t,30.00\t,30.00\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,\t,-0.18\t,0.00\t,\t`,
      `2024060122001496071434051203\t,${OUT}\t,退款\t,星光网咖\t,2024-06-01 10:00:00\t,2024-06-01 12:00:00\t,\t,\t,\t,\t,152***@demo.cn\t,-5.00\t,-5.00\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,req-1\t,0.03\t,0.00\t,\t`,
      '#-----------------------------------------业务明细列表结束------------------------------------',
      '#交易合计：1笔，商家实收：30.00元，商家优惠：0.00元',
    ].join('\r\n');
    expect(parseAlipayBillCsv(text)).toEqual([
      {
        kind: 'payment',
        outTradeNo: OUT,
        providerTradeNo: '2024060122001496071434051203',
        outRefundNo: null,
        amountFen: 3000,
        at: Date.parse('2024-06-01T10:00:01+08:00'),
      },
      {
        kind: 'refund',
        outTradeNo: OUT,
        providerTradeNo: '2024060122001496071434051203',
        outRefundNo: 'req-1',
        amountFen: 500,
        at: Date.parse('2024-06-01T12:00:00+08:00'),
      },
    ]);
  });
});
