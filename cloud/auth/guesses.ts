// Runtime: Node. The guessing limit of a secret kept on the employees row: the login password
// (failed_logins, locked_until) and the second factors — super password and dynamic token share one
// counter (factor_failures, factor_locked_until). LOCKOUT.maxFailures guesses per lock period, never more.
//
// Check-and-count is ONE conditional UPDATE that reserves the guess BEFORE the secret is compared (the
// ~35 ms scrypt): concurrent guesses each take their own slot under the row lock of that statement, the one
// that takes the last slot locks the account in the same statement, and every later guess is refused
// without being compared — so no burst can race past the limit, and a right password sent just after a
// locking guess is refused. A right guess gives the slots back (count 0), but clears a lock only if it set
// that lock itself (it was the last allowed guess, and right): a stale success can never clear a lock that a
// concurrent guess placed. The counters are written with the pool, outside any request transaction, so a
// refusal's rollback cannot undo them.
import type { Queryable } from '../db/types';
import { LOCKOUT } from './policy';

export interface GuessCounter {
  failures: 'failed_logins' | 'factor_failures';
  lockedUntil: 'locked_until' | 'factor_locked_until';
}
export const LOGIN_GUESSES: GuessCounter = { failures: 'failed_logins', lockedUntil: 'locked_until' };
export const FACTOR_GUESSES: GuessCounter = { failures: 'factor_failures', lockedUntil: 'factor_locked_until' };

export type GuessOutcome =
  /** compared and right: the counter is back to 0 (and the lock this guess placed, if any, is gone) */
  | { kind: 'right' }
  /** compared and wrong; `locked` when this guess was the last allowed one and locked the account */
  | { kind: 'wrong'; locked: boolean; lockedUntil: number | null }
  /** not compared: locked, or every allowed guess of the period is taken */
  | { kind: 'locked'; lockedUntil: number | null };

/**
 * Reserves a guess on `employeeId`'s counter, then runs `compare` only if one was granted, and settles.
 * `compare` resolving false (or throwing) counts as a wrong guess; a throw is rethrown after settling.
 */
export async function guess(
  db: Queryable,
  counter: GuessCounter,
  employeeId: string,
  now: number,
  compare: () => Promise<boolean>,
): Promise<GuessOutcome> {
  const f = counter.failures;
  const l = counter.lockedUntil;
  // In SET every right-hand side reads the OLD row. A row passes WHERE when unlocked or its lock expired;
  // an expired lock starts a new period (count 1). Reaching the limit locks in the same statement.
  const { rows } = await db.query<{ n: number; until: number | null }>(
    `UPDATE employees
        SET ${f} = CASE WHEN ${l} IS NOT NULL THEN 1 ELSE ${f} + 1 END,
            ${l} = CASE WHEN (CASE WHEN ${l} IS NOT NULL THEN 1 ELSE ${f} + 1 END) >= $3 THEN $4::bigint ELSE NULL END
      WHERE id = $1 AND (${l} IS NULL OR ${l} <= $2)
      RETURNING ${f} AS n, ${l} AS until`,
    [employeeId, now, LOCKOUT.maxFailures, now + LOCKOUT.lockMs],
  );
  const slot = rows[0];
  if (!slot) {
    const cur = await db.query<{ until: number | null }>(`SELECT ${l} AS until FROM employees WHERE id = $1`, [
      employeeId,
    ]);
    return { kind: 'locked', lockedUntil: cur.rows[0]?.until ?? null };
  }
  const myLock = slot.until === null ? null : Number(slot.until);
  let right = false;
  try {
    right = await compare();
  } finally {
    if (right) {
      // Only the lock this guess placed may be lifted by it.
      await db.query(
        `UPDATE employees SET ${f} = 0, ${l} = NULL WHERE id = $1 AND (${l} IS NULL OR ${l} = $2::bigint)`,
        [employeeId, myLock],
      );
    }
  }
  return right ? { kind: 'right' } : { kind: 'wrong', locked: myLock !== null, lockedUntil: myLock };
}
