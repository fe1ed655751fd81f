import { describe, expect, it } from 'vitest';
// the screen's view of an order: cost only for cost.view (shared/api/virtual-methods.ts)
import type { VirtualOrderView as VirtualOrder } from '../../shared/api/virtual-methods';
import { VIRTUAL_POLL, virtualPollDelay } from '../../shared/virtual-poll';
import {
  dueLooks,
  EMPTY_WATCH,
  KEEP_FINAL,
  nextDue,
  watchReducer,
  type WatchAction,
  type WatchState,
} from './virtualWatch';

const ID = '0190f000-0000-7000-8000-000000000001';
function order(p: Partial<VirtualOrder> = {}): VirtualOrder {
  return {
    id: ID,
    clientOrderId: '0190f000-0000-7000-8000-0000000000aa',
    productId: '0190f000-0000-7000-8000-0000000000bb',
    kind: 'topup',
    phone: '13800138000',
    faceValue: 10_000,
    cost: 9_900,
    status: 'pending',
    statusReason: null,
    escalated: false,
    complaint: null,
    submittedAt: 1_000,
    updatedAt: 1_000,
    ...p,
  } as VirtualOrder;
}
const run = (actions: WatchAction[], from: WatchState = EMPTY_WATCH) => actions.reduce(watchReducer, from);

describe('following a virtual order to its final state', () => {
  it('the back-off: 1 s, doubling to 10 s while pending; 30 s while stuck; nothing once final', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map((n) => virtualPollDelay('pending', n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000,
    ]);
    expect(virtualPollDelay('stuck', 0)).toBe(VIRTUAL_POLL.stuckMs);
    expect(virtualPollDelay('success', 3)).toBeNull();
    expect(virtualPollDelay('failed', 0)).toBeNull();
  });

  it('keeps looking while the answer is still pending (the panel used to look once and stop)', () => {
    let s = run([{ type: 'watch', order: order(), now: 0 }]);
    expect(nextDue(s)).toBe(1_000);
    expect(dueLooks(s, 999)).toEqual([]);
    expect(dueLooks(s, 1_000)).toEqual([ID]);
    s = run([{ type: 'looking', id: ID }], s);
    expect(nextDue(s)).toBeNull(); // no second look while one is under way
    s = run([{ type: 'seen', order: order({ updatedAt: 1_000 }), now: 1_000 }], s);
    expect(nextDue(s)).toBe(3_000); // still pending: asked again, later
    s = run(
      [
        { type: 'looking', id: ID },
        { type: 'seen', order: order(), now: 3_000 },
      ],
      s,
    );
    expect(nextDue(s)).toBe(7_000);
    s = run(
      [
        { type: 'looking', id: ID },
        { type: 'seen', order: order({ status: 'success', updatedAt: 5_000 }), now: 7_000 },
      ],
      s,
    );
    expect(s.get(ID)?.order.status).toBe('success');
    expect(nextDue(s)).toBeNull();
  });

  it('a failed look (offline) is tried again later, never given up', () => {
    let s = run([
      { type: 'watch', order: order(), now: 0 },
      { type: 'looking', id: ID },
    ]);
    for (let i = 0; i < 10; i++) s = run([{ type: 'lookFailed', id: ID, now: 0 }], s);
    expect(nextDue(s)).toBe(VIRTUAL_POLL.maxMs);
    s = run([{ type: 'seen', order: order({ status: 'stuck', updatedAt: 2_000 }), now: 100_000 }], s);
    expect(nextDue(s)).toBe(100_000 + VIRTUAL_POLL.stuckMs);
  });

  it('keeps the card code from the one answer that carried it', () => {
    let s = run([{ type: 'watch', order: order({ kind: 'gamecard', phone: null }), now: 0 }]);
    s = run(
      [{ type: 'seen', order: order({ status: 'success', cardCode: 'AAAA-BBBB', updatedAt: 2_000 }), now: 1_000 }],
      s,
    );
    s = run([{ type: 'seen', order: order({ status: 'success', updatedAt: 2_000 }), now: 2_000 }], s);
    s = run([{ type: 'watch', order: order({ status: 'success', updatedAt: 2_000 }), now: 3_000 }], s);
    expect(s.get(ID)?.cardCode).toBe('AAAA-BBBB');
  });

  it('an older view never replaces a newer one', () => {
    let s = run([{ type: 'watch', order: order({ status: 'failed', updatedAt: 9_000 }), now: 0 }]);
    s = run([{ type: 'watch', order: order({ status: 'pending', updatedAt: 1_000 }), now: 0 }], s);
    s = run([{ type: 'seen', order: order({ status: 'pending', updatedAt: 1_000 }), now: 0 }], s);
    expect(s.get(ID)?.order.status).toBe('failed');
    expect(nextDue(s)).toBeNull();
  });

  it('follows several orders at once, each on its own schedule, and forgets on request', () => {
    const other = order({ id: '0190f000-0000-7000-8000-000000000002', status: 'stuck' });
    let s = run([
      { type: 'watch', order: order(), now: 0 },
      { type: 'watch', order: other, now: 0 },
    ]);
    expect(dueLooks(s, 1_000)).toEqual([ID]);
    expect(dueLooks(s, VIRTUAL_POLL.stuckMs)).toEqual([ID, other.id]);
    s = run([{ type: 'forget', id: ID }], s);
    expect([...s.keys()]).toEqual([other.id]);
  });

  it('keeps only the most recent final orders', () => {
    let s: WatchState = EMPTY_WATCH;
    for (let i = 0; i < KEEP_FINAL + 5; i++) {
      const id = `0190f000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      s = run([{ type: 'watch', order: order({ id, status: 'success', updatedAt: i }), now: 0 }], s);
    }
    s = run([{ type: 'watch', order: order({ id: 'pending-one', updatedAt: -1 }), now: 0 }], s);
    expect(s.size).toBe(KEEP_FINAL + 1);
    expect(s.has('pending-one')).toBe(true);
  });
});
