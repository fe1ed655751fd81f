import { describe, expect, it } from 'vitest';
import type { Cart, CartLine, CatalogItem, CompletedOrder, MemberView } from '../../shared/api/contract';
import type { Fen } from '../../shared/money';
import {
  canPayCash,
  currentLine,
  dueOf,
  INITIAL_SALE,
  looksLikeCode,
  saleReducer,
  saleTender,
  searchText,
  stillDueOf,
  type SaleAction,
  type SaleState,
} from './saleFlow';

const line = (productId: string, qty: number, unitPrice = 200): CartLine => ({
  productId,
  sku: productId.toUpperCase(),
  name: `商品${productId}`,
  unit: '瓶',
  qty,
  unitPrice: unitPrice as Fen,
  lineTotal: (unitPrice * qty) as Fen,
});
const cart = (...lines: CartLine[]): Cart => {
  const total = lines.reduce((a, l) => a + l.lineTotal, 0) as Fen;
  return { lines, itemCount: lines.reduce((a, l) => a + l.qty, 0), subtotal: total, total };
};
const item = (id: string): CatalogItem =>
  ({
    id,
    sku: id,
    barcode: null,
    name: id,
    kind: 'physical',
    unit: '瓶',
    price: 200,
    categoryName: null,
    stock: null,
  }) as CatalogItem;
const run = (actions: SaleAction[], from: SaleState = INITIAL_SALE) => actions.reduce(saleReducer, from);

