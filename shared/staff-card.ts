// Runtime: any (renderer, backend, cloud). A staff card (员工卡 / 主管卡): the number a card reader types like a
// keyboard (then Enter). A card alone approves a supervisor override (shared/sale/overrides.ts) — it never logs
// anyone in. The number is never stored in clear anywhere: the cloud keeps a slow salted hash (scrypt, the
// same "scrypt$N$r$p$salt$key" form as passwords) and the last 4 characters as a hint for the owner's screen;
// tills get the hashes of their outlet's cards in the employee feed to check a scan offline.
// One canonical form on every side: full-width made ASCII (an IME in full-width mode), trimmed, UPPER-CASE — a
// keyboard-wedge reader types letters through the keyboard state, so Caps Lock would otherwise change the card.
import { halfWidth } from './input';
import { zText } from './text';

export const STAFF_CARD_MIN = 8;
export const STAFF_CARD_MAX = 32;
const CARD_RE = new RegExp(`^[0-9A-Z]{${STAFF_CARD_MIN},${STAFF_CARD_MAX}}$`);
/** how many trailing characters the owner's screen shows (员工卡 ····1234) */
export const STAFF_CARD_HINT_LENGTH = 4;

export const canonicalCard = (typed: string): string => halfWidth(typed).trim().toUpperCase();

export type StaffCardProblem = 'symbol' | 'short' | 'long';

/** A scanned or typed card made canonical, and what is wrong with it (an empty field: nothing). */
export function checkStaffCard(typed: string): { card: string; problem: StaffCardProblem | null } {
  const card = canonicalCard(typed);
  if (card === '') return { card, problem: null };
  if (/[^0-9A-Z]/.test(card)) return { card, problem: 'symbol' };
  if (card.length < STAFF_CARD_MIN) return { card, problem: 'short' };
  if (card.length > STAFF_CARD_MAX) return { card, problem: 'long' };
  return { card, problem: null };
}

/** The wire's card number: canonicalised first, then 8–32 letters or digits. */
export const zStaffCard = zText()
  .max(256)
  .overwrite(canonicalCard)
  .regex(CARD_RE, `${STAFF_CARD_MIN}–${STAFF_CARD_MAX} letters or digits`);

export const cardHint = (card: string): string => canonicalCard(card).slice(-STAFF_CARD_HINT_LENGTH);
