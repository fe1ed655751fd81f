// The virtual journal's cash on a real sales.db file, fed the cloud's answers directly: cash taken with
// the journal row, handed back once however often "failed" arrives (answer, status read, feed page), and
// a refused order retried under the same id takes the cash again and hands it back again if it fails.
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VirtualOrder } from '../../../shared/sync/protocol';
import { openDatabases, type Databases } from '../db/open';
import { tempDir } from '../testing/harness';
import { createVirtualJournal } from '../virtual/journal';

let dir: ReturnType<typeof tempDir>;
let dbs: Databases;
beforeEach(() => {
  dir = tempDir();
  dbs = openDatabases(dir.dir);
});
afterEach(() => {
  dbs.close();
  dir.cleanup();
});

const EMPLOYEE = '00000000-0000-4000-8000-000000000001';
const answer = (clientOrderId: string, status: VirtualOrder['status'], updatedAt: number): VirtualOrder => ({
  id: uuidv7(),
  clientOrderId,
  productId: uuidv7(),
  kind: 'topup',
  phone: '13800138002',
  faceValue: 10_000 as never,
  cost: 9_900 as never,
  status,
  statusReason: status === 'failed' ? '供货商失败' : null,
  escalated: false,
  complaint: null,
  submittedAt: 1,
  updatedAt,
});
const moves = (ref: string) =>
  dbs.sales.prepare('SELECT kind, amount FROM cash_movements WHERE ref = ? ORDER BY at, rowid').all(ref);

describe('virtual orders in the cash drawer', () => {
  it('failed: handed back once, whether the answer, a status read or the feed says it (twice or more)', async () => {
    const j = createVirtualJournal(dbs.sales);
    const id = uuidv7();
    expect(
      j.begin({
        clientOrderId: id,
        productId: uuidv7(),
        productName: '移动100元',
        phone: '13800138002',
        employeeId: EMPLOYEE,
        cash: 10_000,
        now: 10,
      }),
    ).toBe(true);
    expect(moves(id)).toEqual([{ kind: 'virtual_sale', amount: 10_000 }]);
    const pending = answer(id, 'pending', 11);
    j.record(pending, 11);
    const failed = { ...pending, status: 'failed' as const, updatedAt: 12 };
    j.record(failed, 12); // status read
    await j.catchUp(
      async () => ({ orders: [failed], nextCursor: 5, hasMore: false }),
      () => 13,
    ); // the feed, again
    j.record(failed, 14);
    expect(moves(id)).toEqual([
      { kind: 'virtual_sale', amount: 10_000 },
      { kind: 'virtual_refund', amount: -10_000 },
    ]);
    // the shift it all landed in was opened by the first movement
    expect(dbs.sales.prepare('SELECT auto_opened, opening_float FROM shifts').all()).toEqual([
      { auto_opened: 1, opening_float: 0 },
    ]);
  });

  it('refused, then retried under the same id and accepted: cash back, cash taken again; a second begin takes nothing', () => {
    const j = createVirtualJournal(dbs.sales);
    const id = uuidv7();
    const begin = (now: number) =>
      j.begin({
        clientOrderId: id,
        productId: uuidv7(),
        productName: '移动100元',
        phone: '13800138000',
        employeeId: EMPLOYEE,
        cash: 10_000,
        now,
      });
    begin(1);
    j.refused(id, 'INSUFFICIENT_FUNDS: 预付款余额不足', 2);
    j.refused(id, 'INSUFFICIENT_FUNDS: 预付款余额不足', 3); // a repeat refusal: nothing more
    expect(moves(id)).toEqual([
      { kind: 'virtual_sale', amount: 10_000 },
      { kind: 'virtual_refund', amount: -10_000 },
    ]);
    expect(begin(4)).toBe(true); // the retry (the owner added money meanwhile) is a new ask
    expect(begin(5)).toBe(false); // a lost answer's retry: the drawer already holds this order's cash
    j.record(answer(id, 'success', 6), 6);
    expect(moves(id)).toEqual([
      { kind: 'virtual_sale', amount: 10_000 },
      { kind: 'virtual_refund', amount: -10_000 },
      { kind: 'virtual_sale', amount: 10_000 },
    ]);
    expect(j.recent(10).map((o) => o.status)).toEqual(['success']);
  });

  it('refused again on the retry: the cash taken again goes back again', () => {
    const j = createVirtualJournal(dbs.sales);
    const id = uuidv7();
    const begin = (now: number) =>
      j.begin({
        clientOrderId: id,
        productId: uuidv7(),
        productName: '移动100元',
        phone: '13800138000',
        employeeId: EMPLOYEE,
        cash: 10_000,
        now,
      });
    begin(1);
    j.refused(id, 'INSUFFICIENT_FUNDS', 2);
    expect(begin(3)).toBe(true);
    j.refused(id, 'INSUFFICIENT_FUNDS', 4);
    expect(dbs.sales.prepare('SELECT sum(amount) FROM cash_movements WHERE ref = ?').pluck().get(id)).toBe(0);
    expect(moves(id)).toHaveLength(4);
  });

  it('an order of another till (or one this till took no cash for) hands nothing back', () => {
    const j = createVirtualJournal(dbs.sales);
    j.record(answer(uuidv7(), 'failed', 1), 1);
    expect(dbs.sales.prepare('SELECT count(*) FROM cash_movements').pluck().get()).toBe(0);
    expect(dbs.sales.prepare('SELECT count(*) FROM shifts').pluck().get()).toBe(0);
  });
});
