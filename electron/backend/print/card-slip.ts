// Runtime: Node. The slip a game card's code (卡密) is printed on, once, while the cashier has it on
// screen. Built from memory only (virtual/card-vault.ts): the code is never written to sales.db or disk.
import { formatFen } from '../../../shared/money';
import { escposBytes } from './escpos';
import { escapeText, printedTime, type ReceiptContext } from './receipt';

export interface CardSlip {
  productName: string;
  faceValue: number;
  code: string;
  /** the cloud's virtual order id (the customer's reference for a complaint) */
  orderId: string;
  deliveredAt: number;
}

export function cardSlipMarkup(slip: CardSlip, ctx: ReceiptContext): string {
  const time = printedTime(slip.deliveredAt, ctx.timeZone);
  return [
    `^^${escapeText(ctx.outletName)}`,
    '游戏点卡',
    '-',
    '{width:auto; border:space}',
    `商品 | ${escapeText(slip.productName)}`,
    `面值 | ${formatFen(slip.faceValue, 'zh-CN')}`,
    `时间 | ${escapeText(time)}`,
    ...(ctx.cashierName ? [`收银员 | ${escapeText(ctx.cashierName)}`] : []),
    '-',
    '{width:*}',
    '卡密',
    `^^"${escapeText(slip.code)}`,
    '-',
    `订单 ${escapeText(slip.orderId)}`,
    '卡密仅显示一次，请妥善保管，勿告知他人',
    '=',
  ].join('\n');
}

/** ESC/POS in GB18030, cut at the end (the same settings as a sale receipt). */
export function cardSlipBytes(slip: CardSlip, ctx: ReceiptContext): Buffer {
  return escposBytes(cardSlipMarkup(slip, ctx), ctx.cpl);
}
