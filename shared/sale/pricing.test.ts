import { describe, expect, it } from 'vitest';
import { memberDiscountFen } from '../api/member-methods';
import {
  beyondLimits,
  parsePercent,
  percentOf,
  priceLine,
  priceOrder,
  PricingError,
  ROUNDING_RULES,
  type Discount,
  type RoundingRule,
} from './pricing';

describe('pricing', () => {
  it('reads a typed percentage as exact basis points, refusing anything else', () => {
    const cases: [string, number | null][] = [
      ['15', 1500],
      [' 12.5 ', 1250],
      ['0.01', 1],
      ['0', 0],
      ['100', 10_000],
      ['100.01', null],
      ['101', null],
      ['12.345', null],
      ['-5', null],
      ['1e2', null],
      ['', null],
      ['８', null],
    ];
    for (const [text, bps] of cases) expect(parsePercent(text), text).toBe(bps);
  });

  it('prices a line: override, then the discount on the overridden amount', () => {
    expect(priceLine({ listPrice: 350, qty: 3 })).toEqual({
      listPrice: 350,
      unitPrice: 350,
      qty: 3,
      discount: 0,
      lineTotal: 1050,
    });
    expect(priceLine({ listPrice: 350, qty: 3, adjust: { price: 300 } }).lineTotal).toBe(900);
    expect(
      priceLine({ listPrice: 350, qty: 3, adjust: { price: 300, discount: { kind: 'amount', fen: 50 } } }),
    ).toEqual({ listPrice: 350, unitPrice: 300, qty: 3, discount: 50, lineTotal: 850 });
    // 15 % off ¥3.33 × 1 = 49.95 fen → 49 fen off (never more than promised)
    expect(priceLine({ listPrice: 333, qty: 1, adjust: { discount: { kind: 'percent', bps: 1500 } } }).discount).toBe(
      49,
    );
  });

  it('refuses a line discount larger than the line, and bad amounts, with a typed reason', () => {
    const over = () => priceLine({ listPrice: 100, qty: 2, adjust: { discount: { kind: 'amount', fen: 201 } } }, 4);
    expect(over).toThrow(PricingError);
    try {
      over();
    } catch (e) {
      expect((e as PricingError).reason).toBe('DISCOUNT_EXCEEDS_LINE');
      expect((e as PricingError).lineIndex).toBe(4);
    }
    expect(() =>
      priceLine({ listPrice: 100, qty: 2, adjust: { discount: { kind: 'amount', fen: 200 } } }),
    ).not.toThrow();
    expect(() => priceLine({ listPrice: 1.5, qty: 1 })).toThrow(/list price/);
    expect(() => priceLine({ listPrice: 100, qty: 0 })).toThrow(/quantity/);
    expect(() => priceLine({ listPrice: 100, qty: 1, adjust: { price: -1 } })).toThrow(/unit price/);
  });

  it('抹零 to the jiao and to the yuan, after the member and order discounts', () => {
    const lines = [
      { listPrice: 1299, qty: 1 },
      { listPrice: 350, qty: 2 },
    ]; // ¥19.99
    expect(priceOrder({ lines, rounding: 'none' }).total).toBe(1999);
    const jiao = priceOrder({ lines, rounding: 'jiao' });
    expect([jiao.rounding, jiao.total]).toEqual([9, 1990]);
    const yuan = priceOrder({ lines, rounding: 'yuan' });
    expect([yuan.rounding, yuan.total]).toEqual([99, 1900]);
    // member 95 折 on ¥19.99 = 99.95 → 99 fen off → ¥19.00, then ¥1 off → ¥18.00: nothing left to round
    const all = priceOrder({ lines, memberBps: 9500, orderDiscount: { kind: 'amount', fen: 100 }, rounding: 'yuan' });
    expect(all).toMatchObject({ subtotal: 1999, memberDiscount: 99, orderDiscount: 100, rounding: 0, total: 1800 });
    expect(all.discount).toBe(199);
    expect(all.discretionary).toBe(100);
  });

  it('the member discount is the one members have always had', () => {
    for (const subtotal of [0, 1, 99, 1999, 123_457])
      for (const bps of [0, 5000, 8800, 9500, 9999, 10000])
        expect(
          priceOrder({ lines: subtotal ? [{ listPrice: subtotal, qty: 1 }] : [], memberBps: bps }).memberDiscount,
        ).toBe(memberDiscountFen(subtotal, bps));
  });

  it('counts only price cuts below the list price and the order discount against the employee', () => {
    const p = priceOrder({
      lines: [
        { listPrice: 1000, qty: 1, adjust: { price: 1500 } }, // raised: counts 0, does not offset
        { listPrice: 1000, qty: 2, adjust: { price: 800 } }, // 改价: 400 off
        { listPrice: 500, qty: 1, adjust: { discount: { kind: 'percent', bps: 2000 } } }, // 100 off
      ],
      orderDiscount: { kind: 'amount', fen: 50 },
      memberBps: 9000,
      rounding: 'yuan',
    });
    expect(p.listTotal).toBe(3500);
    expect(p.subtotal).toBe(1500 + 1600 + 400);
    expect(p.discretionary).toBe(400 + 100 + 50);
  });

  it('limits: amount and percent of the list total; nothing given is always within', () => {
    const p = { discretionary: 300, listTotal: 2000 };
    expect(
      beyondLimits({ maxDiscountFen: 0 as never, maxDiscountBps: 0 }, { discretionary: 0, listTotal: 5 }),
    ).toBeNull();
    expect(beyondLimits({ maxDiscountFen: 299 as never, maxDiscountBps: 10000 }, p)).toBe('AMOUNT');
    expect(beyondLimits({ maxDiscountFen: 300 as never, maxDiscountBps: 1500 }, p)).toBeNull(); // 15 % of 2000 = 300
    expect(beyondLimits({ maxDiscountFen: 300 as never, maxDiscountBps: 1499 }, p)).toBe('PERCENT');
  });

  it('an order discount larger than what is left is refused', () => {
    expect(() =>
      priceOrder({ lines: [{ listPrice: 100, qty: 1 }], memberBps: 9000, orderDiscount: { kind: 'amount', fen: 91 } }),
    ).toThrow(/larger than the order/);
    expect(
      priceOrder({ lines: [{ listPrice: 100, qty: 1 }], memberBps: 9000, orderDiscount: { kind: 'amount', fen: 90 } })
        .total,
    ).toBe(0);
  });

  // Exhaustive over small sales: every combination of prices, quantities, overrides, both kinds of discount,
  // member levels and rounding rules keeps the invariants the wire and the drawer rely on.
  it('keeps every invariant over every small case', () => {
    const prices = [0, 1, 9, 10, 99, 101, 1999];
    const qtys = [1, 2, 7];
    const lineDiscounts: (Discount | undefined)[] = [
      undefined,
      { kind: 'percent', bps: 1 },
      { kind: 'percent', bps: 3333 },
      { kind: 'percent', bps: 10000 },
      { kind: 'amount', fen: 1 },
      { kind: 'amount', fen: 150 },
    ];
    const overrides = [undefined, 0, 55];
    const orderDiscounts: (Discount | undefined)[] = [
      undefined,
      { kind: 'percent', bps: 500 },
      { kind: 'amount', fen: 7 },
      { kind: 'amount', fen: 1000 },
    ];
    let cases = 0;
    for (const listPrice of prices)
      for (const qty of qtys)
        for (const discount of lineDiscounts)
          for (const price of overrides)
            for (const orderDiscount of orderDiscounts)
              for (const memberBps of [10000, 9500, 0])
                for (const rounding of ROUNDING_RULES as readonly RoundingRule[]) {
                  const line = { listPrice, qty, adjust: { price, discount } };
                  const gross = (price ?? listPrice) * qty;
                  if (discount?.kind === 'amount' && discount.fen > gross) {
                    expect(() => priceLine(line)).toThrow(PricingError);
                    continue;
                  }
                  const other = { listPrice: 250, qty: 1 };
                  let p;
                  try {
                    p = priceOrder({ lines: [line, other], memberBps, orderDiscount, rounding });
                  } catch (e) {
                    expect((e as PricingError).reason).toBe('DISCOUNT_EXCEEDS_ORDER');
                    continue;
                  }
                  cases++;
                  const amounts = [p.subtotal, p.memberDiscount, p.orderDiscount, p.rounding, p.total, p.discretionary];
                  for (const a of amounts) expect(Number.isSafeInteger(a) && a >= 0).toBe(true);
                  for (const l of p.lines) {
                    expect(l.lineTotal).toBe(l.unitPrice * l.qty - l.discount);
                    expect(l.discount).toBeLessThanOrEqual(l.unitPrice * l.qty);
                  }
                  expect(p.subtotal).toBe(p.lines.reduce((s, l) => s + l.lineTotal, 0));
                  expect(p.total).toBe(p.subtotal - p.discount);
                  expect(p.discount).toBe(p.memberDiscount + p.orderDiscount + p.rounding);
                  expect(p.memberDiscount).toBe(percentOf(p.subtotal, 10000 - memberBps));
                  const unit = rounding === 'yuan' ? 100 : rounding === 'jiao' ? 10 : 1;
                  expect(p.rounding).toBeLessThan(unit);
                  expect(p.total % unit).toBe(0);
                  if (discount?.kind === 'percent')
                    expect(p.lines[0]!.discount).toBe(Math.floor((gross * discount.bps) / 10000));
                }
    expect(cases).toBeGreaterThan(5000);
  });
});
