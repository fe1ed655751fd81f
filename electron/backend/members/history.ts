// member.history (记录) as the counter shows it: the cloud's movements of one card, newest first, each named by
// kind, with the balance after it and, for a spend, what its refunds have not given back yet.
import type { MemberHistoryEntry } from '../../../shared/api/contract';
import { fen } from '../../../shared/money';
import type { CloudHistory } from './cloud-members';

const KIND_OF_CODE: Record<string, MemberHistoryEntry['kind']> = {
  member_topup: 'topup',
  member_spend: 'spend',
  member_offline_spend: 'spend',
  member_refund: 'refund',
  member_correction: 'correction',
  member_offline_overdraft: 'overdraft',
  member_overdraft_repay: 'repay',
  member_overdraft_writeoff: 'writeoff',
  member_close_refund: 'close',
};
const REFUND_OF = 'refund-of:';

/**
 * The cloud's movements (newest first) with the balance after each — walking back from the balance read in
 * the same transaction — and, for a spend, what its refunds have not given back yet. Every refund of a
 * listed spend is newer than it, so it is in the list too.
 */
export function historyEntries(h: CloudHistory): MemberHistoryEntry[] {
  const refunded = new Map<string, number>();
  for (const e of h.entries)
    if (e.code === 'member_refund' && e.ref?.startsWith(REFUND_OF))
      refunded.set(e.ref.slice(REFUND_OF.length), (refunded.get(e.ref.slice(REFUND_OF.length)) ?? 0) + e.amount);
  let after = h.member.balance;
  return h.entries.map((e) => {
    const kind = KIND_OF_CODE[e.code] ?? 'other';
    const out: MemberHistoryEntry = {
      id: e.id,
      kind,
      amount: e.amount,
      balanceAfter: after,
      ref: e.ref,
      at: e.at,
      refundable: kind === 'spend' ? fen(Math.max(0, -e.amount - (refunded.get(e.id) ?? 0))) : null,
    };
    after -= e.amount;
    return out;
  });
}
