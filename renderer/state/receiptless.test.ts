import { describe, expect, it } from 'vitest';
import { fen } from '../../shared/money';
import { receiptless, receiptlessInput, receiptlessStart, type ReceiptlessEvent } from './receiptless';

const water = { id: 'p-water', name: '农夫山泉 550ml', sku: 'P1', price: fen(200) };
const cola = { id: 'p-cola', name: '可口可乐 330ml', sku: 'P2', price: fen(350) };
const run = (...events: ReceiptlessEvent[]) => events.reduce(receiptless, receiptlessStart);

describe('无单退货 form', () => {
  it('a scanned product is one line at the shelf price; the same one again is one more', () => {
    const s = run({ type: 'add', item: water }, { type: 'add', item: cola }, { type: 'add', item: water });
    expect(s.lines.map((l) => [l.productId, l.qtyText])).toEqual([
      ['p-water', '2'],
      ['p-cola', '1'],
    ]);
    expect(receiptlessInput(s)).toEqual({
      ok: true,
      lines: [
        { productId: 'p-water', qty: 2, amount: 400 },
        { productId: 'p-cola', qty: 1, amount: 350 },
      ],
      total: 750,
    });
  });

  it('a typed amount wins over price × quantity (a promotion price); emptied, it follows the price again', () => {
    let s = run({ type: 'add', item: water }, { type: 'qty', productId: 'p-water', text: '３' });
    s = receiptless(s, { type: 'amount', productId: 'p-water', text: '５．５' });
    expect(receiptlessInput(s)).toMatchObject({ ok: true, total: 550, lines: [{ qty: 3, amount: 550 }] });
    s = receiptless(s, { type: 'amount', productId: 'p-water', text: ' ' });
    expect(receiptlessInput(s)).toMatchObject({ ok: true, total: 600 });
  });

  it('names the first problem and sends nothing: empty, a bad quantity, a bad amount, nothing given back', () => {
    expect(receiptlessInput(receiptlessStart)).toEqual({ ok: false, problem: 'empty' });
    for (const text of ['0', '', 'abc', '1.5', '10000', '-1'])
      expect(receiptlessInput(run({ type: 'add', item: water }, { type: 'qty', productId: 'p-water', text }))).toEqual({
        ok: false,
        problem: 'qty',
        productId: 'p-water',
      });
    for (const text of ['abc', '1.234', '-2'])
      expect(
        receiptlessInput(run({ type: 'add', item: water }, { type: 'amount', productId: 'p-water', text })),
      ).toEqual({ ok: false, problem: 'amount', productId: 'p-water' });
    expect(
      receiptlessInput(run({ type: 'add', item: water }, { type: 'amount', productId: 'p-water', text: '0' })),
    ).toEqual({ ok: false, problem: 'zero' });
  });

  it('a line can be removed; clear starts the next customer afresh; the reason is kept until then', () => {
    let s = run({ type: 'add', item: water }, { type: 'add', item: cola }, { type: 'reason', reason: 'wrong_item' });
    s = receiptless(s, { type: 'remove', productId: 'p-water' });
    expect(s.lines.map((l) => l.productId)).toEqual(['p-cola']);
    expect(s.reason).toBe('wrong_item');
    expect(receiptless(s, { type: 'clear' })).toEqual(receiptlessStart);
  });

  it('a bad quantity is not counted up by scanning again (the cashier fixes it first)', () => {
    const s = run(
      { type: 'add', item: water },
      { type: 'qty', productId: 'p-water', text: 'x' },
      { type: 'add', item: water },
    );
    expect(s.lines[0]!.qtyText).toBe('x');
  });
});
