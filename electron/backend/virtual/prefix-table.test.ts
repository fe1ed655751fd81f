// catalog 0003 (phone_prefixes) and the prefix table's paging: one transaction per page with its cursor,
// resume after a pull cut short, longest-prefix lookup, and a refused bad row leaves the page unapplied.
import { afterEach, describe, expect, it } from 'vitest';
import type { PhonePrefix, PhonePrefixesResponse } from '../../../shared/sync/protocol';
import { openDatabases, type Databases } from '../db/open';
import { tempDir } from '../testing/harness';
import { createPrefixTable } from './prefix-table';

const ROWS: PhonePrefix[] = [
  { prefix: '138', carrier: 'cmcc', province: null, city: null },
  { prefix: '1380013', carrier: 'cmcc', province: '北京', city: '北京' },
  { prefix: '186', carrier: 'cucc', province: null, city: null },
  { prefix: '133', carrier: 'ctcc', province: null, city: null },
];

/** The cloud's feed over ROWS, two rows a page; `failAt` makes that page's request fail (network drop). */
function feed(failAt?: number) {
  const calls: number[] = [];
  return {
    calls,
    async prefixes(cursor: number): Promise<PhonePrefixesResponse> {
      calls.push(cursor);
      if (failAt !== undefined && cursor === failAt) throw new Error('network down');
      const page = ROWS.slice(cursor, cursor + 2);
      return { prefixes: page, nextCursor: cursor + page.length, hasMore: cursor + page.length < ROWS.length };
    },
  };
}

describe('phone prefix table in catalog.db', () => {
  let dbs: Databases | undefined;
  const dir = tempDir();
  afterEach(() => {
    dbs?.close();
    dbs = undefined;
  });

  it('resumes a pull cut short at its last committed page, and looks up the longest prefix', async () => {
    dbs = openDatabases(dir.dir);
    const cut = createPrefixTable(dbs.catalog, feed(2), () => 1000);
    await cut.refresh(); // page 1 commits, page 2 fails: kept, not marked pulled
    expect(cut.loaded()).toBe(false);
    expect(cut.lookup('13800138000')?.province).toBe('北京');
    const again = feed();
    const table = createPrefixTable(dbs.catalog, again, () => 2000);
    await table.refresh();
    expect(again.calls).toEqual([2]); // resumed from the committed cursor
    expect(table.loaded()).toBe(true);
    expect(table.lookup('1380013')).toEqual(ROWS[1]);
    expect(table.lookup('13899990000')).toEqual(ROWS[0]);
    expect(table.lookup('18612345678')?.carrier).toBe('cucc');
    expect(table.lookup('199')).toBeNull();
    expect(table.lookup('13')).toBeNull();
    // fresh: no request until REFRESH_MS has passed
    await table.refresh();
    expect(again.calls).toEqual([2]);
  });

  it('refuses a row the schema does not allow, applying nothing of that page', async () => {
    dbs = openDatabases(tempDir().dir);
    const bad = {
      async prefixes(): Promise<PhonePrefixesResponse> {
        return { prefixes: [ROWS[0]!, { ...ROWS[2]!, carrier: 'xx' as 'cucc' }], nextCursor: 2, hasMore: false };
      },
    };
    await createPrefixTable(dbs.catalog, bad, () => 1).refresh();
    expect(dbs.catalog.prepare('SELECT count(*) FROM phone_prefixes').pluck().get()).toBe(0);
    expect(
      dbs.catalog.prepare("SELECT value FROM sync_state WHERE key = 'prefixes.cursor'").pluck().get(),
    ).toBeUndefined();
  });
});
