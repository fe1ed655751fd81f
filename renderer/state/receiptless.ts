// Runtime: DOM (pure; tested in receiptless.test.ts). 无单退货 — a return without the receipt, at the history
// dialog: the cashier scans or picks the goods the customer brought back, each with a quantity and what it gives
// back, and a reason. What a line gives back is the shelf price × quantity until the cashier types another amount
// (the customer may have paid a promotion price). The money goes back in cash: with no receipt, no original tender
// is known (sale.return without orderId). `receiptlessInput` builds that call's lines or names the one problem that
// keeps 退现金 disabled — nothing chosen, a quantity or an amount the till cannot read — so a half-typed form is never sent.
import { halfWidth } from '../../shared/input';
import { fen, mulFen, parseYuan, type Fen } from '../../shared/money';
import type { CatalogItem } from '../../shared/api/contract';
import type { ShopReason } from './historyDialog';

/** at most this many of one product on one return (sale.return's own bound) */
export const RECEIPTLESS_QTY_MAX = 9999;

export interface ReceiptlessLine {
  productId: string;
  name: string;
  sku: string;
  /** the shelf price now, in fen */
  price: number;
  /** as typed (an IME's full-width digits are read as their ASCII twins) */
  qtyText: string;
  /** as typed, in yuan; null while it follows price × quantity */
  amountText: string | null;
}

export interface ReceiptlessState {
  lines: ReceiptlessLine[];
  reason: ShopReason;
}

export const receiptlessStart: ReceiptlessState = { lines: [], reason: 'defective' };

export type ReceiptlessEvent =
  /** a product scanned or picked; the same product again is one more of it */
  | { type: 'add'; item: Pick<CatalogItem, 'id' | 'name' | 'sku' | 'price'> }
  | { type: 'qty'; productId: string; text: string }
  | { type: 'amount'; productId: string; text: string }
  | { type: 'remove'; productId: string }
  | { type: 'reason'; reason: ShopReason }
  /** after the return went through: an empty form for the next customer */
  | { type: 'clear' };

export function qtyOf(text: string): number | null {
  const t = halfWidth(text).trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= RECEIPTLESS_QTY_MAX ? n : null;
}

/** What the line gives back now, or null when its quantity or amount cannot be read. */
export function lineAmount(l: ReceiptlessLine): Fen | null {
  const qty = qtyOf(l.qtyText);
  if (qty === null) return null;
  return l.amountText === null ? mulFen(fen(l.price), qty) : parseYuan(l.amountText);
}

export function receiptless(s: ReceiptlessState, e: ReceiptlessEvent): ReceiptlessState {
  const edit = (productId: string, f: (l: ReceiptlessLine) => ReceiptlessLine) => ({
    ...s,
    lines: s.lines.map((l) => (l.productId === productId ? f(l) : l)),
  });
  switch (e.type) {
    case 'add': {
      const had = s.lines.find((l) => l.productId === e.item.id);
      if (had) {
        const qty = qtyOf(had.qtyText);
        return qty === null || qty >= RECEIPTLESS_QTY_MAX
          ? s
          : edit(e.item.id, (l) => ({ ...l, qtyText: String(qty + 1) }));
      }
      const line: ReceiptlessLine = {
        productId: e.item.id,
        name: e.item.name,
        sku: e.item.sku,
        price: e.item.price,
        qtyText: '1',
        amountText: null,
      };
      return { ...s, lines: [...s.lines, line] };
    }
    case 'qty':
      return edit(e.productId, (l) => ({ ...l, qtyText: e.text }));
    case 'amount':
      // emptied: back to following price × quantity
      return edit(e.productId, (l) => ({ ...l, amountText: e.text.trim() === '' ? null : e.text }));
    case 'remove':
      return { ...s, lines: s.lines.filter((l) => l.productId !== e.productId) };
    case 'reason':
      return { ...s, reason: e.reason };
    case 'clear':
      return receiptlessStart;
  }
}

export type ReceiptlessProblem = 'empty' | 'qty' | 'amount' | 'zero';

/** sale.return's lines (no orderId) and the cash they give back, or the first problem. */
export function receiptlessInput(
  s: ReceiptlessState,
):
  | { ok: true; lines: { productId: string; qty: number; amount: Fen }[]; total: Fen }
  | { ok: false; problem: ReceiptlessProblem; productId?: string } {
  if (s.lines.length === 0) return { ok: false, problem: 'empty' };
  const lines: { productId: string; qty: number; amount: Fen }[] = [];
  for (const l of s.lines) {
    const qty = qtyOf(l.qtyText);
    if (qty === null) return { ok: false, problem: 'qty', productId: l.productId };
    const amount = lineAmount(l);
    if (amount === null) return { ok: false, problem: 'amount', productId: l.productId };
    lines.push({ productId: l.productId, qty, amount });
  }
  const total = fen(lines.reduce((sum, l) => sum + l.amount, 0));
  // a return that gives nothing back is not a return (a typo'd 0 amount would move goods and no money)
  if (total === 0) return { ok: false, problem: 'zero' };
  return { ok: true, lines, total };
}
