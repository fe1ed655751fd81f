// Runtime: Node. Member payments arriving in the order push (cloud/orders/repository.ts), inside its
// transaction: the sale was made (possibly offline) and is never refused for the balance; the stored value
// covers what it can and the rest is an overdraft recorded for the owner (cloud/members/ledger.ts).
import type { OrderWire } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { applyOfflineSpend, lockMember } from './ledger';
import { publishMember } from './store';

export function memberIdsOf(orders: OrderWire[]): string[] {
  const ids = new Set<string>();
  for (const o of orders) for (const p of o.payments) if (p.memberId) ids.add(p.memberId);
  return [...ids];
}

/** Applies the member payments of freshly accepted orders; members are locked in id order (no deadlock). */
export async function applyMemberPayments(
  q: Queryable,
  outletId: string,
  accepted: { serverOrderId: string; order: OrderWire }[],
  now: number,
): Promise<void> {
  if (accepted.length === 0) return;
  const byMember = new Map<string, { orderId: string; seq: number; amount: number; number: string }[]>();
  for (const a of [...accepted].sort((x, y) => x.order.createdAt - y.order.createdAt)) {
    a.order.payments.forEach((p, i) => {
      if (p.method !== 'member' || !p.memberId || p.amount === 0) return;
      const list = byMember.get(p.memberId) ?? [];
      list.push({ orderId: a.serverOrderId, seq: i + 1, amount: p.amount, number: a.order.number });
      byMember.set(p.memberId, list);
    });
  }
  for (const memberId of [...byMember.keys()].sort()) {
    const m = await lockMember(q, outletId, memberId);
    // Oldest sale first, so the stored value covers the earlier spends and the overdraft is the latest.
    for (const p of byMember.get(memberId)!) await applyOfflineSpend(q, m, p, now);
    await publishMember(q, m, now);
  }
}
