// Runtime: Node. The shared rule of what a receipt printer prints (shared/input.ts) against the encoder the
// printer is really fed through: every allowed character is one or two GB18030 bytes (the printer font's
// range) and comes back unchanged; emoji are four-byte sequences the printer shows as boxes, and refused.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SALES_METHODS } from '../../../shared/api/sales-methods';
import { PRINTABLE_RANGES, printsOnReceipt } from '../../../shared/input';

describe('what a receipt printer prints', () => {
  it('every allowed character is one or two GB18030 bytes that decode back to it', () => {
    let checked = 0;
    for (const [from, to] of PRINTABLE_RANGES)
      for (let cp = from; cp <= to; cp++) {
        const ch = String.fromCodePoint(cp);
        const bytes = iconv.encode(ch, 'gb18030');
        if (bytes.length > 2 || iconv.decode(bytes, 'gb18030') !== ch) throw new Error(`U+${cp.toString(16)}`);
        checked++;
      }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('emoji and symbols outside the printer font are refused, and a seat with one is a validation error', () => {
    for (const s of ['A😀', '☕3', '包间❤', 'A\u200d1']) {
      expect(printsOnReceipt(s)).toBe(false);
      expect(iconv.encode(s, 'gb18030').length).toBeGreaterThan(Array.from(s).length + 1);
    }
    expect(printsOnReceipt('包间3·A')).toBe(true);
    const checkout = SALES_METHODS['sale.checkout'].input;
    const r = checkout.safeParse({ tendered: 1000, seat: 'A😀' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['seat']);
  });
});
