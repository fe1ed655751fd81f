// Every way a sale (or a member top-up) can be paid, declared once. The order wire, the closed-shift wire,
// the owner's takings report and the till's tender screen all derive from this table.
//
// Versioned: each method names the methods version that introduced it. A cloud knows the methods up to its
// own PAYMENT_METHODS_VERSION and says so in GET /v1/health (`paymentMethodsVersion`) and GET
// /v1/payments/config; a till must not send a method newer than the cloud's version. A cloud older than
// version 2 has no `paymentMethodsVersion` at all and refuses an order with a newer method as VALIDATION
// naming `payments.N.method` — clearly, never by storing something it does not understand.
import { z } from 'zod';
import type { CodeScheme } from './schemes';

export const PAYMENT_METHODS_VERSION = 2;

export type PaymentMethodKind =
  /** banknotes in the drawer; the only method that gives change */
  | 'cash'
  /** the member's stored value (may be taken offline) */
  | 'member'
  /** the customer's payment code scanned at the counter, charged through the cloud (online only) */
  | 'code'
  /** the shop's printed QR code (收款码): the customer pays, the cashier confirms seeing the money arrive */
  | 'static';

interface MethodDef {
  since: number;
  kind: PaymentMethodKind;
  scheme?: CodeScheme;
}

export const PAYMENT_METHOD_DEFS = {
  cash: { since: 1, kind: 'cash' },
  member: { since: 1, kind: 'member' },
  wechat_code: { since: 2, kind: 'code', scheme: 'wechat' },
  alipay_code: { since: 2, kind: 'code', scheme: 'alipay' },
  unionpay_code: { since: 2, kind: 'code', scheme: 'unionpay' },
  wechat_static: { since: 2, kind: 'static', scheme: 'wechat' },
  alipay_static: { since: 2, kind: 'static', scheme: 'alipay' },
} as const satisfies Record<string, MethodDef>;

export type PaymentMethod = keyof typeof PAYMENT_METHOD_DEFS;
export const PAYMENT_METHODS = Object.keys(PAYMENT_METHOD_DEFS) as [PaymentMethod, ...PaymentMethod[]];
export const zPaymentMethod = z.enum(PAYMENT_METHODS);

/** The methods the till's one-payment checkout (sale.checkout) takes today; code, static and split tender
 *  arrive with the till's tender screen, on top of POST /v1/payments. */
export const CHECKOUT_METHODS = ['cash', 'member'] as const satisfies readonly PaymentMethod[];

export const methodKind = (m: PaymentMethod): PaymentMethodKind => PAYMENT_METHOD_DEFS[m].kind;
export const isCodeMethod = (m: PaymentMethod): boolean => methodKind(m) === 'code';
export const isStaticMethod = (m: PaymentMethod): boolean => methodKind(m) === 'static';

/** The payment-code method of a scheme (a scanned WeChat code is paid as 'wechat_code'). */
export function codeMethodOf(scheme: CodeScheme): PaymentMethod {
  const found = PAYMENT_METHODS.find((m) => {
    const d: MethodDef = PAYMENT_METHOD_DEFS[m];
    return d.kind === 'code' && d.scheme === scheme;
  });
  if (!found) throw new Error(`no code method for scheme ${scheme}`);
  return found;
}

/** The scheme of a code or static method (null for cash and member). */
export function schemeOfMethod(m: PaymentMethod): CodeScheme | null {
  const d: MethodDef = PAYMENT_METHOD_DEFS[m];
  return d.scheme ?? null;
}

/** The methods a cloud of the given methods version understands. */
export const methodsKnownAt = (version: number): PaymentMethod[] =>
  PAYMENT_METHODS.filter((m) => PAYMENT_METHOD_DEFS[m].since <= version);

/** Signed fen per method, every method present (a closed shift's takings, a day's takings). */
const zSignedFen = z.number().int().min(-10_000_000_000).max(10_000_000_000);
export const zTakingsByMethod = z
  .object(Object.fromEntries(PAYMENT_METHODS.map((m) => [m, zSignedFen])) as Record<PaymentMethod, typeof zSignedFen>)
  .strict();
export type TakingsByMethod = z.infer<typeof zTakingsByMethod>;
export const emptyTakings = (): TakingsByMethod =>
  Object.fromEntries(PAYMENT_METHODS.map((m) => [m, 0])) as TakingsByMethod;
