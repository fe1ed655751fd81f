// Runtime: Node. A sale receipt as ReceiptLine markup, then as ESC/POS bytes in GB18030 — the encoding
// Chinese thermal printers (58 mm / 80 mm) take. ReceiptLine does the layout (CJK characters are two
// columns wide) and the command set; iconv-lite, inside it, does GB18030.
import { formatFen } from '../../../shared/money';
import type { PaymentMethod } from '../../../shared/payments/methods';
import { formatInZone } from '../../../shared/time';
import { escposBytes, markupSvg } from './escpos';
import { PRINT_METHOD_LABELS } from './method-labels';

export interface ReceiptOrder {
  number: string;
  createdAt: number;
  /** listPrice: the catalog price when the cashier charged another (改价); discount: fen off the line */
  lines: {
    name: string;
    qty: number;
    unitPrice: number;
    lineTotal: number;
    listPrice?: number | null;
    discount?: number;
  }[];
  total: number;
  tendered: number;
  change: number;
  /** an internet café's seat the order goes to */
  seat?: string | null;
  /** the member's level discount */
  discount?: number;
  /** a whole-order discount the cashier gave */
  orderDiscount?: number;
  /** 抹零 */
  rounding?: number;
  /** paid from a member's stored value instead of cash */
  memberPaid?: boolean;
  /** every payment of the sale (split tender); when given, printed line by line instead of cash/member */
  payments?: ReceiptPayment[];
}

export interface ReceiptPayment {
  method: PaymentMethod;
  amount: number;
  tendered?: number | null;
  change?: number | null;
  /** a payment code's transaction number at its provider (its last digits are printed) */
  providerTradeNo?: string | null;
}

export interface ReceiptContext {
  outletName: string;
  timeZone: string;
  cashierName?: string;
  reprint?: boolean;
  /** characters per line: 32 on 58 mm paper, 48 on 80 mm */
  cpl: 32 | 48;
}

/** ReceiptLine gives these characters meaning; a product name must print them literally. */
export function escapeText(s: string): string {
  return s.replace(/[\\|{}~_"`^]/g, (c) => `\\${c}`).replace(/^([-=])/, '\\$1');
}

const yuan = (fen: number) => formatFen(fen, 'zh-CN').replace('¥', '');

/** minutes, not seconds: the line must fit 32 columns next to its label on 58 mm paper (the one clock) */
export const printedTime = (epochMs: number, timeZone: string) => formatInZone(epochMs, timeZone, 'dateTimeMinute');

export function receiptMarkup(order: ReceiptOrder, ctx: ReceiptContext): string {
  const out: string[] = [];
  out.push(`^^${escapeText(ctx.outletName)}`);
  out.push(ctx.reprint ? '销售小票（重打）' : '销售小票');
  out.push('-');
  out.push(`{width:auto; border:space}`);
  out.push(`单号 | ${escapeText(order.number)}`);
  out.push(`时间 | ${printedTime(order.createdAt, ctx.timeZone)}`);
  if (ctx.cashierName) out.push(`收银员 | ${escapeText(ctx.cashierName)}`);
  // Large, so the runner reads it at a glance: the snacks go to this seat.
  if (order.seat) out.push(`"座位号 | "^${escapeText(order.seat)}`);
  out.push('-');
  out.push(`{width:*,4,${ctx.cpl === 32 ? 9 : 12}}`);
  out.push('商品 | 数量| 金额|');
  for (const l of order.lines) {
    out.push(`${escapeText(l.name)} | ${l.qty}| ${yuan(l.lineTotal)}|`);
    // the original price and what came off it, so the customer sees each change
    if (l.listPrice !== undefined && l.listPrice !== null)
      out.push(`~~原价 ${yuan(l.listPrice)} 改价 ${yuan(l.unitPrice)} | | |`);
    else if (l.qty > 1) out.push(`~~@${yuan(l.unitPrice)} | | |`);
    if (l.discount) out.push(`~~折扣 -${yuan(l.discount)} | | |`);
  }
  out.push('-');
  out.push(`{width:*,${ctx.cpl === 32 ? 14 : 18}}`);
  if (order.discount) out.push(`会员折扣 | -¥${yuan(order.discount)}|`);
  if (order.orderDiscount) out.push(`整单优惠 | -¥${yuan(order.orderDiscount)}|`);
  if (order.rounding) out.push(`抹零 | -¥${yuan(order.rounding)}|`);
  out.push(`"合计 | "^¥${yuan(order.total)}|`);
  if (order.payments && (order.payments.length > 1 || order.payments[0]?.method !== 'cash')) {
    for (const p of order.payments) {
      out.push(`${PRINT_METHOD_LABELS[p.method]} | ¥${yuan(p.amount)}|`);
      if (p.providerTradeNo) out.push(`~~交易号 …${escapeText(p.providerTradeNo.slice(-8))} | |`);
      if (p.method === 'cash' && p.tendered != null) {
        out.push(`实收现金 | ¥${yuan(p.tendered)}|`);
        out.push(`找零 | ¥${yuan(p.change ?? 0)}|`);
      }
    }
  } else if (order.memberPaid) {
    out.push(`会员余额支付 | ¥${yuan(order.total)}|`);
  } else {
    out.push(`实收现金 | ¥${yuan(order.tendered)}|`);
    out.push(`找零 | ¥${yuan(order.change)}|`);
  }
  out.push('-');
  out.push('{width:*}');
  out.push('谢谢惠顾，欢迎再次光临');
  // The order number as a QR code: scanned at the till's history and return screen, it finds this sale.
  out.push(`{code:${order.number.replace(/[\\|{};:]/g, '')}; option:qrcode,4,m}`);
  out.push('凭小票退换货');
  out.push('=');
  return out.join('\n');
}

/** The bytes to send to the printer: ESC/POS, GB18030 text, cut at the end. */
export function receiptBytes(order: ReceiptOrder, ctx: ReceiptContext): Buffer {
  return escposBytes(receiptMarkup(order, ctx), ctx.cpl);
}

/** An SVG picture of the same receipt, for the screen (reprint preview). */
export function receiptSvg(order: ReceiptOrder, ctx: ReceiptContext): string {
  return markupSvg(receiptMarkup(order, ctx), ctx.cpl);
}
