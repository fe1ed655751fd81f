// Runtime: Node. The slip (凭条) of a top-up, game card or bill, printed from 历史订单 for the customer who
// asks for proof: what was bought, for which number (masked: the slip leaves the counter), the face value, the
// cash taken, and the order's state as the till last knew it. Never a game card's code: that prints only on
// its own slip (card-slip.ts) while the till holds it.
import type { VirtualHistoryOrder } from '../../../shared/api/contract';
import { formatFen } from '../../../shared/money';
import { escposBytes } from './escpos';
import { escapeText, printedTime, type ReceiptContext } from './receipt';

/** the order's state in the slip's words (receipts are printed in Chinese) */
const STATE: Record<VirtualHistoryOrder['status'], string> = {
  success: '成功',
  pending: '处理中',
  stuck: '处理中（待核实）',
  failed: '失败',
  unconfirmed: '未确认（请稍后查询）',
};

/** 13812345678 → 138****5678; an account number keeps its last 4 characters */
export function maskNumber(n: string): string {
  if (/^1\d{10}$/.test(n)) return `${n.slice(0, 3)}****${n.slice(7)}`;
  return n.length <= 4 ? n : `${'*'.repeat(Math.min(n.length - 4, 8))}${n.slice(-4)}`;
}

export function virtualSlipMarkup(o: VirtualHistoryOrder, ctx: ReceiptContext): string {
  const yuan = (fen: number) => formatFen(fen, 'zh-CN');
  return [
    `^^${escapeText(ctx.outletName)}`,
    ctx.reprint ? '充值缴费凭条（补打）' : '充值缴费凭条',
    '-',
    '{width:auto; border:space}',
    `商品 | ${escapeText(o.productName)}`,
    ...(o.phone ? [`号码 | ${escapeText(maskNumber(o.phone))}`] : []),
    ...(o.faceValue !== null ? [`面值 | ${yuan(o.faceValue)}`] : []),
    `实收 | ${yuan(o.paid)}`,
    ...(o.handedBack > 0 ? [`已退 | ${yuan(o.handedBack)}`] : []),
    `状态 | ${STATE[o.status]}`,
    `时间 | ${escapeText(printedTime(o.submittedAt, ctx.timeZone))}`,
    ...(ctx.cashierName ? [`收银员 | ${escapeText(ctx.cashierName)}`] : []),
    '-',
    '{width:*}',
    `订单 ${escapeText(o.id ?? o.clientOrderId)}`,
    '如未到账，请凭此凭条到收银台查询',
    '=',
  ].join('\n');
}

/** ESC/POS in GB18030, cut at the end (the same settings as a sale receipt). */
export function virtualSlipBytes(o: VirtualHistoryOrder, ctx: ReceiptContext): Buffer {
  return escposBytes(virtualSlipMarkup(o, ctx), ctx.cpl);
}
