// Staff cards (员工卡, shared/staff-card.ts) on this till, for a supervisor override judged OFFLINE: the employee
// feed (catalog sync) hands the outlet's cards with every pull — the cloud's salted scrypt hash of each, never the
// number, and the employee it approves as — and this store replaces its list with the feed's whole (sales.db
// table staff_cards, migration 0015). A removed card (挂失) or a disabled employee is gone after the next pull.
//
// Invariants:
// - A scan is compared against every stored card (a handful), all of them, in parallel.
// - The hashes approve offline only within the outlet's offline window (the policy's offlineWindowHours, the same
//   window as an offline login) after the pull that brought them, on the cloud's clock as learned: a till cut off
//   for longer no longer knows whether a card was reported lost (挂失) or its holder disabled. Past it the till
//   answers OFFLINE / OFFLINE_CARDS_EXPIRED and the supervisor types username and password instead (their own
//   offline window) — or the cloud is reached and judges the card itself.
// - MAX_OFFLINE_FAILURES wrong cards judged offline lock offline card approval on this till until the next pull
//   of the feed (the hashes are on this disk; the lock stops guessing through the screen). A right card does
//   not clear the count: only the cloud being reached again does.
import { AppError } from '../../../shared/errors';
import { zEmployee, type Employee, type StaffCardEntry } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';
import { checkVerifier, MAX_OFFLINE_FAILURES } from './offline-credentials';

interface Row {
  employee_id: string;
  verifier: string;
  employee_json: string;
  /** when the pull that brought this list was made, on the cloud's clock as learned */
  synced_at: number;
}

export function createStaffCards(db: Db) {
  const clear = db.prepare('DELETE FROM staff_cards');
  const insert = db.prepare(
    'INSERT INTO staff_cards (employee_id, verifier, employee_json, synced_at) VALUES (?, ?, ?, ?)',
  );
  const all = db.prepare(
    'SELECT employee_id, verifier, employee_json, synced_at FROM staff_cards ORDER BY employee_id',
  );
  const failures = () =>
    (db.prepare('SELECT failed FROM staff_card_guesses WHERE id = 1').get() as { failed: number } | undefined)
      ?.failed ?? 0;
  const failed = db.prepare(
    'INSERT INTO staff_card_guesses (id, failed) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET failed = failed + 1',
  );
  const resetGuesses = db.prepare('DELETE FROM staff_card_guesses');

  return {
    /** The feed's list, as of a pull (absent: a cloud that knows no cards — then none is kept). Clears the count
     *  of wrong offline cards: the cloud has been reached. */
    replace(entries: readonly StaffCardEntry[] | undefined, at: number): void {
      db.transaction(() => {
        clear.run();
        for (const e of entries ?? []) insert.run(e.employeeId, e.verifier, JSON.stringify(e.employee), at);
        resetGuesses.run();
      })();
    },
    count(): number {
      return (db.prepare('SELECT count(*) AS n FROM staff_cards').get() as { n: number }).n;
    },
    /** The employee a canonical card number approves as, offline, at `now` (the cloud's clock as learned) with
     *  the outlet's offline window. BAD_CREDENTIALS for a card this till does not know, LOCKED_OUT after
     *  MAX_OFFLINE_FAILURES wrong ones since the last pull, OFFLINE / OFFLINE_CARDS_EXPIRED once the list is older
     *  than the window. */
    async verify(card: string, now: number, windowHours: number): Promise<Employee> {
      if (failures() >= MAX_OFFLINE_FAILURES)
        throw new AppError(
          'LOCKED_OUT',
          'Too many unknown cards; card approval works again once the cloud is reached',
          {
            reason: 'OFFLINE_CARD_LOCKED',
          },
        );
      const rows = all.all() as Row[];
      const pulledAt = rows[0]?.synced_at;
      if (pulledAt !== undefined && now > pulledAt + windowHours * 3_600_000)
        throw new AppError(
          'OFFLINE',
          'The cloud has not been reached within the offline window: staff cards approve again once it is',
          { reason: 'OFFLINE_CARDS_EXPIRED', pulledAt },
        );
      const hits = await Promise.all(rows.map((r) => checkVerifier(card, r.verifier)));
      const row = rows.find((_, i) => hits[i]);
      if (!row) {
        failed.run();
        throw new AppError('BAD_CREDENTIALS', 'This card approves nothing here', { reason: 'UNKNOWN_CARD' });
      }
      return zEmployee.parse(JSON.parse(row.employee_json));
    },
  };
}
export type StaffCards = ReturnType<typeof createStaffCards>;
