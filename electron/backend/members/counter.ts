// Members at the counter: the snapshot from the feed (snapshot.ts) with the balance this device can
// vouch for (pending-spends.ts), and the limit of a stored-value payment:
//   online  (the cloud answered just now): the cloud's live balance − this device's unacknowledged spends.
//           No overdraft: the member's own money only.
//   offline (no answer, or an offline session): snapshot balance − spends the snapshot does not reflect
//           + the member's offline allowance. The cloud applies such a spend at push whatever it finds and
//           records any overdraft for the owner (cloud/members/ledger.ts applyOfflineSpend).
// The limit is a function evaluated INSIDE the checkout transaction, so spends committed meanwhile count.
import type { MemberView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import type { Fen } from '../../../shared/money';
import type { Member } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';
import type { MembersCloud } from './cloud-members';
import { createPendingSpends, type FeedMark } from './pending-spends';
import { createMemberSnapshot, type MemberRow } from './snapshot';

/** How long a checkout waits for the live balance before it decides by the offline rule. */
export const LIVE_BALANCE_TIMEOUT_MS = 4_000;

export interface SpendLimit {
  mode: 'online' | 'offline';
  /** what the member may pay now, in fen (may be ≤ 0) */
  available(): number;
}

export interface CounterMembersDeps {
  catalog: Db;
  sales: Db;
  cloud: MembersCloud;
  /** the feed mark of the last completed pull (catalog/store.ts STOCK_AS_OF) */
  feedMark: () => FeedMark | null;
  /** false when the last contact failed or the session is an offline one: no live check is tried */
  online: () => boolean;
  token: () => string | undefined;
}

export function createCounterMembers(d: CounterMembersDeps) {
  const snapshot = createMemberSnapshot(d.catalog);
  const pending = createPendingSpends(d.sales, d.feedMark);

  function view(r: MemberRow): MemberView {
    const unsynced = pending.sinceSnapshot(r.id);
    return {
      id: r.id,
      cardNo: r.card_no,
      phone: r.phone,
      name: r.name,
      level: r.level,
      discountBps: r.discount_bps,
      balance: r.balance - unsynced,
      unsyncedSpend: unsynced as Fen,
      offlineAllowance: r.offline_allowance as Fen,
    };
  }

  function row(id: string): MemberRow {
    const r = snapshot.get(id);
    if (!r) throw new AppError('NOT_FOUND', 'No such member on this counter (sync the catalog, or check the card)');
    return r;
  }

  return {
    snapshot,
    view,
    row,
    get: (id: string) => view(row(id)),
    /** The member as the cloud answered just now: its live balance minus this device's unacknowledged spends. */
    liveView(live: Member): MemberView {
      const unacked = pending.unacked(live.id);
      return {
        id: live.id,
        cardNo: live.cardNo,
        phone: live.phone,
        name: live.name,
        level: live.level,
        discountBps: live.discountBps,
        balance: live.balance - unacked,
        unsyncedSpend: unacked as Fen,
        offlineAllowance: live.offlineAllowance,
      };
    },
    find: (query: string, limit = 20) => snapshot.find(query, limit).map(view),

    /** Asks the cloud for the live balance when it seems reachable; decides the rule by the answer. */
    async spendLimit(memberId: string): Promise<SpendLimit> {
      row(memberId);
      const token = d.token();
      if (d.online() && token) {
        try {
          const live = await d.cloud.get(memberId, token, LIVE_BALANCE_TIMEOUT_MS);
          return { mode: 'online', available: () => live.balance - pending.unacked(memberId) };
        } catch (e) {
          // No answer (or an unreadable one): the sale goes on under the offline rule. A refusal the
          // cloud gave on purpose (unknown member, no permission, session ended) stops it.
          if (!(e instanceof AppError) || (e.code !== 'OFFLINE' && e.code !== 'CLOUD_ERROR')) throw e;
        }
      }
      return {
        mode: 'offline',
        available: () => {
          const r = row(memberId);
          return r.balance - pending.sinceSnapshot(memberId) + r.offline_allowance;
        },
      };
    },
  };
}
export type CounterMembers = ReturnType<typeof createCounterMembers>;
