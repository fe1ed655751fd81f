// Runtime: Node. Staff cards (员工卡, shared/staff-card.ts) in the cloud: only a slow salted hash of the canonical
// number is stored (scrypt, cloud/auth/passwords.ts) with its last 4 characters. A salted hash cannot be looked
// up, so finding a card's holder compares it against every card of the org — a handful of employees — all of
// them, in parallel, whether one matches early or not (the time says nothing about which card is which).
import { hashPassword, verifyPassword } from '../auth/passwords';
import type { Queryable } from '../db/types';
import type { SecureEmployeeRow } from './session-auth';

export const hashCard = (card: string): Promise<string> => hashPassword(card);

/** Every employee of the org holding a card (disabled ones too: the caller decides), optionally but one. */
async function cardHolders(q: Queryable, orgId: string, exceptId?: string): Promise<SecureEmployeeRow[]> {
  const { rows } = await q.query<SecureEmployeeRow>(
    'SELECT * FROM employees WHERE org_id = $1 AND card_hash IS NOT NULL AND id <> $2 ORDER BY id',
    [orgId, exceptId ?? '00000000-0000-0000-0000-000000000000'],
  );
  return rows;
}

/** The employee of the org this canonical card number belongs to, or null. */
export async function findCardHolder(
  q: Queryable,
  orgId: string,
  card: string,
  exceptId?: string,
): Promise<SecureEmployeeRow | null> {
  const holders = await cardHolders(q, orgId, exceptId);
  const hits = await Promise.all(holders.map((e) => verifyPassword(card, e.card_hash!)));
  return holders.find((_, i) => hits[i]) ?? null;
}

/** The cards tills keep for offline approval: enabled employees of the outlet only (a disabled one's card is
 *  dropped from the feed, so the tills forget it at their next pull). */
export async function feedCards(q: Queryable, orgId: string): Promise<SecureEmployeeRow[]> {
  return (await cardHolders(q, orgId)).filter((e) => e.disabled_at === null);
}
