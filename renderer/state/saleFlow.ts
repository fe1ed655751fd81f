// Runtime: DOM (pure; tested in saleFlow.test.ts). The sale screen's state machine: the search box (which is
// also the scanner's input), its results and the highlighted one, the cart and its highlighted line, a
// quantity typed ahead (`3*` then a scan = 3 of it) or typed on a line, the line removed last (undo), the cash
// tendered (a large amount confirmed first), paying, the completed sale, the right-hand side (收款 or
// 话费/点卡), the member and the seat. Effects (calls to the backend, timers, focus) live in useSaleScreen.ts.
import type { Cart, CartLine, CatalogItem, CompletedOrder, MemberView } from '../../shared/api/contract';
import { memberDiscountFen } from '../../shared/api/contract';
import { fen, type Fen } from '../../shared/money';
import { halfWidth } from '../../shared/input';
import { tenderAccepted, tenderOf, type TenderState } from './tender';

export const EMPTY_CART: Cart = { lines: [], itemCount: 0, subtotal: fen(0), total: fen(0) };
export const MAX_QTY = 9999;

export interface SaleState {
  cart: Cart;
  query: string;
  /** the results of `resultsFor` (null: none asked for yet) */
  results: CatalogItem[] | null;
  resultsFor: string;
  hasMore: boolean;
  /** highlighted result; -1 none (Enter then scans the text as a code) */
  selected: number;
  /** highlighted cart line (index); -1 = the last line */
  line: number;
  /** `3*` typed ahead: the next scan or pick adds this many */
  qtyAhead: number | null;
  /** a quantity being typed on a line */
  editing: { productId: string; text: string } | null;
  /** the line removed last, to put back (Ctrl+Z) */
  undo: { productId: string; qty: number; name: string } | null;
  notice: string | null;
  error: string | null;
  tenderText: string;
  tenderConfirmed: boolean;
  paying: boolean;
  completed: CompletedOrder | null;
  side: 'pay' | 'topup';
  member: MemberView | null;
  seat: string;
  /** the open tender's parts (payFlow.ts): taken already, and a payment code still waiting */
  parts: { paid: Fen; waiting: Fen };
}

export const INITIAL_SALE: SaleState = {
  cart: EMPTY_CART,
  query: '',
  results: null,
  resultsFor: '',
  hasMore: false,
  selected: -1,
  line: -1,
  qtyAhead: null,
  editing: null,
  undo: null,
  notice: null,
  error: null,
  tenderText: '',
  tenderConfirmed: false,
  paying: false,
  completed: null,
  side: 'pay',
  member: null,
  seat: '',
  parts: { paid: fen(0), waiting: fen(0) },
};

export type SaleAction =
  | { type: 'cart'; cart: Cart; added?: string }
  | { type: 'typed'; query: string }
  | { type: 'results'; query: string; items: CatalogItem[]; hasMore: boolean; preselect: boolean }
  | { type: 'moreResults'; query: string; items: CatalogItem[]; hasMore: boolean }
  | { type: 'resultMove'; by: number }
  | { type: 'lineMove'; by: number }
  | { type: 'lineAt'; index: number }
  | { type: 'qtyAhead'; qty: number | null }
  | { type: 'edit'; productId: string | null }
  | { type: 'editText'; text: string }
  | { type: 'removed'; line: CartLine; cart: Cart }
  | { type: 'undone'; cart: Cart }
  | { type: 'clearSearch' }
  | { type: 'notice'; text: string | null }
  | { type: 'error'; text: string | null }
  | { type: 'tender'; text: string }
  | { type: 'confirmTender' }
  | { type: 'paying' }
  | { type: 'paid'; order: CompletedOrder; cart: Cart; memberBalance?: number }
  | { type: 'payFailed'; text: string }
  | { type: 'next' }
  | { type: 'side'; side: 'pay' | 'topup' }
  | { type: 'member'; member: MemberView | null }
  | { type: 'seat'; seat: string }
  | { type: 'parts'; paid: Fen; waiting: Fen };

