// Runtime: DOM. The hook around virtualWatch.ts: one timer for the earliest due look, `virtual.status`
// per due order (the backend records every answer in the till's journal and keeps a card code for
// printing), and the reducer for the rest. It runs while the sale screen is up (the top-up panel stays
// mounted behind the 收款 tab), and the journal's pending orders are handed to it by the recent list when
// the screen comes up again or the app restarted.
import { useCallback, useEffect, useReducer, useRef } from 'react';
// the screen's view of an order: cost only for cost.view (shared/api/virtual-methods.ts)
import type { VirtualOrderView as VirtualOrder } from '../../shared/api/virtual-methods';
import { usePos } from './pos';
import { dueLooks, EMPTY_WATCH, nextDue, watchReducer, type WatchState } from './virtualWatch';

export interface VirtualWatch {
  orders: WatchState;
  watch(order: VirtualOrder): void;
  /** orders the journal still holds as pending or stuck: looked at now, then followed */
  resume(ids: readonly string[]): void;
  forget(id: string): void;
}

export function useVirtualWatch(): VirtualWatch {
  const pos = usePos();
  const [orders, dispatch] = useReducer(watchReducer, EMPTY_WATCH);
  const current = useRef(orders);
  current.current = orders;
  const at = nextDue(orders);

  useEffect(() => {
    if (at === null) return;
    const timer = setTimeout(
      () => {
        const now = Date.now();
        for (const id of dueLooks(current.current, now)) {
          dispatch({ type: 'looking', id });
          void pos
            .try('virtual.status', { id })
            .then((r) =>
              dispatch(
                r.ok ? { type: 'seen', order: r.value, now: Date.now() } : { type: 'lookFailed', id, now: Date.now() },
              ),
            );
        }
      },
      Math.max(0, at - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [at, pos]);

  const watch = useCallback((order: VirtualOrder) => dispatch({ type: 'watch', order, now: Date.now() }), []);
  const forget = useCallback((id: string) => dispatch({ type: 'forget', id }), []);
  const resuming = useRef(new Set<string>());
  const resume = useCallback(
    (ids: readonly string[]) => {
      for (const id of ids) {
        if (current.current.has(id) || resuming.current.has(id)) continue;
        resuming.current.add(id);
        void pos.try('virtual.status', { id }).then((r) => {
          resuming.current.delete(id);
          if (r.ok) dispatch({ type: 'watch', order: r.value, now: Date.now() });
        });
      }
    },
    [pos],
  );
  return { orders, watch, resume, forget };
}
