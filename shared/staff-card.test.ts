import { describe, expect, it } from 'vitest';
import { cardHint, checkStaffCard, zStaffCard } from './staff-card';

describe('staff card numbers', () => {
  it('one canonical form: full-width made ASCII, trimmed, upper-case (Caps Lock does not change a card)', () => {
    expect(checkStaffCard(' ａｂ１２３４５６７ ')).toEqual({ card: 'AB1234567', problem: null });
    expect(zStaffCard.parse('ab1234567')).toBe('AB1234567');
    expect(cardHint('ab1234567')).toBe('4567');
  });

  it('says what is wrong: a symbol, too short, too long; the wire refuses the same', () => {
    expect(checkStaffCard('1234-5678').problem).toBe('symbol');
    expect(checkStaffCard('1234567').problem).toBe('short');
    expect(checkStaffCard('1'.repeat(33)).problem).toBe('long');
    expect(checkStaffCard('').problem).toBeNull();
    for (const bad of ['1234-5678', '1234567', '1'.repeat(33), '卡12345678'])
      expect(zStaffCard.safeParse(bad).success, bad).toBe(false);
  });
});
