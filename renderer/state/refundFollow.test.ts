import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefundFollower, FOLLOW_MS } from './refundFollow';

describe('the history dialog following code refunds still processing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('looks at once when asked, then every FOLLOW_MS while any is pending, the batch in one call', async () => {
    const follow = vi.fn(async (_ids: string[]) => {});
    const f = createRefundFollower(follow);
    f.now(); // nothing pending: no look
    expect(follow).not.toHaveBeenCalled();
    f.set(['r1', 'r2']);
    f.now();
    expect(follow).toHaveBeenCalledTimes(1);
    expect(follow).toHaveBeenLastCalledWith(['r1', 'r2']);
    await vi.advanceTimersByTimeAsync(FOLLOW_MS - 1);
    expect(follow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(follow).toHaveBeenCalledTimes(2);
    // one settled: the next look asks only about the other
    f.set(['r2']);
    await vi.advanceTimersByTimeAsync(FOLLOW_MS);
    expect(follow).toHaveBeenCalledTimes(3);
    expect(follow).toHaveBeenLastCalledWith(['r2']);
    // none pending: the ticking stops, and starts again when one appears
    f.set([]);
    await vi.advanceTimersByTimeAsync(FOLLOW_MS * 5);
    expect(follow).toHaveBeenCalledTimes(3);
    f.set(['r9']);
    await vi.advanceTimersByTimeAsync(FOLLOW_MS);
    expect(follow).toHaveBeenLastCalledWith(['r9']);
    expect(follow).toHaveBeenCalledTimes(4);
    f.stop();
  });

  it('one look at a time: a slow answer is waited for, a failed one is only a look', async () => {
    let answer: () => void = () => {};
    const follow = vi.fn(
      (_ids: string[]) =>
        new Promise<void>((resolve, reject) => {
          answer = follow.mock.calls.length === 1 ? resolve : () => reject(new Error('offline'));
        }),
    );
    const f = createRefundFollower(follow);
    f.set(['r1']);
    f.now();
    f.now();
    await vi.advanceTimersByTimeAsync(FOLLOW_MS * 3);
    expect(follow).toHaveBeenCalledTimes(1);
    answer();
    await vi.advanceTimersByTimeAsync(FOLLOW_MS);
    expect(follow).toHaveBeenCalledTimes(2);
    answer(); // refused (offline): the next look still comes
    await vi.advanceTimersByTimeAsync(FOLLOW_MS);
    expect(follow).toHaveBeenCalledTimes(3);
    f.stop();
  });

  it('stops for good when the dialog closes, a look under way included', async () => {
    let answer: () => void = () => {};
    const follow = vi.fn((_ids: string[]) => new Promise<void>((resolve) => (answer = resolve)));
    const f = createRefundFollower(follow);
    f.set(['r1']);
    f.now();
    f.stop();
    answer();
    f.set(['r1', 'r2']);
    f.now();
    await vi.advanceTimersByTimeAsync(FOLLOW_MS * 10);
    expect(follow).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
