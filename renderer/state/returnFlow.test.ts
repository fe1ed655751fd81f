import { describe, expect, it } from 'vitest';
import type { ReturnView } from '../../shared/api/contract';
import type { Fen } from '../../shared/money';
import { pollTarget, refundLines, refusalWords, returnFlow, type ReturnFlow } from './returnFlow';

const view = (refunds: ReturnView['refunds']): ReturnView => ({
  id: '01900000-0000-7000-8000-000000000001',
  number: 'T20261203-0001',
  createdAt: 0,
  reason: 'defective',
  total: refunds.reduce((s, r) => s + r.amount, 0) as Fen,
  lines: [],
  refunds,
  employeeName: null,
  supervisorName: null,
});
const processing = view([{ method: 'wechat_code', amount: 500 as Fen, status: 'pending', failure: null }]);
const refunded = view([{ method: 'wechat_code', amount: 500 as Fen, status: 'succeeded', failure: null }]);
const waitingError = { code: 'REFUND_WAITING', message: '', details: { returnId: 'r1' } };
const refused = { code: 'REFUND_FAILED', message: '', details: { reason: 'REFUND_REFUSED', failure: 'x' } };

describe('a return at the history dialog', () => {
  it('asking → done; a code part still processing is polled until refunded, then polling stops', () => {
    let s: ReturnFlow = returnFlow({ kind: 'idle' }, { type: 'submit', toCode: true });
    expect(s).toEqual({ kind: 'asking', toCode: true });
    s = returnFlow(s, { type: 'answer', ret: processing });
    expect(pollTarget(s)).toBe(processing.id);
    // a poll that fails (offline) changes nothing
    expect(returnFlow(s, { type: 'polled', error: { code: 'OFFLINE' } })).toBe(s);
    s = returnFlow(s, { type: 'polled', ret: refunded });
    expect(pollTarget(s)).toBeNull();
  });

  it('a lost answer waits (and is asked about) until the return commits or is refused', () => {
    const waiting = returnFlow({ kind: 'asking', toCode: true }, { type: 'error', error: waitingError });
    expect(waiting).toEqual({ kind: 'waiting', returnId: 'r1' });
    expect(pollTarget(waiting)).toBe('r1');
    // a second press while waiting does not start another return
    expect(returnFlow(waiting, { type: 'submit', toCode: true })).toBe(waiting);
    expect(returnFlow(waiting, { type: 'polled', error: waitingError })).toBe(waiting);
    expect(returnFlow(waiting, { type: 'polled', ret: refunded })).toEqual({ kind: 'done', ret: refunded });
    expect(returnFlow(waiting, { type: 'polled', error: refused })).toEqual({ kind: 'failed', error: refused });
  });

  it('a refusal is a failure with its reason; a poll never revives a finished flow', () => {
    const failed = returnFlow({ kind: 'asking', toCode: true }, { type: 'error', error: refused });
    expect(failed).toEqual({ kind: 'failed', error: refused });
    expect(pollTarget(failed)).toBeNull();
    expect(returnFlow({ kind: 'idle' }, { type: 'polled', ret: refunded })).toEqual({ kind: 'idle' });
  });

  it('says where each part of the money goes', () => {
    expect(
      refundLines([
        { method: 'cash', amount: 100 as Fen },
        { method: 'alipay_code', amount: 300 as Fen, status: 'succeeded', failure: null },
        { method: 'wechat_code', amount: 200 as Fen, status: 'pending', failure: null },
        { method: 'member', amount: 50 as Fen },
      ]),
    ).toEqual([
      { kind: 'cash', amount: 100, refused: null },
      { kind: 'code', method: 'alipay_code', amount: 300, state: 'refunded', failure: null },
      { kind: 'code', method: 'wechat_code', amount: 200, state: 'processing', failure: null },
      { kind: 'member', amount: 50 },
    ]);
  });

  it('a cash part standing for a refused code refund says which code and why, in words when the code is known', () => {
    const failure = 'USER_ACCOUNT_ABNORMAL: 退款请求失败，用户账户异常';
    expect(refundLines([{ method: 'cash', amount: 300 as Fen, refused: { method: 'wechat_code', failure } }])).toEqual([
      { kind: 'cash', amount: 300, refused: { method: 'wechat_code', failure } },
    ]);
    const known = new Set([
      'changes.refusal.USER_ACCOUNT_ABNORMAL',
      'changes.refusal.ACQ_BUYER_ERROR',
      'changes.refusal.unknown',
    ]);
    const tr = { t: (k: string) => `<${k}>`, exists: (k: string) => known.has(k) };
    expect(refusalWords(tr, failure)).toBe('<changes.refusal.USER_ACCOUNT_ABNORMAL>');
    // Alipay's codes carry dots: they read as underscores in the keys
    expect(refusalWords(tr, 'ACQ.BUYER_ERROR: 买家状态非法')).toBe('<changes.refusal.ACQ_BUYER_ERROR>');
    // a code the screen does not know, or no code at all: the provider's words as they came
    expect(refusalWords(tr, 'SYSTEMERROR: 系统超时')).toBe('SYSTEMERROR: 系统超时');
    expect(refusalWords(tr, 'The payment was not paid')).toBe('The payment was not paid');
    expect(refusalWords(tr, null)).toBe('<changes.refusal.unknown>');
  });
});
