// Runtime: DOM (pure; tested in virtualWatch.test.ts). The virtual orders the counter is following until
// the cloud gives their final state: the one just submitted, and every order the till's journal still
// knows as pending or stuck (after the panel was reopened, or the app restarted). Each is looked at on
// its own schedule (shared/virtual-poll.ts: 1 s, doubling to 10 s; 30 s while stuck); a failed look
// counts as a look, so a dropped network is asked again later, never given up on.
// A game card's code (卡密) arrives with exactly one answer (the cloud hands it out once): it is kept here,
// in memory only, with its order, and never overwritten by a later answer without it.
// the screen's view of an order: cost only for cost.view (shared/api/virtual-methods.ts)
import type { VirtualOrderView as VirtualOrder } from '../../shared/api/virtual-methods';
import { isFinalVirtualStatus, virtualPollDelay } from '../../shared/virtual-poll';

export interface Watched {
  order: VirtualOrder;
  /** looks made since the watch began */
  looks: number;
  /** when the next look is due; null while one is under way or once the order is final */
  dueAt: number | null;
  /** the card code, from the one answer that carried it */
  cardCode: string | null;
}

/** By cloud order id. */
export type WatchState = ReadonlyMap<string, Watched>;

export type WatchAction =
  /** start following an order (a submit's answer, or a pending row of the journal); a newer view wins */
  | { type: 'watch'; order: VirtualOrder; now: number }
  /** a look is under way: no second one for this order until it ends */
  | { type: 'looking'; id: string }
  /** a look answered */
  | { type: 'seen'; order: VirtualOrder; now: number }
  /** a look failed (offline, cloud error): try again later */
  | { type: 'lookFailed'; id: string; now: number }
  /** the cashier is done with it (its final state was seen) */
  | { type: 'forget'; id: string };

/** Final orders kept (their status and code stay readable) before the oldest are dropped. */
export const KEEP_FINAL = 20;

export const EMPTY_WATCH: WatchState = new Map();

export function watchReducer(state: WatchState, a: WatchAction): WatchState {
  switch (a.type) {
    case 'watch': {
      const before = state.get(a.order.id);
      if (before && before.order.updatedAt > a.order.updatedAt) return state;
      if (before && before.order.updatedAt === a.order.updatedAt && !a.order.cardCode) return state;
      return prune(
        with_(state, a.order.id, {
          order: a.order,
          looks: before?.looks ?? 0,
          dueAt: scheduleAfter(a.order, before?.looks ?? 0, a.now),
          cardCode: before?.cardCode ?? a.order.cardCode ?? null,
        }),
      );
    }
    case 'looking': {
      const w = state.get(a.id);
      return w && w.dueAt !== null ? with_(state, a.id, { ...w, dueAt: null }) : state;
    }
    case 'seen': {
      const w = state.get(a.order.id);
      const looks = (w?.looks ?? 0) + 1;
      // An answer older than what is held (the feed got there first) only counts the look.
      const order = w && w.order.updatedAt > a.order.updatedAt ? w.order : a.order;
      return prune(
        with_(state, a.order.id, {
          order,
          looks,
          dueAt: scheduleAfter(order, looks, a.now),
          cardCode: w?.cardCode ?? a.order.cardCode ?? null,
        }),
      );
    }
    case 'lookFailed': {
      const w = state.get(a.id);
      if (!w) return state;
      const looks = w.looks + 1;
      return with_(state, a.id, { ...w, looks, dueAt: scheduleAfter(w.order, looks, a.now) });
    }
    case 'forget': {
      if (!state.has(a.id)) return state;
      const next = new Map(state);
      next.delete(a.id);
      return next;
    }
  }
}

function scheduleAfter(order: VirtualOrder, looks: number, now: number): number | null {
  const delay = virtualPollDelay(order.status, looks);
  return delay === null ? null : now + delay;
}

function with_(state: WatchState, id: string, w: Watched): WatchState {
  const next = new Map(state);
  next.set(id, w);
  return next;
}

/** Keeps every unfinished order and the KEEP_FINAL most recently updated final ones. */
function prune(state: WatchState): WatchState {
  const finals = [...state.values()].filter((w) => isFinalVirtualStatus(w.order.status));
  if (finals.length <= KEEP_FINAL) return state;
  finals.sort((a, b) => b.order.updatedAt - a.order.updatedAt);
  const next = new Map(state);
  for (const w of finals.slice(KEEP_FINAL)) next.delete(w.order.id);
  return next;
}

/** The orders whose look is due at `now`. */
export function dueLooks(state: WatchState, now: number): string[] {
  return [...state.values()].filter((w) => w.dueAt !== null && w.dueAt <= now).map((w) => w.order.id);
}

/** When the next look is due (null: nothing to look at). */
export function nextDue(state: WatchState): number | null {
  let at: number | null = null;
  for (const w of state.values()) if (w.dueAt !== null && (at === null || w.dueAt < at)) at = w.dueAt;
  return at;
}
