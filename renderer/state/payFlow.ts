// Runtime: DOM (pure). What the sale screen needs to know about paying beyond cash, kept out of React:
// whether a scanned text is a customer's payment code (the shared recogniser: a product barcode never is one),
// what each part of the tender shows, and what is still due in cash. The tender itself lives in the backend
// (electron/backend/payments/tender.ts); the screen only shows it and asks for changes.
import type { TenderPart, TenderView } from '../../shared/api/contract';
import { normaliseCode, schemeOfCode, type CodeScheme } from '../../shared/payments/schemes';

/** A customer's payment code (WeChat / Alipay / UnionPay), or null for anything else (a barcode, a name). */
export function paymentCodeOf(text: string): { code: string; scheme: CodeScheme } | null {
  const code = normaliseCode(text);
  const scheme = schemeOfCode(code);
  return scheme ? { code, scheme } : null;
}

/** What a part shows: taken, waiting for the provider, or waiting for the customer's password on their phone. */
export type PartState = 'done' | 'waiting' | 'confirmOnPhone';
export function partState(p: TenderPart): PartState {
  if (p.status === 'done') return 'done';
  return p.customerConfirming ? 'confirmOnPhone' : 'waiting';
}

/** A tender with parts under way (the cart is locked, the cash field takes what remains). */
export const tenderOpen = (t: TenderView | null): t is TenderView => t?.status === 'open';

/** What cash (or the member's balance) must still cover: the cart's total, or what the open tender leaves. */
export function dueOf(cartTotal: number, t: TenderView | null): number {
  return tenderOpen(t) ? t.remaining : cartTotal;
}

/** A code is waiting: no other code, no cash checkout until it is answered. */
export const codeWaiting = (t: TenderView | null): boolean =>
  tenderOpen(t) && t.parts.some((p) => p.status === 'waiting');
