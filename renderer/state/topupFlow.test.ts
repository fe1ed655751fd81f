import { describe, expect, it } from 'vitest';
import type { Fen } from '../../shared/money';
import {
  billAmount,
  canConfirm,
  canSubmit,
  dueOf,
  INITIAL_TOPUP,
  submitFields,
  tenderOf,
  topupReducer,
  type TopupAction,
  type TopupFlow,
  type TopupProduct,
} from './topupFlow';

const CMCC100: TopupProduct = {
  id: 'p100',
  name: '中国移动 话费充值 100元',
  faceValue: 10_000 as Fen,
  price: 10_000 as Fen,
};
const POWER100: TopupProduct = { id: 'b100', name: '上海电费 100元', faceValue: 10_000 as Fen, price: 10_000 as Fen };
const CARD: TopupProduct = { id: 'c1', name: '腾讯Q币 30元', faceValue: 3_000 as Fen, price: 3_000 as Fen };
const run = (actions: TopupAction[], from: TopupFlow = INITIAL_TOPUP) => actions.reduce(topupReducer, from);
const CID = '0190f000-0000-7000-8000-0000000000aa';

describe('the top-up panel flow', () => {
  it('pick → confirm → status, one clientOrderId kept across a failed submit', () => {
    let s = run([
      { type: 'phone', phone: '138 0013 8000' },
      { type: 'choose', product: CMCC100 },
    ]);
    expect(canConfirm(s, false)).toBe(true);
    expect(canConfirm(s, true)).toBe(false); // offline: never
    s = run(
      [
        { type: 'toConfirm', clientOrderId: CID },
        { type: 'tender', text: '120' },
      ],
      s,
    );
    expect(tenderOf(s.tenderText, dueOf(s)!)).toEqual({ kind: 'ok', tendered: 12_000, change: 2_000 });
    expect(canSubmit(s, false)).toBe(true);
    s = run([{ type: 'submitting' }, { type: 'failed', error: '网络断了' }], s);
    expect(s.step).toEqual({ kind: 'confirm', clientOrderId: CID, largeConfirmed: false });
    expect(s.error).toBe('网络断了');
    s = run([{ type: 'submitting' }, { type: 'submitted', orderId: 'o1', paid: 12_000 as Fen }], s);
    expect(s.step).toEqual({ kind: 'status', orderId: 'o1', paid: 12_000 });
    expect(submitFields(s)).toEqual({ phone: '13800138000' });
  });

  it('"next customer" starts over (keeping the tab), whatever the order is doing', () => {
    const s = run([
      { type: 'mode', mode: 'card' },
      { type: 'choose', product: CARD },
      { type: 'toConfirm', clientOrderId: CID },
      { type: 'submitted', orderId: 'o1', paid: 3_000 as Fen },
      { type: 'next' },
    ]);
    expect(s).toEqual({ ...INITIAL_TOPUP, mode: 'card' });
  });

  it('a phone number change drops the chosen face value; a second toConfirm does not mint a new id', () => {
    let s = run([
      { type: 'phone', phone: '13800138000' },
      { type: 'choose', product: CMCC100 },
      { type: 'phone', phone: '1390' },
    ]);
    expect(s.chosen).toBeNull();
    s = run(
      [
        { type: 'choose', product: CMCC100 },
        { type: 'phone', phone: '13900139000' },
        { type: 'choose', product: CMCC100 },
      ],
      s,
    );
    s = run(
      [
        { type: 'toConfirm', clientOrderId: CID },
        { type: 'toConfirm', clientOrderId: 'other' },
      ],
      s,
    );
    expect(s.step).toMatchObject({ clientOrderId: CID });
  });

  it('a phone or account typed with a full-width IME is the ASCII one; a letter is no phone', () => {
    let s = run([
      { type: 'phone', phone: '１３８ ００１３ ８０００' },
      { type: 'choose', product: CMCC100 },
    ]);
    expect(canConfirm(s, false)).toBe(true);
    expect(submitFields(s)).toEqual({ phone: '13800138000' });
    s = run(
      [
        { type: 'phone', phone: '1380013800o' },
        { type: 'choose', product: CMCC100 },
      ],
      s,
    );
    expect(canConfirm(s, false)).toBe(false);
    s = run([
      { type: 'mode', mode: 'bill' },
      { type: 'biller', biller: '国网上海市电力公司' },
      { type: 'account', account: '３１００１２３４５６' },
      { type: 'choose', product: POWER100 },
    ]);
    expect(canConfirm(s, false)).toBe(true);
    expect(submitFields(s)).toEqual({ account: '3100123456' });
  });

  it('a bill takes any amount in range, priced at its biller rate; the buttons only prefill it', () => {
    let s = run([
      { type: 'mode', mode: 'bill' },
      { type: 'biller', biller: '国网上海市电力公司' },
      { type: 'account', account: '3100123456' },
    ]);
    s = run([{ type: 'choose', product: POWER100 }], s);
    expect(s.billAmountText).toBe('100.00');
    expect(submitFields(s)).toEqual({ account: '3100123456' }); // the product's own amount: no `amount` field
    s = run([{ type: 'billAmount', text: '87.35', base: POWER100 }], s);
    expect(billAmount(s)).toEqual({ ok: true, fen: 8_735 });
    expect(dueOf(s)).toBe(8_735);
    expect(canConfirm(s, false)).toBe(true);
    expect(submitFields(s)).toEqual({ account: '3100123456', amount: 8_735 });
    expect(billAmount(run([{ type: 'billAmount', text: '0.5', base: POWER100 }], s))).toEqual({
      ok: false,
      reason: 'tooSmall',
    });
    expect(billAmount(run([{ type: 'billAmount', text: '5000.01', base: POWER100 }], s))).toEqual({
      ok: false,
      reason: 'tooLarge',
    });
    expect(billAmount(run([{ type: 'billAmount', text: '8o', base: POWER100 }], s))).toEqual({
      ok: false,
      reason: 'format',
    });
    expect(canConfirm(run([{ type: 'billAmount', text: '', base: POWER100 }], s), false)).toBe(false);
    // a bad account number keeps the bill from going on
    expect(canConfirm(run([{ type: 'account', account: '31-00' }], s), false)).toBe(false);
  });

  it('large cash asks for confirmation; too large and malformed are told apart', () => {
    const due = 10_000 as Fen;
    expect(tenderOf('', due)).toEqual({ kind: 'ok', tendered: 10_000, change: 0 });
    expect(tenderOf('50', due)).toEqual({ kind: 'short', tendered: 5_000 });
    expect(tenderOf('10001', due).kind).toBe('confirm'); // above ¥10,000
    expect(tenderOf('5001', 1_000 as Fen).kind).toBe('confirm'); // above 50× ¥10
    expect(tenderOf('500', 1_000 as Fen).kind).toBe('ok');
    expect(tenderOf('100001', due)).toEqual({ kind: 'tooLarge' });
    expect(tenderOf('99999999999', due)).toEqual({ kind: 'tooLarge' });
    expect(tenderOf('12.345', due)).toEqual({ kind: 'format' });
    expect(tenderOf('abc', due)).toEqual({ kind: 'format' });

    let s = run([
      { type: 'mode', mode: 'card' },
      { type: 'choose', product: CARD },
      { type: 'toConfirm', clientOrderId: CID },
      { type: 'tender', text: '20000' },
    ]);
    expect(canSubmit(s, false)).toBe(false);
    s = run([{ type: 'confirmLarge' }], s);
    expect(canSubmit(s, false)).toBe(true);
    s = run([{ type: 'tender', text: '30000' }], s); // a new amount needs a new confirmation
    expect(canSubmit(s, false)).toBe(false);
  });
});
