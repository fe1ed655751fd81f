// The price of a sale, in integer fen, from the catalog prices and what the cashier changed: a price override
// (改价) and a line discount (% or amount) per line, the member's level discount, a whole-order discount
// (% or amount) and 抹零 (the total rounded DOWN to the jiao or the yuan, by the outlet's rule). Pure: the
// till's cart, its checkout, the receipt and the tests all price a sale with this one function.
//
// The order of the steps is fixed and every step rounds in the shop's favour only where a rule promises the
// customer at least something (a % off rounds the discount DOWN to the fen — never more off than promised):
//   line:  unitPrice = override ?? listPrice;  gross = unitPrice × qty;  lineTotal = gross − lineDiscount
//   order: subtotal = Σ lineTotal;  − member level discount;  − order discount;  − 抹零  = total
// Invariants (checked by shared/sale/pricing.test.ts over every small case): every amount is a non-negative
// integer; no discount exceeds what it applies to; total = subtotal − (member + order + rounding) ≥ 0; the
// rounding is < 10 fen (jiao) or < 100 fen (yuan) and leaves a total that is a whole jiao / yuan.
import { z } from 'zod';
import { MAX_FEN, zFen } from '../money';

/** 抹零: the outlet's rule for the odd fen of a total (declared once; the outlet setting, the till and the receipt). */
export const ROUNDING_RULES = ['none', 'jiao', 'yuan'] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];
export const zRoundingRule = z.enum(ROUNDING_RULES);
const ROUNDING_UNIT: Record<RoundingRule, number> = { none: 1, jiao: 10, yuan: 100 };

/** 10000 basis points = 100 %. A percent discount is the share taken OFF (1500 = 15 % off = 八五折). */
export const BPS = 10_000;

/** A typed percentage as basis points, exactly (no floating point): "15" → 1500, "12.5" → 1250, "0.01" → 1;
 *  null when it is not a number of at most two decimals between 0 and 100. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number(((m[2] ?? '') + '00').slice(0, 2));
  return bps <= BPS ? bps : null;
}

/** A discount of a line or of the whole order: a share off, or an amount off. */
export const zDiscount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), bps: z.number().int().min(1).max(BPS) }).strict(),
  z.object({ kind: z.literal('amount'), fen: zFen.refine((n) => n > 0, 'must be positive') }).strict(),
]);
export type Discount = z.input<typeof zDiscount>;

/** What the cashier changed on one line. */
export interface LineAdjust {
  /** 改价: the unit price charged instead of the catalog's */
  price?: number | undefined;
  discount?: Discount | undefined;
}

export interface LineInput {
  /** the catalog price per unit when the line was added */
  listPrice: number;
  qty: number;
  adjust?: LineAdjust | undefined;
}

export interface PricedLine {
  listPrice: number;
  /** the price per unit charged before the line discount (the override, or the list price) */
  unitPrice: number;
  qty: number;
  /** fen off this line (its discount); lineTotal = unitPrice × qty − discount */
  discount: number;
  lineTotal: number;
}

export interface OrderInput {
  lines: readonly LineInput[];
  /** the member's level: 10000 = no discount, 9500 = 5 % off (members' discountBps) */
  memberBps?: number | undefined;
  orderDiscount?: Discount | undefined;
  rounding?: RoundingRule | undefined;
}

export interface PricedOrder {
  lines: PricedLine[];
  /** Σ list price × qty: the sale before anyone changed a price */
  listTotal: number;
  /** Σ lineTotal */
  subtotal: number;
  memberDiscount: number;
  orderDiscount: number;
  /** 抹零 */
  rounding: number;
  /** memberDiscount + orderDiscount + rounding: the order-level discount (total = subtotal − discount) */
  discount: number;
  total: number;
  /** what the cashier gave away by choice (price cuts and line discounts below the list price, plus the order
   *  discount) — the figure the employee's limits apply to; the member's level and 抹零 are rules, not choices */
  discretionary: number;
}

/** A cashier's input that no sale can carry: typed, so the till can say which line and why. */
export class PricingError extends Error {
  override name = 'PricingError';
  constructor(
    readonly reason: 'DISCOUNT_EXCEEDS_LINE' | 'DISCOUNT_EXCEEDS_ORDER' | 'BAD_AMOUNT',
    message: string,
    readonly lineIndex?: number,
  ) {
    super(message);
  }
}

