// What makes this instant unsafe for an update to restart the till (policy.ts Safety), read from the
// backend's own state: the cashier's cart, a call that moves money through the cloud still in flight (a
// checkout, a member top-up or refund, a virtual order's submit: its answer must not be lost to a restart),
// a virtual order of the last minutes still waiting for its final answer (a game card's code on screen),
// a basket parked (挂单) in the last minutes — its customer stepped away and is coming back to pay — and records
// waiting in the outbox. A basket parked longer ago (kept in sales.db, it survives the restart), parked
// outbox rows and kinds the cloud does not take yet never block an install for good.
import type { MethodName } from '../../../shared/api/contract';
import type { Db } from '../db/open';
import type { Outbox } from '../sync/outbox';
import type { Safety } from './policy';

/** Methods whose answer carries money the cloud moved: a restart mid-call would leave the cashier guessing. */
export const MONEY_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'sale.checkout',
  'member.topup',
  'member.refund',
  'member.create',
  'virtual.submit',
]);
/** A virtual order submitted this recently and not yet final keeps the counter waiting for its answer. */
export const VIRTUAL_WAIT_MS = 15 * 60 * 1000;
/** A basket parked this recently is in use: its customer is expected back at the counter. */
export const PARKED_IN_USE_MS = 30 * 60 * 1000;

export function createSafety(d: {
  now: () => number;
  cartEmpty: () => boolean;
  sales: Db;
  outbox: Outbox;
  heldKinds: () => readonly string[];
}) {
  const inFlight = new Map<string, number>();
  const waitingVirtual = d.sales
    .prepare("SELECT count(*) FROM virtual_orders WHERE status IN ('unconfirmed', 'pending') AND submitted_at > ?")
    .pluck();
  const recentParked = d.sales
    .prepare('SELECT count(*) FROM parked_baskets WHERE closed_at IS NULL AND parked_at > ?')
    .pluck();
  return {
    /** wrap each backend call: counts the money calls in flight */
    track<T>(method: string, run: () => Promise<T>): Promise<T> {
      if (!MONEY_METHODS.has(method as MethodName)) return run();
      inFlight.set(method, (inFlight.get(method) ?? 0) + 1);
      return run().finally(() => {
        const n = (inFlight.get(method) ?? 1) - 1;
        if (n > 0) inFlight.set(method, n);
        else inFlight.delete(method);
      });
    },
    snapshot(): Safety {
      const now = d.now();
      const oldest = d.outbox.oldestWaitingAt(d.heldKinds());
      return {
        cartOpen: !d.cartEmpty(),
        parkedInUse: (recentParked.get(now - PARKED_IN_USE_MS) as number) > 0,
        paymentWaiting: inFlight.size > 0,
        virtualWaiting: (waitingVirtual.get(now - VIRTUAL_WAIT_MS) as number) > 0,
        oldestUnsentAgeMs: oldest === null ? null : Math.max(0, now - oldest),
      };
    },
  };
}
