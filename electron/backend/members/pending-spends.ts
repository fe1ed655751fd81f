// This device's member spends that the member snapshot in catalog.db does not reflect yet, from sales.db.
// The same window as the stock estimate (catalog/store.ts, createPendingSales): the cloud applies a member
// payment in the transaction that accepts the order and publishes the member's new balance in the feed,
// but this device only reads that balance with its next pull. So a spend counts until the first pull that
// completed after its acknowledgement:
//   - orders the cloud has not acknowledged (parked ones too: the sale happened), and
//   - orders acknowledged after the request of the last completed pull was sent (ids ≥ its outbox floor).
// `unacked` alone is what the cloud's LIVE balance does not contain yet (used when the cloud is reachable).
import type { Db } from '../db/open';

/** The last completed pull of the feed, as catalog/store.ts records it (sync_state, key STOCK_AS_OF). */
export interface FeedMark {
  at: number;
  outboxFloor: number;
}

export function createPendingSpends(sales: Db, mark: () => FeedMark | null) {
  const windowSum = sales
    .prepare(
      `WITH pending (ref_id) AS (
      SELECT ref_id FROM outbox WHERE acked_at IS NULL AND kind = 'order'
      UNION ALL
      SELECT ref_id FROM outbox WHERE id >= @floor AND acked_at IS NOT NULL AND acked_at >= @at AND kind = 'order'
    )
    SELECT coalesce(sum(pay.amount), 0) FROM pending p JOIN payments pay ON pay.order_id = p.ref_id
     WHERE pay.member_id = @memberId AND pay.method = 'member'`,
    )
    .pluck();
  const unackedSum = sales
    .prepare(
      `SELECT coalesce(sum(pay.amount), 0) FROM outbox o JOIN payments pay ON pay.order_id = o.ref_id
     WHERE o.acked_at IS NULL AND o.kind = 'order' AND pay.member_id = ? AND pay.method = 'member'`,
    )
    .pluck();

  return {
    /** spends the snapshot does not reflect (subtract from the snapshot balance) */
    sinceSnapshot(memberId: string): number {
      const m = mark();
      // Before the first completed pull there is no mark: only unacknowledged orders count.
      const params = m
        ? { floor: m.outboxFloor, at: m.at }
        : { floor: Number.MAX_SAFE_INTEGER, at: Number.MAX_SAFE_INTEGER };
      return Number(windowSum.get({ ...params, memberId }));
    },
    /** spends the cloud has not received (subtract from the cloud's live balance) */
    unacked(memberId: string): number {
      return Number(unackedSum.get(memberId));
    },
  };
}
export type PendingSpends = ReturnType<typeof createPendingSpends>;
