// The phone-prefix table on the POS, in catalog.db (migration catalog 0003): pulled from the cloud's
// prefix feed by version cursor, one transaction per page together with its cursor, so a pull cut short
// resumes where it stopped and lookups work offline, also after a restart. Refreshed on use when never
// pulled or older than REFRESH_MS; a failed refresh (offline) keeps what the table has.
import type Database from 'better-sqlite3';
import type { PhonePrefix } from '../../../shared/sync/protocol';
import type { VirtualCloud } from './cloud-virtual';

const REFRESH_MS = 6 * 3600_000;
const PAGE = 5000;
const CURSOR_KEY = 'prefixes.cursor';
const PULLED_KEY = 'prefixes.pulledAt';

export interface PrefixTable {
  /** longest matching prefix of the digits typed so far (3..7 digits are looked at) */
  lookup(digits: string): PhonePrefix | null;
  /** pulls changes when never pulled or stale; never throws (offline keeps what it has) */
  refresh(): Promise<void>;
  /** the table has been pulled at least once on this computer */
  loaded(): boolean;
}

export function createPrefixTable(
  db: Database.Database,
  cloud: Pick<VirtualCloud, 'prefixes'>,
  now: () => number,
): PrefixTable {
  const getState = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck();
  const setState = db.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const upsert = db.prepare(
    'INSERT INTO phone_prefixes (prefix, carrier, province, city) VALUES (@prefix, @carrier, @province, @city) ON CONFLICT (prefix) DO UPDATE SET carrier = excluded.carrier, province = excluded.province, city = excluded.city',
  );
  // The candidates are the typed digits' own prefixes (at most 5), so this is at most 5 index probes.
  const longest = db.prepare(
    'SELECT prefix, carrier, province, city FROM phone_prefixes WHERE prefix IN (SELECT value FROM json_each(?)) ORDER BY length(prefix) DESC LIMIT 1',
  );
  const applyPage = db.transaction((rows: PhonePrefix[], cursor: number, last: boolean) => {
    for (const p of rows) upsert.run(p);
    setState.run(CURSOR_KEY, String(cursor));
    if (last) setState.run(PULLED_KEY, String(now()));
  });
  const num = (key: string): number | null => {
    const v = getState.get(key) as string | undefined;
    return v === undefined ? null : Number(v);
  };
  let inflight: Promise<void> | null = null;

  async function pull(): Promise<void> {
    let cursor = num(CURSOR_KEY) ?? 0;
    for (;;) {
      const page = await cloud.prefixes(cursor, PAGE);
      // A cursor never goes backwards: re-applying older rows over newer ones would undo a change.
      const next = Math.max(cursor, page.nextCursor);
      const last = !page.hasMore || page.prefixes.length === 0;
      applyPage(page.prefixes, next, last);
      cursor = next;
      if (last) break;
    }
  }

  return {
    lookup(digits) {
      const candidates: string[] = [];
      for (let l = Math.min(7, digits.length); l >= 3; l--) candidates.push(digits.slice(0, l));
      if (candidates.length === 0) return null;
      return (longest.get(JSON.stringify(candidates)) as PhonePrefix | undefined) ?? null;
    },
    async refresh() {
      const pulledAt = num(PULLED_KEY);
      if (pulledAt !== null && now() - pulledAt < REFRESH_MS) return;
      inflight ??= pull()
        .catch(() => {})
        .finally(() => {
          inflight = null;
        });
      await inflight;
    },
    loaded: () => num(PULLED_KEY) !== null,
  };
}
