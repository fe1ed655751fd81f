import { describe, expect, it } from 'vitest';
import type { OrderDetail, ReturnView } from '../../shared/api/contract';
import type { Fen } from '../../shared/money';
import {
  chosenLines,
  historyDialog,
  INITIAL_HISTORY,
  isBusy,
  pendingShown,
  returnsToCode,
  type HistoryEvent,
} from './historyDialog';
import type { OrderSummary } from '../../shared/api/contract';

const fen = (n: number) => n as Fen;
const detail = (id: string): OrderDetail =>
  ({
    id,
    number: `S-${id}`,
    createdAt: 0,
    total: fen(600),
    status: 'completed',
    subtotal: fen(600),
    discount: fen(0),
    discounts: { member: fen(0), order: fen(0), rounding: fen(0) },
    seat: null,
    employeeName: null,
    lines: [],
    payments: [{ method: 'wechat_code', amount: fen(600), tendered: null, change: null }],
    returns: [],
    overrides: [],
    synced: true,
    voidable: false,
  }) as unknown as OrderDetail;
const ret: ReturnView = {
  id: 'r1',
  number: 'T-1',
  createdAt: 0,
  reason: 'defective',
  total: fen(300),
  lines: [],
  refunds: [{ method: 'wechat_code', amount: fen(300), status: 'pending', failure: null }],
  employeeName: null,
  supervisorName: null,
};
const run = (...events: HistoryEvent[]) => events.reduce(historyDialog, INITIAL_HISTORY);

describe('the history dialog', () => {
  it('opening another sale clears the quantities, the quote, the message and the return of the one before', () => {
    const s = run(
      { type: 'opened', detail: detail('a') },
      { type: 'qty', lineNo: 1, text: '2' },
      { type: 'quote', quote: [{ method: 'wechat_code', amount: 300 }] },
      { type: 'flow', event: { type: 'submit', toCode: true } },
      { type: 'flow', event: { type: 'answer', ret } },
      { type: 'message', text: '已重打' },
      { type: 'opening', keepFlow: false },
      { type: 'opened', detail: detail('b') },
    );
    expect(s).toMatchObject({ qty: {}, quote: null, message: null, flow: { kind: 'idle' } });
    expect(s.detail?.id).toBe('b');
  });

  it('the reopen after a return keeps its progress (a code refund still processing is polled)', () => {
    const s = run(
      { type: 'opened', detail: detail('a') },
      { type: 'flow', event: { type: 'submit', toCode: true } },
      { type: 'opening', keepFlow: true },
      { type: 'flow', event: { type: 'answer', ret } },
    );
    expect(s.flow).toEqual({ kind: 'done', ret });
  });

  it('only whole positive quantities are returned; none without a sale open', () => {
    expect(chosenLines(run({ type: 'qty', lineNo: 1, text: '1' }))).toEqual([]);
    const s = run(
      { type: 'opened', detail: detail('a') },
      { type: 'qty', lineNo: 1, text: '1' },
      { type: 'qty', lineNo: 2, text: '1.5' },
      { type: 'qty', lineNo: 3, text: '-1' },
      { type: 'qty', lineNo: 4, text: 'x' },
      { type: 'qty', lineNo: 5, text: '' },
      { type: 'qty', lineNo: 6, text: '3' },
    );
    expect(chosenLines(s)).toEqual([
      { lineNo: 1, qty: 1 },
      { lineNo: 6, qty: 3 },
    ]);
  });

  it('switching lists closes the sale and drops the status filter (the lists have different statuses)', () => {
    const s = run(
      { type: 'filter', filter: { ...INITIAL_HISTORY.filter, status: 'returned', min: '5' } },
      { type: 'opened', detail: detail('a') },
      { type: 'message', text: 'x' },
      { type: 'switchList', list: 'virtual' },
    );
    expect(s).toMatchObject({ list: 'virtual', detail: null, message: null });
    expect(s.filter).toMatchObject({ status: '', min: '5' });
  });

  it('busy while asking or waiting; pressing again clears the last error; a quote to a code says so', () => {
    let s = run({ type: 'error', text: '上次失败' }, { type: 'flow', event: { type: 'submit', toCode: true } });
    expect(isBusy(s)).toBe(true);
    expect(s.error).toBeNull();
    s = historyDialog(s, {
      type: 'flow',
      event: { type: 'error', error: { code: 'REFUND_WAITING', details: { returnId: 'r1' } } },
    });
    expect(s.flow).toEqual({ kind: 'waiting', returnId: 'r1' });
    expect(isBusy(s)).toBe(true);
    s = historyDialog(s, { type: 'flow', event: { type: 'polled', ret } });
    expect(isBusy(s)).toBe(false);
    expect(returnsToCode(s)).toBe(false);
    expect(returnsToCode(historyDialog(s, { type: 'quote', quote: [{ method: 'cash', amount: 1 }] }))).toBe(false);
    expect(returnsToCode(historyDialog(s, { type: 'quote', quote: [{ method: 'alipay_code', amount: 1 }] }))).toBe(
      true,
    );
  });

  it('a search clears the error line; a refused filter field is remembered until the next search answers', () => {
    let s = run({ type: 'error', text: '金额格式不对' }, { type: 'problem', field: 'min' });
    expect(s).toMatchObject({ error: '金额格式不对', problem: 'min' });
    s = run({ type: 'error', text: 'x' }, { type: 'searching' }, { type: 'problem', field: null });
    expect(s).toMatchObject({ error: null, problem: null });
  });

  it('names the returns shown with a refund still processing; a look replaces them where they show', () => {
    const summary = (id: string, pendingReturns: string[]) => ({ id, pendingReturns }) as unknown as OrderSummary;
    const other: ReturnView = { ...ret, id: 'r2' };
    const opened = { ...detail('a'), returns: [ret, other] };
    let s = run(
      { type: 'orders', orders: [summary('a', ['r1', 'r2']), summary('b', ['r3'])] },
      { type: 'opened', detail: opened },
    );
    // the list loaded and the sale opened: each asks for a look at once
    expect(s.shown).toBe(2);
    expect(pendingShown(s)).toEqual(['r1', 'r2', 'r3']);
    const refunded: ReturnView = { ...ret, refunds: [{ ...ret.refunds[0]!, status: 'succeeded' }] };
    s = historyDialog(s, { type: 'followed', returns: [refunded, other] });
    expect(s.detail!.returns).toEqual([refunded, other]);
    expect(s.orders.map((o) => o.pendingReturns)).toEqual([['r2'], ['r3']]);
    expect(pendingShown(s)).toEqual(['r2', 'r3']);
    // the return the panel already polls is left to it; the 充值缴费 list shows no sale's returns
    s = historyDialog(s, { type: 'flow', event: { type: 'answer', ret: other } });
    expect(pendingShown(s)).toEqual(['r3']);
    expect(
      pendingShown(
        historyDialog(run({ type: 'orders', orders: [summary('b', ['r3'])] }), { type: 'switchList', list: 'virtual' }),
      ),
    ).toEqual([]);
    // nothing answered changes nothing
    expect(historyDialog(s, { type: 'followed', returns: [] })).toBe(s);
  });
});
