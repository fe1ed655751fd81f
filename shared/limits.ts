// Limits on the money a counter takes in, declared once for the till, the cloud and the screens
// (docs/counter-manual.md, "Limits on money"). Amounts are integer fen.
import { parseYuan, type Fen } from './money';

/** A member top-up's maximum when the outlet has not set its own (organizations.member_topup_max_fen). */
export const DEFAULT_MEMBER_TOPUP_MAX_FEN = 500_000; // ¥5,000
/** The highest per-top-up maximum an outlet may set. */
export const MEMBER_TOPUP_MAX_CEILING_FEN = 10_000_000; // ¥100,000
/** Above this a member top-up asks the cashier to confirm the amount. */
export const MEMBER_TOPUP_CONFIRM_ABOVE_FEN = 100_000; // ¥1,000

/**
 * What counts against an employee's daily money-movement cap (employees.daily_transfer_cap_fen, set by the
 * owner; the master account has none): money moved out of the prepaid balance, member top-ups (booked by the
 * cloud), and cash paid out of a till's drawer (checked by the till, offline too, with what it knows).
 */
export const MONEY_MOVEMENT_KINDS = ['transfer', 'member_topup', 'pay_out'] as const;
export type MoneyMovementKind = (typeof MONEY_MOVEMENT_KINDS)[number];
/** The daily cap the demo cashier has, and employees already handling cash got when the cap began to count
 *  their top-ups and pay-outs (cloud migration 0017). New employees start at 0 until the owner sets one. */
export const CASH_HANDLER_DAILY_CAP_FEN = 2_000_000; // ¥20,000

/** Cash tendered above this, or above TENDER_CONFIRM_MULTIPLE × the amount due, asks for confirmation. */
export const TENDER_CONFIRM_ABOVE_FEN = 1_000_000; // ¥10,000
export const TENDER_CONFIRM_MULTIPLE = 50;
/** No counter takes more cash than this for one sale: beyond it the amount is refused as too large. */
export const TENDER_MAX_FEN = 10_000_000; // ¥100,000

/** A utility bill (水电煤) of any amount in this range; the biller's amount buttons only prefill it. */
export const UTILITY_AMOUNT_MIN_FEN = 100; // ¥1
export const UTILITY_AMOUNT_MAX_FEN = 500_000; // ¥5,000

/** What a typed amount is: an amount, not an amount at all, or one beyond `max`. */
export type AmountReading = { ok: true; fen: Fen } | { ok: false; reason: 'format' | 'tooLarge' };

/**
 * Reads a typed amount against a maximum, telling "not an amount" (letters, three decimals) apart from
 * "too large" (more digits than any till takes, or above max): a cashier needs to know which one to fix.
 */
export function readAmount(text: string, max: number): AmountReading {
  const parsed = parseYuan(text);
  if (parsed !== null) return parsed > max ? { ok: false, reason: 'tooLarge' } : { ok: true, fen: parsed };
  // Too many digits for parseYuan, but a well-formed amount otherwise: too large, not malformed.
  const cleaned = text
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/,/g, '')
    .trim();
  return /^\d{10,}(?:\.\d{0,2})?$/.test(cleaned) ? { ok: false, reason: 'tooLarge' } : { ok: false, reason: 'format' };
}

/** Cash handed over for `due`: fine, worth a second look (a typo, a barcode in the cash field), or short. */
export type TenderCheck = 'ok' | 'confirm' | 'short';

export function checkTender(tendered: number, due: number): TenderCheck {
  if (tendered < due) return 'short';
  if (tendered > TENDER_CONFIRM_ABOVE_FEN || (due > 0 && tendered > TENDER_CONFIRM_MULTIPLE * due)) return 'confirm';
  return 'ok';
}

/**
 * The price of `amount` of a product sold by the unit of `unitFace` at `unitPrice` (a bill of any amount
 * priced at its biller's rate), rounded half up to the fen. Integer arithmetic: no float holds money.
 */
export function scaledPrice(amount: number, unitFace: number, unitPrice: number): Fen {
  if (unitFace <= 0) throw new RangeError('unit face value must be positive');
  return Math.floor((2 * amount * unitPrice + unitFace) / (2 * unitFace)) as Fen;
}

/** A retail price above this, or of ¥0, asks the owner to confirm it (a slipped digit, a price left out). */
export const PRICE_CONFIRM_ABOVE_FEN = 10_000_000; // ¥100,000
export function priceNeedsConfirm(price: number): 'free' | 'high' | null {
  if (price === 0) return 'free';
  return price > PRICE_CONFIRM_ABOVE_FEN ? 'high' : null;
}
