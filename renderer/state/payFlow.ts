// Runtime: DOM (pure; tested in payFlow.test.ts). The counter's side of paying beyond one lump of cash: what
// the backend's tender (electron/backend/payments/tender.ts) says, what the screen has asked and not heard back
// yet, and what it tells the cashier. The tender itself — parts, the cart lock, the commit once the parts cover
// the total — lives in the backend; this only follows it. Effects (calls, the event, the poll) are in
// usePayment.ts. The phases a cashier sees for a payment code:
//   sending → waiting (等待支付结果) / confirmOnPhone (等待顾客在手机上确认) → paid: the sale commits (only then)
//                                                                    → failed: the reason; another method
//   Esc / 撤销 while waiting → cancelling → reversed ("已撤销，顾客未被扣款")
import type { CompletedOrder, PayOptions, TenderPart, TenderView } from '../../shared/api/contract';
import { fen, type Fen } from '../../shared/money';
import { normaliseCode, schemeOfCode, type CodeScheme } from '../../shared/payments/schemes';

export interface PayState {
  /** the backend's tender: open, or the one that closed last (sold / abandoned) */
  tender: TenderView | null;
  options: PayOptions | null;
  /** a payment code sent to the backend, its answer not back yet (the id is the retry key: one charge) */
  sending: { paymentId: string } | null;
  /** a waiting payment code the cashier asked to take back, its answer not back yet */
  cancelling: boolean;
  /** the last failed payment code, shown until the next try or the next sale */
  failure: TenderView['failure'];
  /** which failure was shown already (a poll brings the closed tender back with it) */
  seenFailure: string | null;
  /** the cashier took a waiting code back: the customer is not charged */
  reversed: boolean;
  /** the sold tender the sale screen has taken (a poll brings it back too) */
  takenSold: string | null;
  /** a static code (收款码) the cashier is about to confirm: the method and the amount (null: what remains) */
  staticAsk: { method: StaticMethod; amount: Fen } | null;
  error: string | null;
}

export type StaticMethod = 'wechat_static' | 'alipay_static';

export const INITIAL_PAY: PayState = {
  tender: null,
  options: null,
  sending: null,
  cancelling: false,
  failure: null,
  seenFailure: null,
  reversed: false,
  takenSold: null,
  staticAsk: null,
  error: null,
};

export type PayAction =
  | { type: 'options'; options: PayOptions }
  | { type: 'tender'; tender: TenderView | null }
  | { type: 'sending'; paymentId: string }
  | { type: 'sent'; tender: TenderView }
  | { type: 'refused'; text: string }
  | { type: 'cancelling' }
  | { type: 'cancelled'; tender: TenderView | null }
  | { type: 'takenSold'; tenderId: string }
  | { type: 'askStatic'; method: StaticMethod; amount: Fen }
  | { type: 'staticDone' }
  | { type: 'error'; text: string | null }
  | { type: 'next' };

const failureKey = (t: TenderView) =>
  t.failure ? `${t.id}:${t.failure.method}:${t.failure.amount}:${t.failure.reason}:${t.failure.message}` : null;

function withTender(s: PayState, tender: TenderView | null): PayState {
  const key = tender ? failureKey(tender) : null;
  const fresh = key !== null && key !== s.seenFailure;
  return {
    ...s,
    tender,
    ...(fresh ? { failure: tender!.failure, seenFailure: key, reversed: false } : {}),
  };
}

export function payReducer(s: PayState, a: PayAction): PayState {
  switch (a.type) {
    case 'options':
      return { ...s, options: a.options };
    case 'tender':
      return withTender(s, a.tender);
    case 'sending':
      return { ...s, sending: { paymentId: a.paymentId }, failure: null, reversed: false, error: null };
    case 'sent':
      return { ...withTender(s, a.tender), sending: null };
    case 'refused':
      return { ...s, sending: null, cancelling: false, reversed: false, error: a.text };
    case 'cancelling':
      return { ...s, cancelling: true, error: null };
    case 'cancelled':
      return { ...withTender(s, a.tender), cancelling: false, reversed: true, failure: null };
    case 'takenSold':
      return { ...s, takenSold: a.tenderId };
    case 'askStatic':
      return { ...s, staticAsk: { method: a.method, amount: a.amount }, error: null };
    case 'staticDone':
      return { ...s, staticAsk: null };
    case 'error':
      return { ...s, error: a.text };
    case 'next':
      // the closed tender stays the backend's "last" until another opens: remember what was shown of it
      return {
        ...INITIAL_PAY,
        options: s.options,
        seenFailure: s.seenFailure,
        takenSold: s.takenSold,
        tender: null,
      };
  }
}

/** A customer's payment code (WeChat / Alipay / UnionPay), or null for anything else (a barcode, a name). */
export function paymentCodeOf(text: string): { code: string; scheme: CodeScheme } | null {
  const code = normaliseCode(text);
  const scheme = schemeOfCode(code);
  return scheme ? { code, scheme } : null;
}

/** The open tender (parts are held, the cart is locked), or null. */
export const openTender = (s: PayState): TenderView | null => (s.tender?.status === 'open' ? s.tender : null);

/** A payment code is on its way or waiting for the provider: no other payment until it is answered. */
export const codeWaiting = (s: PayState): boolean =>
  s.sending !== null || (openTender(s)?.parts.some((p) => p.status === 'waiting') ?? false);

/** What a part shows: taken, waiting for the provider, or waiting for the customer's password on their phone. */
export type PartState = 'done' | 'waiting' | 'confirmOnPhone';
export function partState(p: TenderPart): PartState {
  if (p.status === 'done') return 'done';
  return p.customerConfirming ? 'confirmOnPhone' : 'waiting';
}

/** The code part waiting for its answer (at most one: the backend refuses a second). */
export const waitingPart = (s: PayState): TenderPart | null =>
  openTender(s)?.parts.find((p) => p.status === 'waiting') ?? null;

/**
 * What the customer has paid so far and what is still due, against the cart's total: a waiting code is NOT
 * paid (the money has not arrived), so "still due" counts it until the provider says paid.
 */
export function paidSoFar(s: PayState): { paid: Fen; waiting: Fen } {
  const t = openTender(s);
  return t ? { paid: t.paid, waiting: t.waiting } : { paid: fen(0), waiting: fen(0) };
}

/** The sale the backend committed by itself (the parts covered the total) and the screen has not taken yet. */
export function soldOrder(s: PayState): { tenderId: string; order: CompletedOrder } | null {
  const t = s.tender;
  if (!t || t.status !== 'sold' || !t.completed || t.id === s.takenSold) return null;
  return { tenderId: t.id, order: t.completed };
}

/** What the screen shows for the payment-code step now. */
export type CodePhase = 'idle' | 'sending' | 'waiting' | 'confirmOnPhone' | 'cancelling' | 'failed' | 'reversed';
export function codePhase(s: PayState): CodePhase {
  if (s.cancelling) return 'cancelling';
  if (s.sending) return 'sending';
  const w = waitingPart(s);
  if (w) return partState(w) === 'confirmOnPhone' ? 'confirmOnPhone' : 'waiting';
  if (s.failure) return 'failed';
  if (s.reversed) return 'reversed';
  return 'idle';
}
