import { describe, expect, it } from 'vitest';
import type { CompletedOrder, TenderPart, TenderView } from '../../shared/api/contract';
import type { Fen } from '../../shared/money';
import {
  codePhase,
  codeWaiting,
  INITIAL_PAY,
  paidSoFar,
  partState,
  payReducer,
  paymentCodeOf,
  soldOrder,
  type PayAction,
  type PayState,
} from './payFlow';

const f = (n: number) => n as Fen;
const part = (over: Partial<TenderPart> = {}): TenderPart => ({
  id: 'p1',
  method: 'wechat_code',
  amount: f(500),
  status: 'waiting',
  customerConfirming: false,
  codeMasked: '13************0000',
  confirmedBy: null,
  ...over,
});
const tender = (over: Partial<TenderView> = {}): TenderView => ({
  id: 't1',
  status: 'open',
  total: f(1_200),
  paid: f(0),
  waiting: f(500),
  remaining: f(700),
  parts: [part()],
  failure: null,
  commitError: null,
  completed: null,
  ...over,
});
const run = (...actions: PayAction[]): PayState => actions.reduce(payReducer, INITIAL_PAY);
const order = { id: 'o1', number: 'A-1', total: 1_200 } as CompletedOrder;

describe('payFlow: the counter following the backend tender', () => {
  it('tells payment codes from product barcodes and text', () => {
    expect(paymentCodeOf('134567890123450000')).toEqual({ code: '134567890123450000', scheme: 'wechat' });
    expect(paymentCodeOf(' 2876 5432 1012 3400 00 ')).toMatchObject({ scheme: 'alipay' });
    expect(paymentCodeOf('6223456789012340000')).toMatchObject({ scheme: 'unionpay' });
    for (const text of ['6901234567890', '690123456789', 'nfsq', '99123456789012345678', '', '1345678901234500'])
      expect(paymentCodeOf(text), text).toBeNull();
  });

  it('walks sending → waiting → confirm on the phone → paid, cash waiting until the code is answered', () => {
    let s = run({ type: 'sending', paymentId: 'p1' });
    expect(codePhase(s)).toBe('sending');
    expect(codeWaiting(s)).toBe(true);
    s = payReducer(s, { type: 'sent', tender: tender() });
    expect(codePhase(s)).toBe('waiting');
    // a waiting code is NOT paid: the screen still owes the whole total, and cash waits
    expect(paidSoFar(s)).toEqual({ paid: 0, waiting: 500 });
    s = payReducer(s, { type: 'tender', tender: tender({ parts: [part({ customerConfirming: true })] }) });
    expect(codePhase(s)).toBe('confirmOnPhone');
    expect(partState(s.tender!.parts[0]!)).toBe('confirmOnPhone');
    s = payReducer(s, {
      type: 'tender',
      tender: tender({ paid: f(500), waiting: f(0), parts: [part({ status: 'done' })] }),
    });
    expect(codePhase(s)).toBe('idle');
    expect(codeWaiting(s)).toBe(false);
    expect(paidSoFar(s)).toEqual({ paid: 500, waiting: 0 });
  });

  it('takes a sale the backend committed by itself once, even when a poll brings it back', () => {
    const sold = tender({ status: 'sold', paid: f(1_200), waiting: f(0), remaining: f(0), completed: order });
    let s = run({ type: 'tender', tender: sold });
    expect(soldOrder(s)).toEqual({ tenderId: 't1', order });
    s = payReducer(s, { type: 'takenSold', tenderId: 't1' });
    expect(soldOrder(s)).toBeNull();
    s = payReducer(payReducer(s, { type: 'next' }), { type: 'tender', tender: sold });
    expect(soldOrder(s)).toBeNull();
    // the sold tender's parts are not "paid so far" of the next sale
    expect(paidSoFar(s)).toEqual({ paid: 0, waiting: 0 });
  });

  it('shows a failed code with its reason once; the next scan or the next sale clears it', () => {
    const failure = {
      method: 'wechat_code' as const,
      amount: f(1_200),
      reason: 'insufficient_balance' as const,
      message: '余额不足',
    };
    const failed = tender({ status: 'abandoned', parts: [], waiting: f(0), remaining: f(1_200), failure });
    let s = run(
      { type: 'sending', paymentId: 'p1' },
      { type: 'sent', tender: tender() },
      { type: 'tender', tender: failed },
    );
    expect(codePhase(s)).toBe('failed');
    expect(s.failure?.reason).toBe('insufficient_balance');
    s = payReducer(s, { type: 'next' });
    expect(codePhase(s)).toBe('idle');
    s = payReducer(s, { type: 'tender', tender: failed }); // the backend's "last" tender, polled again
    expect(codePhase(s)).toBe('idle');
    s = payReducer(s, { type: 'sending', paymentId: 'p2' });
    expect(s.failure).toBeNull();
  });

  it('Esc on a waiting code: cancelling, then "reversed, not charged"; a refusal is said in words', () => {
    let s = run({ type: 'sent', tender: tender() }, { type: 'cancelling' });
    expect(codePhase(s)).toBe('cancelling');
    s = payReducer(s, { type: 'cancelled', tender: null });
    expect(codePhase(s)).toBe('reversed');
    expect(codeWaiting(s)).toBe(false);
    s = payReducer(s, { type: 'sending', paymentId: 'p2' });
    s = payReducer(s, { type: 'refused', text: '当前无法连接云端' });
    expect(s.error).toBe('当前无法连接云端');
    expect(s.reversed).toBe(false);
    expect(codePhase(s)).toBe('idle');
  });

  it('asks the cashier to confirm a static code before taking it', () => {
    let s = run({ type: 'askStatic', method: 'alipay_static', amount: f(700) });
    expect(s.staticAsk).toEqual({ method: 'alipay_static', amount: 700 });
    s = payReducer(s, { type: 'staticDone' });
    expect(s.staticAsk).toBeNull();
  });
});
