// Runtime: DOM (pure; tested in memberTopup.test.ts). The member top-up form (会员充值): the amount within the
// outlet's maximum for one top-up (from the device policy; the till and the cloud refuse more), the cash
// handed over (state/tender.ts), and whether the cashier must confirm first: a top-up above ¥1,000, or a
// large amount of cash.
import { MEMBER_TOPUP_CONFIRM_ABOVE_FEN, readAmount } from '../../shared/limits';
import type { Fen } from '../../shared/money';
import { tenderOf, type TenderState } from './tender';

export type MemberTopupReading =
  | { kind: 'empty' }
  | { kind: 'format' }
  | { kind: 'tooLarge'; maxFen: number }
  | { kind: 'amount'; amount: Fen; tender: TenderState; confirm: ('amount' | 'tender')[] };

export function readMemberTopup(amountText: string, tenderedText: string, maxFen: number): MemberTopupReading {
  if (!amountText.trim()) return { kind: 'empty' };
  const a = readAmount(amountText, maxFen);
  if (!a.ok) return a.reason === 'tooLarge' ? { kind: 'tooLarge', maxFen } : { kind: 'format' };
  if (a.fen <= 0) return { kind: 'format' };
  const tender = tenderOf(tenderedText, a.fen);
  const confirm: ('amount' | 'tender')[] = [];
  if (a.fen > MEMBER_TOPUP_CONFIRM_ABOVE_FEN) confirm.push('amount');
  if (tender.kind === 'confirm') confirm.push('tender');
  return { kind: 'amount', amount: a.fen, tender, confirm };
}

/** The top-up may be booked: an amount, enough cash, and whatever needed confirming confirmed. */
export function memberTopupReady(r: MemberTopupReading, confirmed: boolean): boolean {
  if (r.kind !== 'amount') return false;
  if (r.tender.kind !== 'ok' && r.tender.kind !== 'confirm') return false;
  return r.confirm.length === 0 || confirmed;
}
