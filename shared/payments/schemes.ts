// The payment-code schemes a customer can show at the counter (付款码), recognised from the digits alone.
// This is the ONE place that knows the patterns: the till refuses anything else before it asks the cloud,
// and the cloud checks again before it calls a provider.
//   WeChat Pay 微信支付:      18 digits starting 10–15
//   Alipay 支付宝:            16–24 digits starting 25–30
//   UnionPay 云闪付:          19 digits starting 62
// The prefixes do not overlap, so a code belongs to at most one scheme.
import { z } from 'zod';

export const CODE_SCHEMES = ['wechat', 'alipay', 'unionpay'] as const;
export type CodeScheme = (typeof CODE_SCHEMES)[number];
export const zCodeScheme = z.enum(CODE_SCHEMES);

interface SchemeRule {
  /** allowed lengths, inclusive */
  minLength: number;
  maxLength: number;
  /** the first two digits, as a number range, inclusive */
  prefixFrom: number;
  prefixTo: number;
}

export const CODE_SCHEME_RULES: Readonly<Record<CodeScheme, SchemeRule>> = {
  wechat: { minLength: 18, maxLength: 18, prefixFrom: 10, prefixTo: 15 },
  alipay: { minLength: 16, maxLength: 24, prefixFrom: 25, prefixTo: 30 },
  unionpay: { minLength: 19, maxLength: 19, prefixFrom: 62, prefixTo: 62 },
};

/** Scanners type the digits and Enter; a cashier may paste spaces. Anything but digits is refused. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s\r\n]+/g, '');
}

/** The scheme of a payment code, or null when the code matches none (refuse it with a clear message). */
export function schemeOfCode(raw: string): CodeScheme | null {
  const code = normaliseCode(raw);
  if (!/^\d+$/.test(code)) return null;
  const prefix = Number(code.slice(0, 2));
  for (const s of CODE_SCHEMES) {
    const r = CODE_SCHEME_RULES[s];
    if (code.length >= r.minLength && code.length <= r.maxLength && prefix >= r.prefixFrom && prefix <= r.prefixTo)
      return s;
  }
  return null;
}

/** A payment code as it travels: digits of a known scheme (the message names the three patterns). */
export const zPaymentCode = z
  .string()
  .max(40)
  .transform(normaliseCode)
  .refine((c) => schemeOfCode(c) !== null, {
    message:
      'not a payment code: WeChat 18 digits from 10–15, Alipay 16–24 digits from 25–30, UnionPay 19 digits from 62',
  });

/** For logs and receipts: the scheme's prefix and the last 4 digits, never the whole one-time code. */
export function maskCode(code: string): string {
  const c = normaliseCode(code);
  return c.length <= 6 ? '*'.repeat(c.length) : `${c.slice(0, 2)}${'*'.repeat(c.length - 6)}${c.slice(-4)}`;
}
