// Runtime: DOM (pure; tested in topupFlow.test.ts). The top-up panel's state machine: pick (a phone's face
// value; a game card; a biller, account number and any amount) → confirm (the customer's cash, change) →
// status (the order followed by useVirtualWatch). "Next customer" may be pressed while an order is still
// pending: the panel starts over and 最近充值 keeps following it.
// Idempotency: a confirmed sale gets one clientOrderId when it enters the confirm step; "try again" after a
// lost answer reuses it, so the cloud answers with the first order and never charges twice.
import { checkAccount, checkMobile } from '../../shared/input';
import type { Fen } from '../../shared/money';
import { readAmount, scaledPrice, UTILITY_AMOUNT_MAX_FEN, UTILITY_AMOUNT_MIN_FEN } from '../../shared/limits';
import { plainYuan } from '../format';
import { tenderAccepted, tenderOf } from './tender';

export type TopupMode = 'topup' | 'card' | 'bill';
export interface TopupProduct {
  id: string;
  name: string;
  faceValue: Fen;
  price: Fen;
}
export type TopupStep =
  | { kind: 'pick' }
  | { kind: 'confirm'; clientOrderId: string; largeConfirmed: boolean }
  | { kind: 'status'; orderId: string; paid: Fen };

export interface TopupFlow {
  mode: TopupMode;
  phone: string;
  account: string;
  biller: string | null;
  /** the product chosen: a face value, a card, or the biller's product whose rate prices a bill */
  chosen: TopupProduct | null;
  /** a bill's amount as typed (the biller's amount buttons fill it in) */
  billAmountText: string;
  tenderText: string;
  step: TopupStep;
  busy: boolean;
  /** already in words for the cashier */
  error: string | null;
  printed: boolean;
}

export const INITIAL_TOPUP: TopupFlow = {
  mode: 'topup',
  phone: '',
  account: '',
  biller: null,
  chosen: null,
  billAmountText: '',
  tenderText: '',
  step: { kind: 'pick' },
  busy: false,
  error: null,
  printed: false,
};

export type TopupAction =
  | { type: 'mode'; mode: TopupMode }
  | { type: 'phone'; phone: string }
  | { type: 'account'; account: string }
  | { type: 'biller'; biller: string | null }
  | { type: 'choose'; product: TopupProduct }
  | { type: 'billAmount'; text: string; base: TopupProduct | null }
  | { type: 'toConfirm'; clientOrderId: string }
  | { type: 'back' }
  | { type: 'tender'; text: string }
  | { type: 'confirmLarge' }
  | { type: 'submitting' }
  | { type: 'submitted'; orderId: string; paid: Fen }
  | { type: 'failed'; error: string }
  | { type: 'error'; error: string | null }
  | { type: 'printed' }
  | { type: 'next' };

export function topupReducer(s: TopupFlow, a: TopupAction): TopupFlow {
  switch (a.type) {
    case 'mode':
      return { ...s, mode: a.mode, chosen: null, billAmountText: '', error: null };
    case 'phone':
      return { ...s, phone: a.phone, chosen: null };
    case 'account':
      return { ...s, account: a.account };
    case 'biller':
      return a.biller === s.biller ? s : { ...s, biller: a.biller, chosen: null, billAmountText: '' };
    case 'choose':
      return {
        ...s,
        chosen: a.product,
        billAmountText: s.mode === 'bill' ? plainYuan(a.product.faceValue) : s.billAmountText,
      };
    case 'billAmount':
      return { ...s, billAmountText: a.text, chosen: a.base };
    case 'toConfirm':
      if (s.step.kind !== 'pick') return s;
      return {
        ...s,
        tenderText: '',
        error: null,
        step: { kind: 'confirm', clientOrderId: a.clientOrderId, largeConfirmed: false },
      };
    case 'back':
      return s.step.kind === 'confirm' && !s.busy ? { ...s, step: { kind: 'pick' }, error: null } : s;
    case 'tender':
      return s.step.kind === 'confirm'
        ? { ...s, tenderText: a.text, error: null, step: { ...s.step, largeConfirmed: false } }
        : s;
    case 'confirmLarge':
      return s.step.kind === 'confirm' ? { ...s, step: { ...s.step, largeConfirmed: true } } : s;
    case 'submitting':
      return { ...s, busy: true, error: null };
    case 'submitted':
      return { ...s, busy: false, step: { kind: 'status', orderId: a.orderId, paid: a.paid }, printed: false };
    case 'failed':
      // Still on the confirm step with the same clientOrderId: "try again" cannot charge twice.
      return { ...s, busy: false, error: a.error };
    case 'error':
      return { ...s, error: a.error };
    case 'printed':
      return { ...s, printed: true };
    case 'next':
      return { ...INITIAL_TOPUP, mode: s.mode, biller: s.biller };
  }
}

/** The phone's digits as typed (full-width IME digits made ASCII; spaces and dashes dropped): shared/input.ts. */
export const digitsOf = (phone: string) => checkMobile(phone).digits;
export const phoneOk = (s: TopupFlow) => s.phone.trim() !== '' && checkMobile(s.phone).problem === null;
export const accountOk = (s: TopupFlow) => s.account.trim() !== '' && checkAccount(s.account).problem === null;

/** A bill's amount: within the range any biller takes, else why not. */
export function billAmount(
  s: TopupFlow,
): { ok: true; fen: Fen } | { ok: false; reason: 'empty' | 'format' | 'tooSmall' | 'tooLarge' } {
  if (!s.billAmountText.trim()) return { ok: false, reason: 'empty' };
  const r = readAmount(s.billAmountText, UTILITY_AMOUNT_MAX_FEN);
  if (!r.ok) return r;
  return r.fen < UTILITY_AMOUNT_MIN_FEN ? { ok: false, reason: 'tooSmall' } : r;
}

/** What the customer pays for the pick: the product's price, or a bill's amount at its biller's rate. */
export function dueOf(s: TopupFlow): Fen | null {
  if (!s.chosen) return null;
  if (s.mode !== 'bill') return s.chosen.price;
  const amount = billAmount(s);
  return amount.ok ? scaledPrice(amount.fen, s.chosen.faceValue, s.chosen.price) : null;
}

export function canConfirm(s: TopupFlow, offline: boolean): boolean {
  if (offline || !s.chosen) return false;
  if (s.mode === 'topup') return phoneOk(s);
  if (s.mode === 'bill') return accountOk(s) && billAmount(s).ok;
  return true;
}

export { tenderOf, type TenderState } from './tender';

/** The submit may go: enough cash, and a large amount confirmed. */
export function canSubmit(s: TopupFlow, offline: boolean): boolean {
  const due = dueOf(s);
  if (s.step.kind !== 'confirm' || due === null || s.busy || offline) return false;
  return tenderAccepted(tenderOf(s.tenderText, due), s.step.largeConfirmed);
}

/** The submit's recipient and amount fields (virtual.submit), by mode. */
export function submitFields(s: TopupFlow): { phone?: string; account?: string; amount?: Fen } {
  if (s.mode === 'topup') return { phone: digitsOf(s.phone) };
  if (s.mode !== 'bill') return {};
  const amount = billAmount(s);
  // The product's own face value goes without `amount`, as before bills of any amount existed.
  return {
    account: checkAccount(s.account).account,
    ...(amount.ok && s.chosen && amount.fen !== s.chosen.faceValue ? { amount: amount.fen } : {}),
  };
}
