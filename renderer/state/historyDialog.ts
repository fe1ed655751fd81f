// Runtime: DOM (pure; tested in historyDialog.test.ts). The order-history dialog's state (历史 / 退货), out of the
// component: which list is shown (goods or 充值缴费) with its search text and filters, the sales found, the sale
// opened, the return quantities and reason typed for it, where that money would go (the quote), the return in
// progress (returnFlow.ts, nested) and the one message or error line. The effects (searching, opening, asking
// the backend, polling) live in useHistoryDialog.ts and only dispatch what they learnt.
// Invariants: opening a sale clears the quantities typed for the previous one, and the quote with them (a quote
// always belongs to the quantities on screen); switching lists closes the sale and clears the status filter
// (the two lists have different statuses); a return in progress survives the reopen that follows its answer.
import type { OrderDetail, OrderSummary, ReturnView, VirtualHistoryOrder } from '../../shared/api/contract';
import { isCodeMethod, type PaymentMethod } from '../../shared/payments/methods';
import type { ReturnReason } from '../../shared/sale/returns';
import { EMPTY_FILTER, type FilterField, type HistoryFilter, type HistoryList } from './historyFilter';
import { pollTarget, returnFlow, type ReturnEvent, type ReturnFlow } from './returnFlow';

export type ShopReason = Exclude<ReturnReason, 'void'>;
export type RefundQuote = { method: PaymentMethod; amount: number }[];

export interface HistoryState {
  list: HistoryList;
  query: string;
  filter: HistoryFilter;
  /** the filter field the last search refused (shown in red), or null */
  problem: FilterField | null;
  orders: OrderSummary[];
  virtual: { orders: VirtualHistoryOrder[]; offline: boolean };
  detail: OrderDetail | null;
  /** return quantity typed per order line, as typed */
  qty: Record<number, string>;
  reason: ShopReason;
  quote: RefundQuote | null;
  flow: ReturnFlow;
  message: string | null;
  error: string | null;
  /** bumped when the list is (re)loaded or a sale opened: the code refunds pending in it are asked about at once */
  shown: number;
}

export const INITIAL_HISTORY: HistoryState = {
  list: 'goods',
  query: '',
  filter: EMPTY_FILTER,
  problem: null,
  orders: [],
  virtual: { orders: [], offline: false },
  detail: null,
  qty: {},
  reason: 'defective',
  quote: null,
  flow: { kind: 'idle' },
  message: null,
  error: null,
  shown: 0,
};

export type HistoryEvent =
  | { type: 'query'; text: string }
  | { type: 'filter'; filter: HistoryFilter }
  | { type: 'switchList'; list: HistoryList }
  /** a search starts (its error line clears) or was refused for a filter field */
  | { type: 'searching' }
  | { type: 'problem'; field: FilterField | null }
  | { type: 'orders'; orders: OrderSummary[] }
  | { type: 'virtual'; orders: VirtualHistoryOrder[]; offline: boolean }
  /** a sale is being opened; keepFlow: the reopen after a return keeps that return's progress */
  | { type: 'opening'; keepFlow: boolean }
  | { type: 'opened'; detail: OrderDetail }
  | { type: 'qty'; lineNo: number; text: string }
  | { type: 'reason'; reason: ShopReason }
  | { type: 'quote'; quote: RefundQuote | null }
  | { type: 'flow'; event: ReturnEvent }
  /** what a look at the pending code refunds answered (sale.returnsFollow): those returns as they now stand */
  | { type: 'followed'; returns: ReturnView[] }
  | { type: 'message'; text: string | null }
  | { type: 'error'; text: string | null };

