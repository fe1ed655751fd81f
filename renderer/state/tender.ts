// Runtime: DOM (pure; tested in tender.test.ts). Cash handed over against what is due, as every cash form of
// the counter reads it (sale, top-up panel, member top-up): an empty field is exact cash; more than ¥10,000 or
// 50× what is due asks "is that right?" (a typo, a barcode scanned into the cash field); beyond ¥100,000 it is
// "too large" — a message of its own, not "not an amount" (shared/limits.ts).
import { checkTender, readAmount, TENDER_MAX_FEN } from '../../shared/limits';
import type { Fen } from '../../shared/money';

export type TenderState =
  | { kind: 'ok'; tendered: Fen; change: Fen }
  | { kind: 'confirm'; tendered: Fen; change: Fen }
  | { kind: 'short'; tendered: Fen }
  | { kind: 'format' }
  | { kind: 'tooLarge' };

export function tenderOf(text: string, due: Fen): TenderState {
  if (!text.trim()) return { kind: 'ok', tendered: due, change: 0 as Fen };
  const r = readAmount(text, TENDER_MAX_FEN);
  if (!r.ok) return { kind: r.reason };
  const check = checkTender(r.fen, due);
  if (check === 'short') return { kind: 'short', tendered: r.fen };
  return { kind: check, tendered: r.fen, change: (r.fen - due) as Fen };
}

/** The cash may be taken: enough, and a large amount confirmed by the cashier. */
export const tenderAccepted = (t: TenderState, confirmed: boolean): t is Extract<TenderState, { change: Fen }> =>
  t.kind === 'ok' || (t.kind === 'confirm' && confirmed);
