// Runtime: any. Full-width (IME) digits and letters are their ASCII twins on every side; each refusal has
// its reason.
import { describe, expect, it } from 'vitest';
import { MEMBER_METHODS } from './api/member-methods';
import { checkAccount, checkMobile, halfWidth, zAccountNumber, zMobile } from './input';
import { zVirtualSubmitRequest } from './sync/protocol';

describe('phone and account input', () => {
  it('makes full-width digits, letters and the ideographic space ASCII, and nothing else', () => {
    expect(halfWidth('１３８００１３８０００')).toBe('13800138000');
    expect(halfWidth('ＡＢｃ１２３　－')).toBe('ABc123 -');
    expect(halfWidth('张三 A23')).toBe('张三 A23');
  });

  it('a typed mobile number: its digits and what is wrong with it', () => {
    expect(checkMobile('１３８ ００１３ ８０００')).toEqual({ digits: '13800138000', problem: null });
    expect(checkMobile('138-0013-8000')).toEqual({ digits: '13800138000', problem: null });
    expect(checkMobile('')).toEqual({ digits: '', problem: null });
    expect(checkMobile('1380013800o')).toEqual({ digits: '1380013800', problem: 'letter' });
    expect(checkMobile('13800')).toEqual({ digits: '13800', problem: 'short' });
    expect(checkMobile('138001380001')).toEqual({ digits: '138001380001', problem: 'long' });
    expect(checkMobile('23800138000')).toEqual({ digits: '23800138000', problem: 'notMobile' });
  });

  it('a typed account number', () => {
    expect(checkAccount(' ＡＢ１２３４５ ')).toEqual({ account: 'AB12345', problem: null });
    expect(checkAccount('AB-12345').problem).toBe('symbol');
    expect(checkAccount('1234').problem).toBe('short');
    expect(checkAccount('1'.repeat(31)).problem).toBe('long');
  });

  it('the wire takes full-width input as ASCII (the backend and the cloud agree with the screen)', () => {
    expect(zMobile.parse('１３８００１３８０００')).toBe('13800138000');
    expect(zMobile.safeParse('1380013800o').success).toBe(false);
    expect(zAccountNumber.parse('ＡＢ１２３４５')).toBe('AB12345');
    const req = zVirtualSubmitRequest.parse({
      clientOrderId: '0190f5e0-0000-7000-8000-000000000001',
      productId: '0190f5e0-0000-7000-8000-000000000002',
      phone: '１３８００１３８０００',
    });
    expect(req.phone).toBe('13800138000');
    const create = MEMBER_METHODS['member.create'].input;
    expect(create.parse({ cardNo: 'ＮＢ９００１', name: '赵六', phone: '１３６００００２２２２' })).toMatchObject({
      cardNo: 'NB9001',
      phone: '13600002222',
    });
    expect(MEMBER_METHODS['member.find'].input.parse({ query: ' ＶＩＰ９００１ ' })).toEqual({ query: 'VIP9001' });
  });
});
