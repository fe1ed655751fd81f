import { describe, expect, it } from 'vitest';
import { priceNeedsConfirm } from './limits';

describe('prices that ask for confirmation', () => {
  it('¥0 and above ¥100,000 ask; everything between does not', () => {
    expect(priceNeedsConfirm(0)).toBe('free');
    expect(priceNeedsConfirm(1)).toBeNull();
    expect(priceNeedsConfirm(10_000_000)).toBeNull();
    expect(priceNeedsConfirm(10_000_001)).toBe('high');
  });
});