export function saleReducer(s: SaleState, a: SaleAction): SaleState {
  switch (a.type) {
    case 'cart': {
      const at = a.added ? a.cart.lines.findIndex((l) => l.productId === a.added) : -1;
      const line = at >= 0 ? at : Math.min(s.line, a.cart.lines.length - 1);
      return { ...s, cart: a.cart, line, error: null };
    }
    case 'typed':
      // typing more is a new query: Enter scans it rather than picking a stale row; a new sale clears the last one
      return {
        ...s,
        query: a.query,
        selected: -1,
        notice: null,
        ...(s.completed && a.query ? { completed: null, tenderText: '', tenderConfirmed: false } : {}),
      };
    case 'results':
      if (a.query !== searchText(s.query).text) return s; // an answer to an older query
      return {
        ...s,
        results: a.items,
        resultsFor: a.query,
        hasMore: a.hasMore,
        selected: a.preselect && a.items.length > 0 ? 0 : -1,
      };
    case 'moreResults':
      if (a.query !== s.resultsFor || !s.results) return s;
      return { ...s, results: [...s.results, ...a.items], hasMore: a.hasMore, selected: s.results.length };
    case 'resultMove': {
      const n = s.results?.length ?? 0;
      if (n === 0) return s;
      return { ...s, selected: Math.max(0, Math.min(n - 1, (s.selected < 0 ? -1 : s.selected) + a.by)) };
    }
    case 'lineMove': {
      const n = s.cart.lines.length;
      if (n === 0) return s;
      const from = s.line < 0 ? n - 1 : s.line;
      return { ...s, line: Math.max(0, Math.min(n - 1, from + a.by)) };
    }
    case 'lineAt':
      return { ...s, line: a.index };
    case 'qtyAhead':
      return { ...s, qtyAhead: a.qty, query: '', results: null, resultsFor: '', selected: -1, notice: null };
    case 'edit': {
      if (!a.productId) return { ...s, editing: null };
      const l = s.cart.lines.find((x) => x.productId === a.productId);
      return l ? { ...s, editing: { productId: l.productId, text: String(l.qty) } } : s;
    }
    case 'editText':
      return s.editing ? { ...s, editing: { ...s.editing, text: a.text.replace(/\D/g, '').slice(0, 4) } } : s;
    case 'removed':
      return {
        ...s,
        cart: a.cart,
        undo: { productId: a.line.productId, qty: a.line.qty, name: a.line.name },
        line: Math.min(s.line, a.cart.lines.length - 1),
        editing: null,
      };
    case 'undone':
      return { ...s, cart: a.cart, undo: null, line: a.cart.lines.length - 1 };
    case 'clearSearch':
      return { ...s, query: '', results: null, resultsFor: '', hasMore: false, selected: -1, notice: null };
    case 'notice':
      return { ...s, notice: a.text };
    case 'error':
      return { ...s, error: a.text };
    case 'tender':
      return { ...s, tenderText: a.text, tenderConfirmed: false, error: null };
    case 'confirmTender':
      return { ...s, tenderConfirmed: true };
    case 'paying':
      return { ...s, paying: true, error: null };
    case 'paid':
      return {
        ...s,
        paying: false,
        completed: a.order,
        cart: a.cart,
        seat: '',
        line: -1,
        undo: null,
        qtyAhead: null,
        member: s.member && a.memberBalance !== undefined ? { ...s.member, balance: a.memberBalance } : s.member,
        parts: INITIAL_SALE.parts,
        query: '',
        results: null,
        resultsFor: '',
        selected: -1,
      };
    case 'payFailed':
      return { ...s, paying: false, error: a.text };
    case 'next':
      return {
        ...s,
        parts: INITIAL_SALE.parts,
        completed: null,
        member: null,
        tenderText: '',
        tenderConfirmed: false,
        error: null,
        query: '',
        results: null,
        resultsFor: '',
        selected: -1,
        notice: null,
      };
    case 'side':
      return { ...s, side: a.side };
    case 'member':
      return { ...s, member: a.member };
    case 'seat':
      return { ...s, seat: a.seat };
    case 'parts':
      if (a.paid === s.parts.paid && a.waiting === s.parts.waiting) return s;
      // the cash owed moved: a large amount confirmed for the old figure is asked again
      return { ...s, parts: { paid: a.paid, waiting: a.waiting }, tenderConfirmed: false };
  }
}

/**
 * What the search box holds: `3*` in front sets the quantity (the counter convention: 3*, then scan); the
 * rest is the text to search or scan. A quantity outside 1–9999 is no quantity (the text is searched as typed).
 */
export function searchText(typed: string): { qty: number | null; text: string } {
  // A scanner (or the cashier) typing while a Chinese IME is in full-width mode gives ６９２０… and ３＊: the same
  // keys, read as their ASCII twins, so the scan is a scan and the quantity a quantity.
  const query = halfWidth(typed);
  const m = /^\s*(\d{1,4})\s*[*×]\s*(.*)$/.exec(query);
  if (!m) return { qty: null, text: query.trim() };
  const qty = Number(m[1]);
  return qty >= 1 && qty <= MAX_QTY ? { qty, text: m[2]!.trim() } : { qty: null, text: query.trim() };
}

/** A barcode as a scanner types it (digits only, 6 or more): Enter looks it up exactly instead of picking a hit. */
export const looksLikeCode = (text: string) => /^\d{6,}$/.test(text);

/** The member's level discount: the cart's own (the backend prices it once the member is on the cart,
 *  cart.setMember), or — until the cart has the member — the same rule on its subtotal. */
export function discountOf(s: SaleState): number {
  if (s.cart.member) return s.cart.memberDiscount ?? 0;
  return s.member ? memberDiscountFen(s.cart.subtotal, s.member.discountBps) : 0;
}

/** What the customer owes: the cart's total, less a member discount the cart does not hold yet. */
export function dueOf(s: SaleState): Fen {
  return fen(s.cart.member ? s.cart.total : s.cart.total - discountOf(s));
}

/** What is still due once the parts already taken (member balance, a static code, a paid payment code) are
 *  counted: a payment code still waiting is NOT taken — the customer still owes it until the provider says paid. */
export const stillDueOf = (s: SaleState): Fen => fen(Math.max(0, dueOf(s) - s.parts.paid));

/** The cash read against what cash must cover now (the rest after the parts taken). */
export const saleTender = (s: SaleState): TenderState => tenderOf(s.tenderText, stillDueOf(s));

/** Cash may be taken now: something in the cart, no payment code waiting, enough cash, a large amount
 *  confirmed, not already paying. */
export function canPayCash(s: SaleState): boolean {
  return (
    s.cart.lines.length > 0 &&
    !s.paying &&
    !s.completed &&
    s.parts.waiting === 0 &&
    tenderAccepted(saleTender(s), s.tenderConfirmed)
  );
}

/** The highlighted cart line (the last one unless the cashier moved). */
export function currentLine(s: SaleState): CartLine | undefined {
  const n = s.cart.lines.length;
  return n === 0 ? undefined : s.cart.lines[s.line < 0 || s.line >= n ? n - 1 : s.line];
}