describe('the sale screen flow', () => {
  it('reads `3*` ahead of a code or a text as a quantity', () => {
    expect(searchText('3*6920702000013')).toEqual({ qty: 3, text: '6920702000013' });
    expect(searchText('12 * 农夫')).toEqual({ qty: 12, text: '农夫' });
    expect(searchText('3*')).toEqual({ qty: 3, text: '' });
    expect(searchText('0*abc')).toEqual({ qty: null, text: '0*abc' });
    expect(searchText('农夫 550')).toEqual({ qty: null, text: '农夫 550' });
    expect(looksLikeCode('6920702')).toBe(true);
    expect(looksLikeCode('nfsq')).toBe(false);
  });

  it('reads a scan typed through a full-width IME as the same keys (６９２０…, ３＊)', () => {
    expect(searchText('６９２０７０２００００１３')).toEqual({ qty: null, text: '6920702000013' });
    expect(searchText('３＊６９２０７０２００００１３')).toEqual({ qty: 3, text: '6920702000013' });
    expect(searchText('２×农夫')).toEqual({ qty: 2, text: '农夫' });
    expect(looksLikeCode(searchText('６９２０７０２').text)).toBe(true);
  });

  it('a text query highlights its first hit (Enter adds it); a stale answer is dropped', () => {
    let s = run([{ type: 'typed', query: '农夫' }]);
    s = run([{ type: 'results', query: '农', items: [item('a')], hasMore: false, preselect: true }], s);
    expect(s.results).toBeNull();
    s = run([{ type: 'results', query: '农夫', items: [item('a'), item('b')], hasMore: true, preselect: true }], s);
    expect(s.selected).toBe(0);
    s = run(
      [
        { type: 'resultMove', by: 1 },
        { type: 'resultMove', by: 5 },
      ],
      s,
    );
    expect(s.selected).toBe(1);
    // the next page: appended, the first new row highlighted
    s = run([{ type: 'moreResults', query: '农夫', items: [item('c')], hasMore: false }], s);
    expect(s.results!.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect([s.selected, s.hasMore]).toEqual([2, false]);
    // typing on drops the highlight: Enter then scans what was typed
    expect(run([{ type: 'typed', query: '农夫山' }], s).selected).toBe(-1);
  });

  it('the cart line highlight follows what was added and moves with the arrows', () => {
    let s = run([{ type: 'cart', cart: cart(line('a', 1), line('b', 2)), added: 'a' }]);
    expect(currentLine(s)?.productId).toBe('a');
    s = run(
      [
        { type: 'lineMove', by: 1 },
        { type: 'lineMove', by: 1 },
      ],
      s,
    );
    expect(currentLine(s)?.productId).toBe('b');
    s = run([{ type: 'lineMove', by: -5 }], s);
    expect(s.line).toBe(0);
    expect(currentLine(run([{ type: 'cart', cart: cart(line('b', 2)) }], s))?.productId).toBe('b');
  });

  it('typing a quantity on a line keeps digits only; a removed line can be put back', () => {
    let s = run([
      { type: 'cart', cart: cart(line('a', 1), line('b', 2)) },
      { type: 'edit', productId: 'b' },
    ]);
    expect(s.editing).toEqual({ productId: 'b', text: '2' });
    s = run([{ type: 'editText', text: '1２a23456' }], s);
    expect(s.editing?.text).toBe('1234');
    s = run([{ type: 'removed', line: line('a', 1), cart: cart(line('b', 2)) }], s);
    expect(s.undo).toEqual({ productId: 'a', qty: 1, name: '商品a' });
    expect(s.editing).toBeNull();
    s = run([{ type: 'undone', cart: cart(line('b', 2), line('a', 1)) }], s);
    expect(s.undo).toBeNull();
  });

  it('cash: large amounts need a confirmation, too large and malformed never pay', () => {
    let s = run([{ type: 'cart', cart: cart(line('a', 1, 500)) }]);
    expect(canPayCash(s)).toBe(true); // empty = exact cash
    s = run([{ type: 'tender', text: '300' }], s); // more than 50 × ¥5.00
    expect(canPayCash(s)).toBe(false);
    s = run([{ type: 'confirmTender' }], s);
    expect(canPayCash(s)).toBe(true);
    s = run([{ type: 'tender', text: '301' }], s); // a new amount asks again
    expect(canPayCash(s)).toBe(false);
    expect(canPayCash(run([{ type: 'tender', text: '200000' }, { type: 'confirmTender' }], s))).toBe(false);
    expect(canPayCash(run([{ type: 'tender', text: '5.001' }], s))).toBe(false);
    expect(canPayCash(run([{ type: 'tender', text: '4' }], s))).toBe(false);
  });

  it('a member’s discount comes off what is due; paying clears the sale, next customer the member', () => {
    const member = { id: 'm', discountBps: 9_000, balance: 10_000 } as MemberView;
    let s = run([
      { type: 'cart', cart: cart(line('a', 5, 200)) },
      { type: 'member', member },
      { type: 'seat', seat: 'A1' },
    ]);
    expect(dueOf(s)).toBe(900);
    // once the backend has priced the member onto the cart, its total is what is due (never twice off)
    const priced = {
      ...cart(line('a', 5, 200)),
      total: 900 as Fen,
      memberDiscount: 100 as Fen,
      member: { id: 'm', name: '', discountBps: 9_000 },
    };
    expect(dueOf(run([{ type: 'cart', cart: priced }], s))).toBe(900);
    const order = { id: 'o', total: 900 } as CompletedOrder;
    s = run([{ type: 'paying' }, { type: 'paid', order, cart: cart(), memberBalance: 9_100 }], s);
    expect([s.completed, s.seat, s.member?.balance, s.paying]).toEqual([order, '', 9_100, false]);
    expect(canPayCash(s)).toBe(false);
    s = run([{ type: 'next' }], s);
    expect([s.completed, s.member]).toEqual([null, null]);
    // typing the next code leaves the receipt too
    const again = run(
      [
        { type: 'paid', order, cart: cart() },
        { type: 'typed', query: '6' },
      ],
      s,
    );
    expect(again.completed).toBeNull();
  });

  it('a split tender: cash covers what the parts left; a payment code still waiting is not paid and holds cash back', () => {
    let s = run([{ type: 'cart', cart: cart(line('a', 6, 200)) }]); // ¥12.00
    s = run([{ type: 'parts', paid: 0 as Fen, waiting: 500 as Fen }], s);
    expect(stillDueOf(s)).toBe(1_200); // the old screen showed 应收 ¥0.00 here
    expect(canPayCash(s)).toBe(false);
    s = run([{ type: 'parts', paid: 500 as Fen, waiting: 0 as Fen }], s); // the code paid ¥5.00
    expect(stillDueOf(s)).toBe(700);
    expect(saleTender(s)).toEqual({ kind: 'ok', tendered: 700, change: 0 });
    s = run([{ type: 'tender', text: '10' }], s);
    expect(saleTender(s)).toEqual({ kind: 'ok', tendered: 1_000, change: 300 }); // change only from the cash
    expect(canPayCash(s)).toBe(true);
    s = run([{ type: 'tender', text: '5' }], s);
    expect(canPayCash(s)).toBe(false); // ¥5.00 of cash short of the ¥7.00 left
    s = run([{ type: 'paid', order: { id: 'o' } as CompletedOrder, cart: cart() }], s);
    expect(s.parts).toEqual({ paid: 0, waiting: 0 });
  });
});
