// Runtime: DOM (pure; tested in topupByCode.test.ts). A member top-up paid by payment code (会员充值 · 付款码):
// the backend charges the code through the cloud, then books the top-up with that payment once
// (payments/topups.ts). The form follows the payment (pay.get) and shows where it is, in the same words as
// the sale's payment code.
import type { CodePaymentView } from '../../shared/api/contract';

export type CodeTopupPhase = 'sending' | 'waiting' | 'confirmOnPhone' | 'booked' | 'failed' | 'cancelling';

export function codeTopupPhase(p: CodePaymentView | null, booked: boolean): CodeTopupPhase {
  if (!p) return 'sending';
  if (p.status === 'used' && booked) return 'booked';
  if (p.status === 'failed' || p.status === 'cancelled') return 'failed';
  if (p.status === 'cancelling') return 'cancelling';
  return p.customerConfirming ? 'confirmOnPhone' : 'waiting';
}

/** Still moving: keep asking the backend. */
export const codeTopupOpen = (phase: CodeTopupPhase): boolean =>
  phase === 'sending' || phase === 'waiting' || phase === 'confirmOnPhone' || phase === 'cancelling';
