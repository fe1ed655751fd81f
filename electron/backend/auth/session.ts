// The logged-in employee, in memory only: a restart means logging in again.
// Idle lock: the till ends the session itself after IDLE_LOCK_MS without a person using it (the router calls
// touch() for every session call a person makes; screens' timers do not count), online or offline alike —
// a cashier who walks away does not leave the till selling in their name. The cloud ends its side of the
// session after the same 30 minutes (cloud/security/session-lifetime.ts SESSION_IDLE_MS).
import type { Session } from '../../../shared/api/contract';
import type { Employee } from '../../../shared/sync/protocol';

export interface ActiveSession {
  employee: Employee;
  token: string;
  expiresAt: number;
  offline: boolean;
}

export const IDLE_LOCK_MS = 30 * 60 * 1000;

/** now: the PC clock (the session's absolute end is on it); mono: a monotonic clock for the idle lock, so a
 *  PC clock set forward does not lock the till and one set back does not keep it open. */
export function createSessionHolder(
  now: () => number,
  mono: () => number = () => performance.now(),
  idleMs = IDLE_LOCK_MS,
) {
  let current: ActiveSession | null = null;
  let lastUsed = 0;
  return {
    /** the session if present, unexpired and used within the idle limit */
    get(): ActiveSession | null {
      if (!current) return null;
      if (current.expiresAt <= now() || mono() - lastUsed >= idleMs) {
        current = null; // locked: a later touch must not bring it back
        return null;
      }
      return current;
    },
    set(s: ActiveSession | null) {
      // A new login (not a token rotation of the same employee's session) starts the idle clock afresh.
      if (s && (!current || current.employee.id !== s.employee.id || !this.get())) lastUsed = mono();
      current = s;
    },
    /** a person used the session now */
    touch() {
      if (this.get()) lastUsed = mono();
    },
    view(): Session | null {
      const s = this.get();
      return s ? { employee: s.employee, expiresAt: s.expiresAt, offline: s.offline } : null;
    },
  };
}
export type SessionHolder = ReturnType<typeof createSessionHolder>;
