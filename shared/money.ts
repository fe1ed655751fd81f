// Money is integer fen (分) everywhere. A float never holds money: display and parsing go through here.
import { z } from 'zod';
import { halfWidth } from './input';

declare const fenBrand: unique symbol;
/** An amount of money in fen (1/100 yuan). Always a safe integer. */
export type Fen = number & { readonly [fenBrand]: true };

/** Upper bound for any single amount we accept at a boundary: ¥100,000,000. Prevents overflow in sums. */
export const MAX_FEN = 10_000_000_000;

export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer amount of fen: ${n}`);
  return n as Fen;
}

/** A non-negative amount of fen, bounded. */
export const zFen = z
  .number()
  .int()
  .min(0)
  .max(MAX_FEN)
  .transform((n) => n as Fen);
/** A signed amount of fen (ledger deltas, refunds), bounded. */
export const zSignedFen = z
  .number()
  .int()
  .min(-MAX_FEN)
  .max(MAX_FEN)
  .transform((n) => n as Fen);

export function addFen(...amounts: Fen[]): Fen {
  let sum = 0;
  for (const a of amounts) sum += a;
  return fen(sum);
}

export function mulFen(unit: Fen, qty: number): Fen {
  if (!Number.isSafeInteger(qty)) throw new RangeError(`not an integer quantity: ${qty}`);
  return fen(unit * qty);
}

/**
 * Parses what a cashier types ("12", "12.5", "12.50", "¥1,234.56", "12元") into fen without floating point.
 * A Chinese IME types the same keys as full-width digits (１００), a full-width point (．) or, in Chinese
 * punctuation mode, the ideographic full stop (。), and a full-width comma (，): they are read as their ASCII twins, so the
 * amount on the keys is the amount taken. Returns null for anything that is not a plain non-negative amount with
 * at most two decimals.
 */
export function parseYuan(text: string): Fen | null {
  const cleaned = halfWidth(text)
    .replace(/\u3002/g, '.')
    .replace(/元$/, '')
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/,/g, '')
    .trim();
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!m) return null;
  const yuan = Number(m[1]);
  const cents = Number(((m[2] ?? '') + '00').slice(0, 2));
  return fen(yuan * 100 + cents);
}

const formatters = new Map<string, Intl.NumberFormat>();
/** "¥12.50" (zh-CN) or "CN¥12.50" style per locale; always two decimals. */
export function formatFen(amount: Fen | number, locale = 'zh-CN'): string {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'CNY',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    formatters.set(locale, f);
  }
  // Integer division keeps exactness; Intl only sees a value with two decimals it can print exactly.
  return f.format(amount / 100);
}
