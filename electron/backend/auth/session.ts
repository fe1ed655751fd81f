// The logged-in employee, in memory only: a restart means logging in again.
import type { Session } from '../../../shared/api/contract';
import type { Employee } from '../../../shared/sync/protocol';

export interface ActiveSession {
  employee: Employee;
  token: string;
  expiresAt: number;
  offline: boolean;
}

export function createSessionHolder(now: () => number) {
  let current: ActiveSession | null = null;
  return {
    /** the session if present and unexpired */
    get(): ActiveSession | null {
      if (current && current.expiresAt <= now()) return null;
      return current;
    },
    set(s: ActiveSession | null) {
      current = s;
    },
    view(): Session | null {
      const s = this.get();
      return s ? { employee: s.employee, expiresAt: s.expiresAt, offline: s.offline } : null;
    },
  };
}
export type SessionHolder = ReturnType<typeof createSessionHolder>;