const checkAmount = (n: number, what: string) => {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_FEN) throw new PricingError('BAD_AMOUNT', `${what}: ${n}`);
};

/** A share of an amount, rounded DOWN to the fen (never more off than the percentage promises). */
export function percentOf(amount: number, bps: number): number {
  // amount ≤ MAX_FEN (1e10) and bps ≤ 1e4: the product stays below 2^53.
  return Math.floor((amount * bps) / BPS);
}

/** The fen a discount takes off `base`; refuses an amount larger than the base. */
function discountOn(base: number, d: Discount | undefined): number | null {
  if (!d) return 0;
  if (d.kind === 'percent') return percentOf(base, d.bps);
  return d.fen > base ? null : d.fen;
}

export function priceLine(l: LineInput, index = 0): PricedLine {
  checkAmount(l.listPrice, 'list price');
  if (!Number.isSafeInteger(l.qty) || l.qty < 1) throw new PricingError('BAD_AMOUNT', `quantity: ${l.qty}`, index);
  const unitPrice = l.adjust?.price ?? l.listPrice;
  checkAmount(unitPrice, 'unit price');
  const gross = unitPrice * l.qty;
  checkAmount(gross, 'line amount');
  const discount = discountOn(gross, l.adjust?.discount);
  if (discount === null)
    throw new PricingError('DISCOUNT_EXCEEDS_LINE', `a discount larger than the line (${gross} fen)`, index);
  return { listPrice: l.listPrice, unitPrice, qty: l.qty, discount, lineTotal: gross - discount };
}

export function priceOrder(o: OrderInput): PricedOrder {
  const lines = o.lines.map((l, i) => priceLine(l, i));
  const listTotal = lines.reduce((s, l) => s + l.listPrice * l.qty, 0);
  const subtotal = lines.reduce((s, l) => s + l.lineTotal, 0);
  checkAmount(subtotal, 'subtotal');
  const memberBps = o.memberBps ?? BPS;
  const memberDiscount = percentOf(subtotal, BPS - memberBps);
  const afterMember = subtotal - memberDiscount;
  const orderDiscount = discountOn(afterMember, o.orderDiscount);
  if (orderDiscount === null)
    throw new PricingError('DISCOUNT_EXCEEDS_ORDER', `an order discount larger than the order (${afterMember} fen)`);
  const beforeRounding = afterMember - orderDiscount;
  const rounding = beforeRounding % ROUNDING_UNIT[o.rounding ?? 'none'];
  const total = beforeRounding - rounding;
  // Per line, only what went below the list price counts: a price raised on one line does not buy a bigger
  // discount on another.
  const discretionary = lines.reduce((s, l) => s + Math.max(0, l.listPrice * l.qty - l.lineTotal), 0) + orderDiscount;
  return {
    lines,
    listTotal,
    subtotal,
    memberDiscount,
    orderDiscount,
    rounding,
    discount: memberDiscount + orderDiscount + rounding,
    total,
    discretionary,
  };
}

/** An employee's discount limits as the cloud gives them at login (absent: no discretion at all). */
export const zDiscountLimits = z.object({
  /** the most fen one sale may be discounted by this employee's choice */
  maxDiscountFen: zFen,
  /** the most of a sale's list total, in basis points (10000 = any share) */
  maxDiscountBps: z.number().int().min(0).max(BPS),
});
export type DiscountLimits = z.infer<typeof zDiscountLimits>;
export const NO_DISCRETION: DiscountLimits = { maxDiscountFen: 0 as never, maxDiscountBps: 0 };

/** Why a discount is beyond an employee, or null when it is within both limits (0 is always within). */
export function beyondLimits(
  limits: DiscountLimits,
  p: Pick<PricedOrder, 'discretionary' | 'listTotal'>,
): null | 'AMOUNT' | 'PERCENT' {
  if (p.discretionary === 0) return null;
  if (p.discretionary > limits.maxDiscountFen) return 'AMOUNT';
  if (p.discretionary > percentOf(p.listTotal, limits.maxDiscountBps)) return 'PERCENT';
  return null;
}
