// Runtime: Node. The shift report (交班单) as ReceiptLine markup, then ESC/POS bytes in GB18030 or an SVG
// picture — the same path and settings as a sale receipt (print/receipt.ts), so any receipt printer that
// prints sales prints this.
import type { ShiftSummary } from '../../../shared/api/shift-methods';
import { formatFen } from '../../../shared/money';
import type { PaymentMethod } from '../../../shared/payments/methods';
import { escposBytes, markupSvg } from '../print/escpos';
import { PRINT_METHOD_LABELS } from '../print/method-labels';
import { escapeText, printedTime, type ReceiptContext } from '../print/receipt';

export const CASH_KIND_LABELS: Record<keyof ShiftSummary['cashByKind'], string> = {
  sale: '商品现金销售',
  virtual_sale: '话费/点卡/缴费收现',
  virtual_refund: '话费/点卡/缴费退现',
  member_topup: '会员充值收现',
  sale_return: '退货退现',
  pay_in: '存入',
  pay_out: '取出',
};

/** tenders as the slip names them */
const METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  member: '会员卡',
  wechat_code: '微信',
  alipay_code: '支付宝',
  unionpay_code: '云闪付',
  wechat_static: '微信收款码',
  alipay_static: '支付宝收款码',
};

const yuan = (fen: number) =>
  fen < 0 ? `-¥${formatFen(-fen, 'zh-CN').replace('¥', '')}` : `¥${formatFen(fen, 'zh-CN').replace('¥', '')}`;

export function shiftReportMarkup(s: ShiftSummary, ctx: ReceiptContext): string {
  const out: string[] = [];
  out.push(`^^${escapeText(ctx.outletName)}`);
  out.push(s.closedAt === null ? '班次报表（未交班）' : '交班单');
  out.push('-');
  out.push('{width:auto; border:space}');
  out.push(`开班 | ${printedTime(s.openedAt, ctx.timeZone)}`);
  out.push(`开班人 | ${escapeText(s.openedByName ?? s.openedBy.slice(0, 8))}${s.autoOpened ? '（自动开班）' : ''}`);
  if (s.closedAt !== null) {
    out.push(`交班 | ${printedTime(s.closedAt, ctx.timeZone)}`);
    out.push(`交班人 | ${escapeText(s.closedByName ?? (s.closedBy ?? '').slice(0, 8))}`);
  }
  out.push('-');
  out.push(`{width:*,${ctx.cpl === 32 ? 14 : 18}}`);
  out.push(`销售笔数 | ${s.salesCount}|`);
  out.push(`销售金额 | ${yuan(s.salesTotal)}|`);
  // every method apart (the drawer expects only the cash part, below)
  for (const [method, label] of Object.entries(PRINT_METHOD_LABELS) as [PaymentMethod, string][])
    if (s.takingsByMethod[method] !== 0) out.push(`  ${label} | ${yuan(s.takingsByMethod[method])}|`);
  const c = s.saleChanges;
  if (c) {
    // what was changed and undone (issue 11): discounts, returns by tender, voids, supervisor overrides
    if (c.discountsGiven) out.push(`折扣/改价 | ${yuan(-c.discountsGiven)}|`);
    if (c.memberDiscounts) out.push(`会员折扣 | ${yuan(-c.memberDiscounts)}|`);
    if (c.rounding) out.push(`抹零 | ${yuan(-c.rounding)}|`);
    if (c.returnsCount) {
      out.push(`退货笔数 | ${c.returnsCount}|`);
      for (const [method, total] of Object.entries(c.refundsByMethod))
        out.push(`退款-${METHOD_LABELS[method as PaymentMethod] ?? method} | ${yuan(-total)}|`);
    }
    if (c.voidsCount) out.push(`作废 ${c.voidsCount} 笔 | ${yuan(-c.voidsTotal)}|`);
    if (c.overridesCount) out.push(`主管授权 | ${c.overridesCount} 次|`);
    out.push(`"净销售额 | "${yuan(s.salesTotal - Object.values(c.refundsByMethod).reduce((a, b) => a + b, 0))}|`);
  }
  // 代班: who sold within this shift of another, what they sold and the cash they moved (issue 9)
  for (const c of s.covers ?? []) {
    out.push(`代班 ${escapeText(c.name ?? c.employeeId.slice(0, 8))} | ${c.salesCount}笔 ${yuan(c.salesTotal)}|`);
    if (c.cash !== 0) out.push(`  代班现金 | ${yuan(c.cash)}|`);
  }
  out.push('-');
  out.push(`备用金 | ${yuan(s.openingFloat)}|`);
  for (const [kind, label] of Object.entries(CASH_KIND_LABELS) as [keyof ShiftSummary['cashByKind'], string][]) {
    if (s.cashByKind[kind] !== 0) out.push(`${label} | ${yuan(s.cashByKind[kind])}|`);
  }
  out.push(`"应有现金 | "${yuan(s.expectedCash)}|`);
  if (s.countedCash !== null && s.difference !== null) {
    out.push(`实点现金 | ${yuan(s.countedCash)}|`);
    out.push(`"差额 | "${s.difference > 0 ? '+' : ''}${yuan(s.difference)}|`);
  }
  if (s.note) {
    out.push('{width:*}');
    out.push(`备注：${escapeText(s.note)}`);
  }
  out.push('-');
  out.push('{width:*}');
  out.push('交班人签字：');
  out.push('接班人签字：');
  out.push('=');
  return out.join('\n');
}

export function shiftReportBytes(s: ShiftSummary, ctx: ReceiptContext): Buffer {
  return escposBytes(shiftReportMarkup(s, ctx), ctx.cpl);
}

export function shiftReportSvg(s: ShiftSummary, ctx: ReceiptContext): string {
  return markupSvg(shiftReportMarkup(s, ctx), ctx.cpl);
}
