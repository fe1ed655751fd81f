// The phone-prefix table on the POS, held IN MEMORY: catalog.db has no table for it yet (POS catalog
// migrations belong to the catalog work), so it is pulled from the cloud's prefix feed by version cursor
// on first use and refreshed at most every REFRESH_MS. Once loaded, lookups work offline for the life of
// the backend process; before the first successful pull, lookups answer tableLoaded: false.
import type { PhonePrefix } from '../../../shared/sync/protocol';
import type { VirtualCloud } from './cloud-virtual';

const REFRESH_MS = 6 * 3600_000;

export interface PrefixTable {
  /** longest matching prefix of the digits typed so far (3..7 digits are looked at) */
  lookup(digits: string): PhonePrefix | null;
  /** pulls changes when never loaded or stale; never throws (offline keeps what it has) */
  refresh(): Promise<void>;
  loaded(): boolean;
}

export function createPrefixTable(cloud: Pick<VirtualCloud, 'prefixes'>, now: () => number): PrefixTable {
  const rows = new Map<string, PhonePrefix>();
  let cursor = 0;
  let loadedAt: number | null = null;
  let inflight: Promise<void> | null = null;

  async function pull(): Promise<void> {
    for (;;) {
      const page = await cloud.prefixes(cursor, 5000);
      for (const p of page.prefixes) rows.set(p.prefix, p);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    loadedAt = now();
  }

  return {
    lookup(digits) {
      for (let l = Math.min(7, digits.length); l >= 3; l--) {
        const hit = rows.get(digits.slice(0, l));
        if (hit) return hit;
      }
      return null;
    },
    async refresh() {
      if (loadedAt !== null && now() - loadedAt < REFRESH_MS) return;
      inflight ??= pull()
        .catch(() => {})
        .finally(() => {
          inflight = null;
        });
      await inflight;
    },
    loaded: () => loadedAt !== null,
  };
}
