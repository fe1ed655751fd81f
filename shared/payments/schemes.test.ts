// The payment-code patterns, the one place the till and the cloud recognise a scheme from the digits.
import { describe, expect, it } from 'vitest';
import { CHECKOUT_METHODS, codeMethodOf, methodsKnownAt, PAYMENT_METHODS, PAYMENT_METHODS_VERSION } from './methods';
import { maskCode, schemeOfCode, zPaymentCode } from './schemes';

describe('schemeOfCode', () => {
  it.each([
    ['134567890123456789', 'wechat'],
    ['104567890123456789', 'wechat'],
    ['154567890123456789', 'wechat'],
    ['2845678901234567', 'alipay'], // 16 digits
    ['284567890123456789012345', 'alipay'], // 24 digits
    ['254567890123456789', 'alipay'],
    ['304567890123456789', 'alipay'],
    ['6212345678901234567', 'unionpay'],
    [' 13456789012345 6789\r\n', 'wechat'], // scanner noise: spaces and the Enter
  ])('%s → %s', (code, scheme) => expect(schemeOfCode(code)).toBe(scheme));

  it.each([
    ['164567890123456789', 'WeChat prefix above 15'],
    ['13456789012345678', 'WeChat 17 digits'],
    ['1345678901234567890', 'WeChat 19 digits'],
    ['284567890123456', 'Alipay 15 digits'],
    ['2845678901234567890123456', 'Alipay 25 digits'],
    ['314567890123456789', 'Alipay prefix above 30'],
    ['621234567890123456', 'UnionPay 18 digits'],
    ['6312345678901234567', 'UnionPay prefix 63'],
    ['13456789O123456789', 'a letter O'],
    ['', 'empty'],
  ])('%s is no payment code (%s)', (code) => expect(schemeOfCode(code)).toBeNull());

  it('the wire refuses anything else with a message naming the three patterns', () => {
    const r = zPaymentCode.safeParse('123');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/WeChat 18 digits.*Alipay 16–24.*UnionPay 19/);
    expect(zPaymentCode.parse(' 134567890123456789 ')).toBe('134567890123456789');
  });

  it('masks a code for logs and receipts: prefix and last four digits only', () => {
    expect(maskCode('134567890123456789')).toBe('13************6789');
  });
});

describe('payment methods, declared once and versioned', () => {
  it('version 1 knew cash and member; version 2 adds the codes and static QR codes', () => {
    expect(methodsKnownAt(1)).toEqual(['cash', 'member']);
    expect(methodsKnownAt(PAYMENT_METHODS_VERSION)).toEqual(PAYMENT_METHODS);
    expect(codeMethodOf('wechat')).toBe('wechat_code');
    expect(codeMethodOf('unionpay')).toBe('unionpay_code');
    expect(CHECKOUT_METHODS.every((m) => PAYMENT_METHODS.includes(m))).toBe(true);
  });
});
