// The members snapshot in catalog.db (catalog 0004): written only by the change feed (entity 'member',
// upserts and — for a closed member — deletes, applied by catalog/store.ts inside the page's transaction),
// read by the counter. Lookups are index
// lookups or bounded range scans: exact card number, exact phone, last digits of the phone (reversed-phone
// index), name prefix; then a bounded substring scan over names fills the list.
import type { Member } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';

export interface MemberRow {
  id: string;
  card_no: string;
  phone: string | null;
  name: string;
  level: string;
  discount_bps: number;
  balance: number;
  offline_allowance: number;
  seq: number;
}

/** The highest code point: `x >= q AND x < q || MAX` is an index-friendly prefix match. */
const MAX_CHAR = '\u{10FFFF}';
/** Rows a name-substring search may look at (a café has hundreds to a few thousand members). */
const NAME_SCAN_ROWS = 20_000;

const reverse = (s: string) => [...s].reverse().join('');

/** The writer the catalog store calls per 'member' change; the feed is applied in seq order. */
export function memberSnapshotWriter(db: Db) {
  const upsert =
    db.prepare(`INSERT INTO members (id, card_no, phone, phone_rev, name, level, discount_bps, balance, offline_allowance, seq)
    VALUES (@id, @cardNo, @phone, @phoneRev, @name, @level, @discountBps, @balance, @offlineAllowance, @seq)
    ON CONFLICT (id) DO UPDATE SET card_no = excluded.card_no, phone = excluded.phone, phone_rev = excluded.phone_rev,
      name = excluded.name, level = excluded.level, discount_bps = excluded.discount_bps, balance = excluded.balance,
      offline_allowance = excluded.offline_allowance, seq = excluded.seq
    WHERE excluded.seq >= members.seq`);
  const remove = db.prepare('DELETE FROM members WHERE id = ?');
  return {
    upsert(m: Member, seq: number): void {
      upsert.run({ ...m, phone: m.phone ?? null, phoneRev: m.phone ? reverse(m.phone) : null, seq });
    },
    /** the member was closed in the cloud (a feed 'delete'): gone from this counter; the feed never upserts it again */
    remove(id: string): void {
      remove.run(id);
    },
  };
}

export function createMemberSnapshot(db: Db) {
  const byId = db.prepare('SELECT * FROM members WHERE id = ?');
  const byCard = db.prepare('SELECT * FROM members WHERE card_no = @q LIMIT @limit');
  const byPhone = db.prepare('SELECT * FROM members WHERE phone = @q LIMIT @limit');
  const byPhoneSuffix = db.prepare(
    `SELECT * FROM members WHERE phone_rev >= @rq AND phone_rev < @rq || '${MAX_CHAR}' LIMIT @limit`,
  );
  const byNamePrefix = db.prepare(
    `SELECT * FROM members WHERE name >= @q AND name < @q || '${MAX_CHAR}' ORDER BY name LIMIT @limit`,
  );
  const byNameContains = db.prepare(
    `SELECT * FROM (SELECT * FROM members LIMIT ${NAME_SCAN_ROWS}) WHERE instr(name, @q) > 0 ORDER BY name LIMIT @limit`,
  );
  const count = db.prepare('SELECT count(*) FROM members').pluck();

  return {
    get: (id: string) => (byId.get(id) as MemberRow | undefined) ?? null,
    count: () => count.get() as number,
    /**
     * Card number exact first (a card reader), then phone exact, then phone suffix (4+ digits), then name
     * prefix, then name contains. Each member once, at most `limit`.
     */
    find(query: string, limit: number): MemberRow[] {
      const q = query.trim();
      if (!q) return [];
      const out = new Map<string, MemberRow>();
      const take = (rows: unknown[]) => {
        for (const r of rows as MemberRow[]) if (out.size < limit && !out.has(r.id)) out.set(r.id, r);
      };
      take(byCard.all({ q, limit }));
      if (/^\d+$/.test(q)) {
        if (out.size < limit) take(byPhone.all({ q, limit }));
        if (q.length >= 4 && out.size < limit) take(byPhoneSuffix.all({ rq: reverse(q), limit }));
      }
      if (out.size < limit) take(byNamePrefix.all({ q, limit }));
      if (out.size < limit) take(byNameContains.all({ q, limit: limit + out.size }));
      return [...out.values()];
    },
  };
}
export type MemberSnapshot = ReturnType<typeof createMemberSnapshot>;
