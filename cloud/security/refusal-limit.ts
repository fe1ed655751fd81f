// Runtime: Node. A limit on REFUSED logins and device registrations, per client address and per account
// (the username tried, known or not), on top of the per-account lockout (cloud/auth/guesses.ts): each refusal
// costs a scrypt and an audit row, and the lockout alone neither bounds what one address may try across many
// usernames nor how many audit rows a locked account's flood writes. Refused device signatures have their
// own limit of the same shape (http/signed.ts).
//
// Every attempt takes a slot in both windows BEFORE any password is compared, with one conditional upsert
// per window (so concurrent attempts cannot race past the limit); an attempt that succeeds gives its slots
// back, so only refusals use them up. A full window answers RATE_LIMITED at once — no scrypt, no audit row,
// except ONE row per window and key saying the limit was reached. Counts live in PostgreSQL, so every cloud
// process shares them. Fixed windows: a window starts at a multiple of windowMs.
import type { AuditAction } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import type { CloudDb, Queryable } from '../db/types';
import { appendAuditNow } from './audit';

export type RefusalScope = 'address' | 'account';
export const REFUSAL_LIMITS: Record<RefusalScope, { max: number; windowMs: number }> = {
  /** refused logins + registrations from one client address */
  address: { max: 20, windowMs: 10 * 60_000 },
  /** refused logins + registrations naming one username, from anywhere (the lock period's length) */
  account: { max: 20, windowMs: 15 * 60_000 },
};

interface Slot {
  scope: RefusalScope;
  key: string;
  bucket: number;
}
export interface RefusalSlots {
  slots: Slot[];
}

/**
 * Takes a slot for this attempt in the address and the account window; RATE_LIMITED when either is full
 * (the slots taken so far stay used: a rate-limited attempt is itself a refusal).
 */
export async function takeRefusalSlots(
  db: CloudDb,
  who: { address: string; account: string; orgId: string | null; action: AuditAction },
  now: number,
): Promise<RefusalSlots> {
  const taken: Slot[] = [];
  for (const scope of ['address', 'account'] as const) {
    const { max, windowMs } = REFUSAL_LIMITS[scope];
    const slot: Slot = {
      scope,
      key: scope === 'address' ? who.address : who.account,
      bucket: Math.floor(now / windowMs),
    };
    const { rows } = await db.query<{ n: number }>(
      `INSERT INTO refusal_counts (scope, key, bucket, n) VALUES ($1, $2, $3, 1)
       ON CONFLICT (scope, key, bucket) DO UPDATE SET n = refusal_counts.n + 1 WHERE refusal_counts.n < $4
       RETURNING n`,
      [slot.scope, slot.key, slot.bucket, max],
    );
    if (rows[0]) {
      // The first slot of a window prunes the windows long gone.
      if (rows[0].n === 1)
        await db.query('DELETE FROM refusal_counts WHERE scope = $1 AND bucket < $2', [scope, slot.bucket - 1]);
      taken.push(slot);
      continue;
    }
    const retryAfterMs = (slot.bucket + 1) * windowMs - now;
    const s = await db.query<{ suppressed: number }>(
      'UPDATE refusal_counts SET suppressed = suppressed + 1 WHERE scope = $1 AND key = $2 AND bucket = $3 RETURNING suppressed',
      [slot.scope, slot.key, slot.bucket],
    );
    if (s.rows[0]?.suppressed === 1) {
      await appendAuditNow(db, {
        orgId: who.orgId,
        at: now,
        ip: who.address,
        action: who.action,
        target: who.account,
        outcome: 'refused',
        errorCode: 'RATE_LIMITED',
        details: { limitReached: scope, max, windowMs },
      });
    }
    throw new AppError('RATE_LIMITED', 'Too many refused attempts; wait before trying again', {
      retryAfterMs,
      scope,
    });
  }
  return { slots: taken };
}

/** An attempt that succeeded gives its slots back: only refusals count. */
export async function returnRefusalSlots(db: Queryable, taken: RefusalSlots): Promise<void> {
  for (const s of taken.slots) {
    await db.query('UPDATE refusal_counts SET n = n - 1 WHERE scope = $1 AND key = $2 AND bucket = $3 AND n > 0', [
      s.scope,
      s.key,
      s.bucket,
    ]);
  }
}
