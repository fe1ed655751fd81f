// Runtime: DOM (no React; tested with fake timers in refundFollow.test.ts). While the history dialog is open, the
// code refunds still processing in what it shows are looked at again: at once when the list is (re)loaded or a
// sale opened (`now`), then every FOLLOW_MS until none is pending (`set` with the ids still pending), and never
// after the dialog closed (`stop`). One look at a time, for the whole batch (one backend call); a failed look
// (offline) is only a look: the next one comes at the next tick.
/** how often refunds still processing are looked at again while the dialog is open (the provider takes minutes) */
export const FOLLOW_MS = 5_000;

export interface RefundFollower {
  /** the returns shown with a refund still processing (an empty list stops the ticking until one appears) */
  set(ids: readonly string[]): void;
  /** look now (the list was loaded, a sale opened); nothing when none is pending or a look is under way */
  now(): void;
  /** the dialog closed: no more looks, and a look under way changes nothing after it */
  stop(): void;
}

export function createRefundFollower(
  follow: (ids: string[]) => Promise<void>,
  intervalMs: number = FOLLOW_MS,
): RefundFollower {
  let ids: string[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let busy = false;
  let stopped = false;

  const clear = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const arm = () => {
    clear();
    if (!stopped && !busy && ids.length > 0) timer = setTimeout(look, intervalMs);
  };
  function look(): void {
    clear();
    if (stopped || busy || ids.length === 0) return;
    busy = true;
    void follow([...ids])
      .catch(() => undefined)
      .finally(() => {
        busy = false;
        arm();
      });
  }

  return {
    set(next) {
      ids = [...next];
      if (ids.length === 0) clear();
      else if (timer === null) arm();
    },
    now: look,
    stop() {
      stopped = true;
      clear();
    },
  };
}