export function historyDialog(s: HistoryState, e: HistoryEvent): HistoryState {
  switch (e.type) {
    case 'query':
      return { ...s, query: e.text };
    case 'filter':
      return { ...s, filter: e.filter };
    case 'switchList':
      return { ...s, list: e.list, filter: { ...s.filter, status: '' }, detail: null, message: null, quote: null };
    case 'searching':
      return { ...s, error: null };
    case 'problem':
      return { ...s, problem: e.field };
    case 'orders':
      return { ...s, orders: e.orders, shown: s.shown + 1 };
    case 'virtual':
      return { ...s, virtual: { orders: e.orders, offline: e.offline } };
    case 'opening':
      return {
        ...s,
        error: null,
        message: null,
        qty: {},
        quote: null,
        flow: e.keepFlow ? s.flow : returnFlow(s.flow, { type: 'reset' }),
      };
    case 'opened':
      return { ...s, detail: e.detail, shown: s.shown + 1 };
    case 'qty':
      return { ...s, qty: { ...s.qty, [e.lineNo]: e.text } };
    case 'reason':
      return { ...s, reason: e.reason };
    case 'quote':
      return { ...s, quote: e.quote };
    case 'flow': {
      const flow = returnFlow(s.flow, e.event);
      // pressing 退货 / 作废 clears the error line of the try before
      if (e.event.type === 'submit') return { ...s, flow, error: null };
      return flow === s.flow ? s : { ...s, flow };
    }
    case 'followed':
      return followed(s, e.returns);
    case 'message':
      return { ...s, message: e.text };
    case 'error':
      return { ...s, error: e.text };
  }
}

/** The lines to return: whole positive quantities only (a half-typed or bad one is left out). */
export function chosenLines(s: HistoryState): { lineNo: number; qty: number }[] {
  if (!s.detail) return [];
  return Object.entries(s.qty)
    .map(([lineNo, text]) => ({ lineNo: Number(lineNo), qty: Number(text) }))
    .filter((l) => Number.isInteger(l.qty) && l.qty > 0);
}

/** A return is being asked for or waits for the cloud: 退货 and 作废 are disabled. */
export const isBusy = (s: HistoryState): boolean => s.flow.kind === 'asking' || s.flow.kind === 'waiting';

/** Whether 退货 goes to a payment code (the waiting text says so): some part of the quote does. */
export const returnsToCode = (s: HistoryState): boolean => s.quote?.some((x) => isCodeMethod(x.method)) ?? false;

const isPending = (r: ReturnView): boolean => r.refunds.some((x) => x.status === 'pending');

/**
 * The returns shown whose code refund is still processing: named by the list's sales and the sale opened, less
 * the one the return panel already polls (pollTarget). Sorted, so an unchanged set keeps its key.
 */
export function pendingShown(s: HistoryState): string[] {
  const ids = new Set<string>();
  if (s.list === 'goods') for (const o of s.orders) for (const id of o.pendingReturns) ids.add(id);
  for (const r of s.detail?.returns ?? []) if (isPending(r)) ids.add(r.id);
  const polled = pollTarget(s.flow);
  if (polled) ids.delete(polled);
  return [...ids].sort();
}

/** The returns looked at again replace their older views: in the sale opened, in the list's pending names, and in
 *  the return panel when it shows one of them. */
function followed(s: HistoryState, returns: ReturnView[]): HistoryState {
  if (returns.length === 0) return s;
  const byId = new Map(returns.map((r) => [r.id, r]));
  const settled = new Set(returns.filter((r) => !isPending(r)).map((r) => r.id));
  const detail = s.detail && { ...s.detail, returns: s.detail.returns.map((r) => byId.get(r.id) ?? r) };
  const orders = s.orders.map((o) =>
    o.pendingReturns.some((id) => settled.has(id))
      ? { ...o, pendingReturns: o.pendingReturns.filter((id) => !settled.has(id)) }
      : o,
  );
  const mine = s.flow.kind === 'done' ? byId.get(s.flow.ret.id) : undefined;
  const flow = mine ? returnFlow(s.flow, { type: 'polled', ret: mine }) : s.flow;
  return { ...s, detail, orders, flow };
}
