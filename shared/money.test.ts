import { describe, expect, it } from 'vitest';
import { addFen, fen, formatFen, mulFen, parseYuan, zFen } from './money';

describe('money in fen', () => {
  it('parses what a cashier types without floating point', () => {
    expect(parseYuan('12')).toBe(1200);
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('12.05')).toBe(1205);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseYuan('¥1,234.56')).toBe(123456);
    expect(parseYuan('￥ 3.')).toBe(300);
    // 0.29 * 100 is 28.999999999999996 in floating point: parsing must not go through it
    expect(parseYuan('0.29')).toBe(29);
  });

  it('reads what a Chinese IME types for the same keys: full-width digits, ．/。 as the point, 元 after', () => {
    expect(parseYuan('１００')).toBe(10000);
    expect(parseYuan('１２．５')).toBe(1250);
    expect(parseYuan('12。5')).toBe(1250);
    expect(parseYuan('１，２３４．５６')).toBe(123456);
    expect(parseYuan('￥５０')).toBe(5000);
    expect(parseYuan('50元')).toBe(5000);
    expect(parseYuan('　２０　')).toBe(2000);
    for (const bad of ['１２。。５', '－１', '元', '５元５']) expect(parseYuan(bad)).toBeNull();
  });

  it('rejects anything that is not a plain amount', () => {
    for (const bad of ['', 'abc', '-1', '1.234', '1e3', '12..5', ' . ', '9999999999'])
      expect(parseYuan(bad)).toBeNull();
  });

  it('formats as ¥ with fen precision', () => {
    expect(formatFen(fen(1250))).toBe('¥12.50');
    expect(formatFen(fen(0))).toBe('¥0.00');
    expect(formatFen(fen(123456789))).toBe('¥1,234,567.89');
    expect(formatFen(fen(1250), 'en-US')).toBe('CN¥12.50');
  });

  it('keeps arithmetic in safe integers', () => {
    expect(addFen(fen(1), fen(2), fen(3))).toBe(6);
    expect(mulFen(fen(199), 3)).toBe(597);
    expect(() => fen(1.5)).toThrow(RangeError);
    expect(() => mulFen(fen(100), 0.5)).toThrow(RangeError);
  });

  it('bounds amounts at the boundary', () => {
    expect(zFen.safeParse(-1).success).toBe(false);
    expect(zFen.safeParse(1.5).success).toBe(false);
    expect(zFen.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(false);
    expect(zFen.safeParse(100).success).toBe(true);
  });
});
