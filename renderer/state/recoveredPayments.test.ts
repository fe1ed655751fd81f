import { describe, expect, it } from 'vitest';
import { fen } from '../../shared/money';
import { recoveredLine, unacknowledged, type Recovered } from './recoveredPayments';

const r = (over: Partial<Recovered>): Recovered => ({
  tenderId: 't1',
  outcome: 'sold',
  total: fen(1200),
  orderNumber: 'A-0007',
  reversed: fen(0),
  at: 1,
  ...over,
});

describe('payments resolved at start, as the cashier reads them', () => {
  it('a sale completed at restart names its receipt number', () => {
    expect(recoveredLine(r({}))).toEqual({ key: 'pay.recoveredSold', values: { total: 1200, number: 'A-0007' } });
  });
  it('an abandoned payment says how much went back to the customer, or that nothing was charged', () => {
    expect(recoveredLine(r({ outcome: 'abandoned', orderNumber: null, reversed: fen(500) }))).toEqual({
      key: 'pay.recoveredReversed',
      values: { total: 1200, reversed: 500 },
    });
    expect(recoveredLine(r({ outcome: 'abandoned', orderNumber: null }))).toEqual({
      key: 'pay.recoveredNothing',
      values: { total: 1200 },
    });
  });
  it('lists only what the cashier has not acknowledged, newest first', () => {
    const all = [r({ tenderId: 'a', at: 1 }), r({ tenderId: 'b', at: 3 }), r({ tenderId: 'c', at: 2 })];
    expect(unacknowledged(all, new Set(['c'])).map((x) => x.tenderId)).toEqual(['b', 'a']);
    expect(unacknowledged(all, new Set(['a', 'b', 'c']))).toEqual([]);
  });
});
