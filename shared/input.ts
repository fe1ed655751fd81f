// Runtime: any (renderer, backend, cloud). What a cashier types into a phone or account field, made into what
// the wire carries, the same on every side: a Chinese IME in full-width mode types ０-９ and Ａ-Ｚ (U+FF10…),
// which are neither \d nor [A-Za-z]; they are turned into their ASCII twins before any check, so the till
// shows the same verdict the backend and the cloud reach. Each refusal has its reason (a letter, too short,
// too long) for the screen to say next to the field.
import { z } from 'zod';

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII, the ideographic space (U+3000) → a space. Nothing else changes. */
export function halfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** A mainland mobile number: 11 digits, the first a 1. */
export const MOBILE_DIGITS = 11;
const MOBILE_RE = /^1\d{10}$/;
/** What a phone field takes as typed: the 11 digits with room for the spaces or dashes of "138 0013 8000". */
export const PHONE_INPUT_MAX = 13;

export type PhoneProblem = 'letter' | 'short' | 'long' | 'notMobile';

/**
 * A typed mobile number: its digits (spaces and dashes dropped, full-width digits made ASCII) and what is
 * wrong with it, if anything. An empty field has no problem (the caller decides whether it is required).
 */
export function checkMobile(typed: string): { digits: string; problem: PhoneProblem | null } {
  const text = halfWidth(typed).trim();
  const digits = text.replace(/[\s-]/g, '');
  if (/[^0-9]/.test(digits)) return { digits: digits.replace(/\D/g, ''), problem: 'letter' };
  if (digits === '') return { digits, problem: null };
  if (digits.length < MOBILE_DIGITS) return { digits, problem: 'short' };
  if (digits.length > MOBILE_DIGITS) return { digits, problem: 'long' };
  return { digits, problem: MOBILE_RE.test(digits) ? null : 'notMobile' };
}

/** The wire's mobile number: full-width digits accepted (made ASCII), then exactly 11 digits starting with 1. */
export const zMobile = z
  .string()
  .overwrite((s) => halfWidth(s).trim())
  .regex(MOBILE_RE, 'an 11-digit mainland mobile number');

/** A utility account number (户号): 5–30 letters or digits. */
export const ACCOUNT_MIN = 5;
export const ACCOUNT_MAX = 30;
const ACCOUNT_RE = new RegExp(`^[A-Za-z0-9]{${ACCOUNT_MIN},${ACCOUNT_MAX}}$`);

export type AccountProblem = 'symbol' | 'short' | 'long';

/** A typed account number made ASCII and trimmed, and what is wrong with it (an empty field: nothing). */
export function checkAccount(typed: string): { account: string; problem: AccountProblem | null } {
  const account = halfWidth(typed).trim();
  if (account === '') return { account, problem: null };
  if (/[^A-Za-z0-9]/.test(account)) return { account, problem: 'symbol' };
  if (account.length < ACCOUNT_MIN) return { account, problem: 'short' };
  if (account.length > ACCOUNT_MAX) return { account, problem: 'long' };
  return { account, problem: null };
}

/** The wire's account number: full-width letters and digits accepted (made ASCII), 5–30 letters or digits. */
export const zAccountNumber = z
  .string()
  .overwrite((s) => halfWidth(s).trim())
  .regex(ACCOUNT_RE, `${ACCOUNT_MIN}–${ACCOUNT_MAX} letters or digits`);

/**
 * Characters a receipt printer's GB18030 font prints (its one- and two-byte range): printable ASCII, the
 * Chinese characters U+4E00–U+9FA5, full-width forms, and the Chinese punctuation 、。·〈〉《》「」『』【】.
 * Emoji and other symbols (four-byte GB18030, or none at all) print as boxes: text the counter prints
 * (a seat number) is refused with this reason instead. electron/backend/print/printable.test.ts checks
 * every character allowed here against iconv-lite's GB18030.
 */
export const PRINTABLE_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xb7, 0xb7],
  [0x3001, 0x3002],
  [0x3008, 0x3011],
  [0x4e00, 0x9fa5],
  [0xff01, 0xff5e],
];
const hex = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;
const PRINTABLE_RE = new RegExp(`^[${PRINTABLE_RANGES.map(([a, b]) => `${hex(a)}-${hex(b)}`).join('')}]*$`);
export function printsOnReceipt(text: string): boolean {
  return PRINTABLE_RE.test(text);
}

/** A seat number at an internet café ("A23", "包间3"): 1–8 characters the receipt printer can print. */
export const SEAT_MAX = 8;
export type SeatProblem = 'long' | 'unprintable';
export function checkSeat(typed: string): SeatProblem | null {
  const seat = typed.trim();
  if (!printsOnReceipt(seat)) return 'unprintable';
  return Array.from(seat).length > SEAT_MAX ? 'long' : null;
}
export const zSeatInput = z
  .string()
  .trim()
  .min(1)
  .max(SEAT_MAX)
  .refine(printsOnReceipt, 'letters, digits and Chinese characters a receipt printer can print (no emoji)');
