import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../shared/limits';
import { memberTopupReady, readMemberTopup } from './memberTopup';
import { tenderAccepted, tenderOf } from './tender';

const MAX = DEFAULT_MEMBER_TOPUP_MAX_FEN;

describe('the member top-up form', () => {
  it('refuses more than the outlet maximum as too large, not as "not an amount"', () => {
    expect(readMemberTopup('5000.01', '', MAX)).toEqual({ kind: 'tooLarge', maxFen: MAX });
    expect(readMemberTopup('99999999', '', MAX)).toEqual({ kind: 'tooLarge', maxFen: MAX });
    expect(readMemberTopup('12.345', '', MAX)).toEqual({ kind: 'format' });
    expect(readMemberTopup('0', '', MAX)).toEqual({ kind: 'format' });
    expect(readMemberTopup('', '', MAX)).toEqual({ kind: 'empty' });
  });

  it('asks to confirm above ¥1,000 and for large cash; ¥1,000 itself goes straight on', () => {
    const at = readMemberTopup('1000', '', MAX);
    expect(at).toMatchObject({ kind: 'amount', amount: 100_000, confirm: [] });
    expect(memberTopupReady(at, false)).toBe(true);
    const above = readMemberTopup('1000.01', '1100', MAX);
    expect(above).toMatchObject({ kind: 'amount', confirm: ['amount'], tender: { kind: 'ok', change: 9_999 } });
    expect(memberTopupReady(above, false)).toBe(false);
    expect(memberTopupReady(above, true)).toBe(true);
    const cash = readMemberTopup('100', '20000', MAX);
    expect(cash).toMatchObject({ confirm: ['tender'] });
    expect(memberTopupReady(readMemberTopup('100', '50', MAX), true)).toBe(false); // short
  });

  it('reads cash the same way as every cash form', () => {
    expect(tenderOf('', 500 as never)).toEqual({ kind: 'ok', tendered: 500, change: 0 });
    expect(tenderOf('100000.01', 500 as never)).toEqual({ kind: 'tooLarge' });
    expect(tenderAccepted(tenderOf('10001', 1_000_000 as never), false)).toBe(false);
    expect(tenderAccepted(tenderOf('10001', 1_000_000 as never), true)).toBe(true);
  });
});
