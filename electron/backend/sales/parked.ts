// Parked baskets (挂单) in sales.db (sales 0009 parked_baskets): the store behind park.* (parked-handlers.ts).
// Each write commits with its audit row in one transaction; a basket is closed only by its sale (in the
// checkout transaction, sales/checkout.ts) or a discard with a reason. A basket recalled into a cart is off the
// list; when the cart lets go of it (cleared, logout, login) or the process ends, it is released back onto the
// list as it was parked — at start every recalled basket is released, since this process's carts are new.
import type { AuditEntry } from '../audit/chain';
import { appendAudit } from '../audit/chain';
import type { Db } from '../db/open';

export interface ParkedRow {
  id: string;
  parked_at: number;
  parked_by: string;
  member_name: string | null;
  seat: string | null;
  note: string | null;
  item_count: number;
  total: number;
  /** the cart's snapshot (sales/cart.ts CartSnapshot) as JSON */
  basket: string;
}

export interface ParkInput {
  id: string;
  at: number;
  by: string;
  memberId: string | null;
  memberName: string | null;
  seat: string | null;
  note: string | null;
  itemCount: number;
  total: number;
  basket: string;
}

export interface ParkedStore {
  /** the baskets waiting on the list, oldest first */
  list(): ParkedRow[];
  get(id: string): ParkedRow | undefined;
  /** parks the basket (again, when `again`: the cart was recalled from it) with its audit row, one transaction */
  save(row: ParkInput, again: boolean, audit: AuditEntry): void;
  /**
   * Takes the waiting basket off the list with its audit row (built from the row), one transaction; undefined
   * when it is not waiting any more (sold, discarded or recalled) and nothing is written.
   */
  recall(id: string, at: number, by: string, audit: (row: ParkedRow) => AuditEntry): ParkedRow | undefined;
  /** closes the waiting basket as discarded with its audit row, one transaction; false when it was not waiting */
  discard(id: string, at: number, by: string, reason: string, audit: (row: ParkedRow) => AuditEntry): boolean;
  /** puts a recalled basket back onto the list (its cart let go of it without selling it) */
  release(id: string): void;
  /** puts every recalled basket back onto the list (at start: no cart holds one) */
  releaseAll(): void;
}

export function createParkedStore(db: Db): ParkedStore {
  const listRows = db.prepare(
    'SELECT * FROM parked_baskets WHERE closed_at IS NULL AND recalled_at IS NULL ORDER BY parked_at, id',
  );
  const byId = db.prepare('SELECT * FROM parked_baskets WHERE id = ?');
  const insert = db.prepare(`INSERT INTO parked_baskets (id, parked_at, parked_by, member_id, member_name, seat, note,
      item_count, total, basket) VALUES (@id, @at, @by, @memberId, @memberName, @seat, @note, @itemCount, @total, @basket)`);
  const repark = db.prepare(`UPDATE parked_baskets SET parked_at = @at, parked_by = @by, member_id = @memberId,
      member_name = @memberName, seat = @seat, note = @note, item_count = @itemCount, total = @total, basket = @basket,
      recalled_at = NULL, recalled_by = NULL WHERE id = @id AND closed_at IS NULL`);
  const markRecalled = db.prepare(
    'UPDATE parked_baskets SET recalled_at = ?, recalled_by = ? WHERE id = ? AND closed_at IS NULL AND recalled_at IS NULL',
  );
  const discard = db.prepare(`UPDATE parked_baskets SET closed_at = ?, closed_by = ?, outcome = 'discarded', reason = ?
      WHERE id = ? AND closed_at IS NULL AND recalled_at IS NULL`);
  const release = db.prepare(
    'UPDATE parked_baskets SET recalled_at = NULL, recalled_by = NULL WHERE id = ? AND closed_at IS NULL',
  );
  const releaseAll = db.prepare(
    'UPDATE parked_baskets SET recalled_at = NULL, recalled_by = NULL WHERE closed_at IS NULL AND recalled_at IS NOT NULL',
  );
  const get = (id: string) => byId.get(id) as ParkedRow | undefined;

  return {
    list: () => listRows.all() as ParkedRow[],
    get,
    save: (row, again, audit) =>
      db.transaction(() => {
        if (again) repark.run(row);
        else insert.run(row);
        appendAudit(db, audit);
      })(),
    recall: (id, at, by, audit) =>
      db.transaction(() => {
        const row = get(id);
        if (!row || markRecalled.run(at, by, id).changes !== 1) return undefined;
        appendAudit(db, audit(row));
        return row;
      })(),
    discard: (id, at, by, reason, audit) =>
      db.transaction(() => {
        const row = get(id);
        if (!row || discard.run(at, by, reason, id).changes !== 1) return false;
        appendAudit(db, audit(row));
        return true;
      })(),
    release(id) {
      release.run(id);
    },
    releaseAll() {
      releaseAll.run();
    },
  };
}

/** For shift.close: how many baskets wait (on the list or in a cart). */
export function openBaskets(db: Db): number {
  return db.prepare('SELECT count(*) FROM parked_baskets WHERE closed_at IS NULL').pluck().get() as number;
}
