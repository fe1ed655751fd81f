// Runtime: Node. The demo provider's daily bills (对账单) in each provider's real file format:
//  - WeChat Pay trade bill: UTF-8 text, a header row, one row per payment (交易状态 SUCCESS) and per refund
//    (REFUND, with the refund's numbers), every field prefixed with a backtick, then a summary header and row.
//  - Alipay: a zip holding two GBK CSVs, the detail (…_业务明细.csv) and its summary (…_业务明细(汇总).csv);
//    the detail lists 交易 and 退款 rows between "#----业务明细列表----" markers, each value followed by a tab.
// A day is a Beijing calendar day; a reversed paid trade shows as a refund without a refund number.
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { beijingParts, yuanString } from '../providers/types';
import type { DemoTrade } from './trades';

interface Line {
  kind: 'payment' | 'refund';
  t: DemoTrade;
  at: number;
  amountFen: number;
  outRefundNo: string;
  refundId: string;
}

function linesOf(trades: DemoTrade[], date: string): Line[] {
  const out: Line[] = [];
  const on = (ms: number | null): ms is number => ms !== null && beijingParts(ms).date === date;
  for (const t of trades) {
    if (on(t.paidAt))
      out.push({ kind: 'payment', t, at: t.paidAt, amountFen: t.amountFen, outRefundNo: '', refundId: '' });
    if (on(t.reversedAt))
      out.push({ kind: 'refund', t, at: t.reversedAt, amountFen: t.amountFen, outRefundNo: '', refundId: '' });
    for (const r of t.refunds)
      if (on(r.at) && r.status !== 'ABNORMAL')
        out.push({
          kind: 'refund',
          t,
          at: r.at,
          amountFen: r.amountFen,
          outRefundNo: r.outRefundNo,
          refundId: r.refundId,
        });
  }
  return out.sort((a, b) => a.at - b.at);
}

const when = (ms: number) => {
  const p = beijingParts(ms);
  return `${p.date} ${p.time}`;
};

export function wechatBillText(trades: DemoTrade[], m: { appid: string; mchid: string }, date: string): string {
  const header =
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const rows: string[] = [];
  let paid = 0;
  let refunded = 0;
  let fee = 0;
  for (const l of linesOf(trades, date)) {
    const isPay = l.kind === 'payment';
    const lineFee = Math.round((l.amountFen * 60) / 10000) * (isPay ? 1 : -1); // 0.60 %, in fen
    fee += lineFee;
    if (isPay) paid += l.amountFen;
    else refunded += l.amountFen;
    const f = [
      when(l.at),
      m.appid,
      m.mchid,
      '0',
      '',
      l.t.tradeNo,
      l.t.outTradeNo,
      `oUpF8u${l.t.authCode.slice(-8)}demo`,
      'MICROPAY',
      isPay ? 'SUCCESS' : 'REFUND',
      'OTHERS',
      'CNY',
      yuanString(isPay ? l.amountFen : 0),
      '0.00',
      isPay ? '0' : l.refundId || '0',
      isPay ? '0' : l.outRefundNo,
      yuanString(isPay ? 0 : l.amountFen),
      '0.00',
      isPay ? '' : 'ORIGINAL',
      isPay ? '' : 'SUCCESS',
      l.t.description.replace(/,/g, '，'),
      '',
      (lineFee / 100).toFixed(5),
      '0.60%',
      yuanString(isPay ? l.amountFen : 0),
      yuanString(isPay ? 0 : l.amountFen),
      '',
    ];
    rows.push(f.map((v) => `\`${v}`).join(','));
  }
  const n = rows.length;
  const summary = [
    n,
    yuanString(paid),
    yuanString(refunded),
    '0.00',
    (fee / 100).toFixed(5),
    yuanString(paid),
    yuanString(refunded),
  ]
    .map((v) => `\`${v}`)
    .join(',');
  return [
    header,
    ...rows,
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
    summary,
    '',
  ].join('\r\n');
}

export function alipayBillZip(trades: DemoTrade[], pid: string, date: string, now: number): Uint8Array {
  const lines = linesOf(trades, date);
  const cn = (d: string) => `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日`;
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const header =
    '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';
  let payN = 0;
  let payFen = 0;
  let refN = 0;
  let refFen = 0;
  const rows = lines.map((l) => {
    const isPay = l.kind === 'payment';
    const signed = isPay ? l.amountFen : -l.amountFen;
    if (isPay) {
      payN++;
      payFen += l.amountFen;
    } else {
      refN++;
      refFen += l.amountFen;
    }
    const f = [
      l.t.tradeNo,
      l.t.outTradeNo,
      isPay ? '交易' : '退款',
      l.t.description.replace(/,/g, '，'),
      when(l.t.createdAt),
      when(l.at),
      '',
      '',
      '',
      '',
      `${l.t.authCode.slice(0, 3)}***@demo.cn`,
      yuanString(signed),
      yuanString(signed),
      '0.00',
      '0.00',
      '0.00',
      '0.00',
      '0.00',
      '',
      '0.00',
      '0.00',
      isPay ? '' : l.outRefundNo,
      yuanString(Math.round((signed * 60) / 10000) * -1),
      '0.00',
      '',
    ];
    return f.map((v) => `${v}\t`).join(',');
  });
  const detail = [
    '#支付宝业务明细查询',
    `#账号：[${pid}0156]`,
    `#起始日期：[${cn(date)} 00:00:00]   终止日期：[${cn(next)} 00:00:00]`,
    '#-----------------------------------------业务明细列表----------------------------------------',
    header,
    ...rows,
    '#-----------------------------------------业务明细列表结束------------------------------------',
    `#交易合计：${payN}笔，商家实收：${yuanString(payFen)}元，商家优惠：0.00元`,
    `#退款合计：${refN}笔，商家实收：${yuanString(-refFen)}元，商家优惠：0.00元`,
    `#导出时间：[${when(now).replace(/^(\d{4})-(\d{2})-(\d{2})/, '$1年$2月$3日')}]`,
    '',
  ].join('\r\n');
  const summary = [
    '#支付宝业务汇总查询',
    `#账号：[${pid}0156]`,
    '#-----------------------------------------业务汇总列表----------------------------------------',
    '门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）',
    `合计,,${payN},${refN},${yuanString(payFen - refFen)},${yuanString(payFen - refFen)}`,
    '#-----------------------------------------业务汇总列表结束------------------------------------',
    '',
  ].join('\r\n');
  const day = date.replace(/-/g, '');
  return zipSync({
    [`${pid}0156_${day}_业务明细.csv`]: new Uint8Array(iconv.encode(detail, 'gbk')),
    [`${pid}0156_${day}_业务明细(汇总).csv`]: new Uint8Array(iconv.encode(summary, 'gbk')),
  });
}
