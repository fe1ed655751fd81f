import { describe, expect, it } from 'vitest';
import type { DisplayState } from '../../shared/api/contract';
import { fen } from '../../shared/money';
import { DONE_SHOW_MS, displayScene, msUntilIdle, sameState, visibleLines } from './customerDisplay';

const state = (phase: DisplayState['phase']): DisplayState => ({
  outletName: '星光网咖',
  phase,
  lines: phase === 'idle' ? [] : [{ name: '可乐', qty: 2, lineTotal: fen(600) }],
  itemCount: phase === 'idle' ? 0 : 2,
  discount: fen(0),
  total: fen(phase === 'idle' ? 0 : 600),
  paid: fen(phase === 'done' ? 600 : 0),
  due: fen(phase === 'done' || phase === 'idle' ? 0 : 600),
  parts: [],
  change: phase === 'done' ? fen(400) : null,
  codeWaiting: false,
  confirmOnPhone: false,
});

describe('customer display scene', () => {
  it('greets before anything arrived and when the till is idle', () => {
    expect(displayScene(null, 0, 0)).toEqual({ kind: 'idle', outletName: '' });
    expect(displayScene(state('idle'), 0, 0)).toEqual({ kind: 'idle', outletName: '星光网咖' });
  });

  it('shows the cart and the tender as they are, however long they stay', () => {
    expect(displayScene(state('cart'), 0, 10 * DONE_SHOW_MS).kind).toBe('cart');
    expect(displayScene(state('paying'), 0, 10 * DONE_SHOW_MS).kind).toBe('paying');
    expect(msUntilIdle(state('paying'), 0, 5)).toBeNull();
  });

  it('keeps the finished sale and its change up for DONE_SHOW_MS, then greets the next customer', () => {
    const done = state('done');
    expect(displayScene(done, 1_000, 1_000 + DONE_SHOW_MS - 1)).toMatchObject({ kind: 'done', state: done });
    expect(msUntilIdle(done, 1_000, 1_500)).toBe(DONE_SHOW_MS - 500);
    expect(displayScene(done, 1_000, 1_000 + DONE_SHOW_MS)).toEqual({ kind: 'idle', outletName: '星光网咖' });
    expect(msUntilIdle(done, 1_000, 1_000 + 2 * DONE_SHOW_MS)).toBe(0);
  });

  it('shows the newest lines and counts the ones above', () => {
    expect(visibleLines([1, 2, 3], 5)).toEqual({ shown: [1, 2, 3], hidden: 0 });
    expect(visibleLines([1, 2, 3, 4, 5, 6], 4)).toEqual({ shown: [3, 4, 5, 6], hidden: 2 });
  });

  it('a state read again with its keys in another order is the same state', () => {
    const a = state('done');
    const b = Object.fromEntries(Object.entries(a).reverse()) as DisplayState;
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(sameState(a, b)).toBe(true);
    expect(sameState(a, { ...a, change: fen(500) })).toBe(false);
    expect(sameState(null, a)).toBe(false);
  });
});
