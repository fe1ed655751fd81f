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

/**
 * Takes the org row's lock (inside a transaction): it serialises card writes of one org, so two scans of the same
 * card cannot both pass the duplicate check (a salted hash has no unique index to lean on).
 */
export async function lockOrgCards(q: Queryable, orgId: string): Promise<void> {
  await q.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [orgId]);
}

/** Binds a card (its slow hash and its hint) to the employee. */
export async function setCard(
  q: Queryable,
  employeeId: string,
  hash: string,
  hint: string,
  now: number,
): Promise<void> {
  await q.query('UPDATE employees SET card_hash = $2, card_hint = $3, card_set_at = $4 WHERE id = $1', [
    employeeId,
    hash,
    hint,
    now,
  ]);
}

/** Unbinds the employee's card (lost or handed back); card_set_at records when. */
export async function removeCard(q: Queryable, employeeId: string, now: number): Promise<void> {
  await q.query('UPDATE employees SET card_hash = NULL, card_hint = NULL, card_set_at = $2 WHERE id = $1', [
    employeeId,
    now,
  ]);
}

/** The cards tills keep for offline approval: enabled employees of the outlet only (a disabled one's card is
 *  dropped from the feed, so the tills forget it at their next pull). */
export async function feedCards(q: Queryable, orgId: string): Promise<SecureEmployeeRow[]> {
  return (await cardHolders(q, orgId)).filter((e) => e.disabled_at === null);
}
