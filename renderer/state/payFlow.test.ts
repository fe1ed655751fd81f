import { describe, expect, it } from 'vitest';
import type { TenderView } from '../../shared/api/contract';
import { codeWaiting, dueOf, partState, paymentCodeOf } from './payFlow';

const part = (over: Partial<TenderView['parts'][number]> = {}): TenderView['parts'][number] => ({
  id: 'p1',
  method: 'wechat_code',
  amount: 500 as never,
  status: 'waiting',
  customerConfirming: false,
  codeMasked: '13****0000',
  confirmedBy: null,
  ...over,
});
const tender = (over: Partial<TenderView> = {}): TenderView => ({
  id: 't1',
  status: 'open',
  total: 1_200 as never,
  paid: 0 as never,
  waiting: 500 as never,
  remaining: 700 as never,
  parts: [part()],
  failure: null,
  commitError: null,
  completed: null,
  ...over,
});

describe('payFlow', () => {
  it('tells payment codes from product barcodes and text', () => {
    expect(paymentCodeOf('134567890123450000')).toEqual({ code: '134567890123450000', scheme: 'wechat' });
    expect(paymentCodeOf(' 2876 5432 1012 3400 00 ')).toMatchObject({ scheme: 'alipay' });
    expect(paymentCodeOf('6227001234567890123')).toMatchObject({ scheme: 'unionpay' });
    for (const text of ['6901234567890', '690123456789', 'nfsq', '99123456789012345678', ''])
      expect(paymentCodeOf(text), text).toBeNull();
  });

  it('shows each part as taken, waiting, or waiting for the password on the phone', () => {
    expect(partState(part())).toBe('waiting');
    expect(partState(part({ customerConfirming: true }))).toBe('confirmOnPhone');
    expect(partState(part({ status: 'done' }))).toBe('done');
  });

  it('cash covers what the open tender leaves; a closed tender leaves the cart total', () => {
    expect(dueOf(1_200, null)).toBe(1_200);
    expect(dueOf(1_200, tender())).toBe(700);
    expect(dueOf(1_200, tender({ status: 'abandoned' }))).toBe(1_200);
    expect(codeWaiting(tender())).toBe(true);
    expect(codeWaiting(tender({ parts: [part({ status: 'done' })] }))).toBe(false);
    expect(codeWaiting(null)).toBe(false);
  });
});
