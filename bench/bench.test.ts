// Smoke test of the bench harness on a small catalog: figures are produced and well-formed. Timings are
// never asserted (they belong to `npm run bench`, not to a pass/fail test).
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../electron/backend/testing/harness';
import { benchCheckout, benchLookup, benchSearch, buildLocalCatalog } from './catalog';
import type { Figure } from './harness';
import { benchSplitCheckout } from './split-tender';
import { benchStaffCards } from './staff-card';

const dir = tempDir('bench-smoke-');
afterAll(() => dir.cleanup());

function wellFormed(f: Figure) {
  expect(f.name).toEqual(expect.any(String));
  expect(Number.isFinite(f.value)).toBe(true);
  expect(f.unit).toMatch(/\S/);
  if (f.baseline) {
    expect(Number.isFinite(f.baseline.value)).toBe(true);
    expect(f.ratio === null || Number.isFinite(f.ratio)).toBe(true);
  }
}

describe('bench harness', () => {
  it('measures search, lookup and checkout beside their baselines on a small catalog', async () => {
    const { dbs, store } = buildLocalCatalog(dir.dir + '/cat', 2000);
    expect(store.productCount()).toBe(2000);
    const figures = [...benchSearch('2k', dbs, store, 1), ...benchLookup('2k', dbs, store, 2000, 50)];
    dbs.close();
    figures.push(...benchCheckout(dir.dir + '/co', 20));
    figures.push(...benchSplitCheckout(dir.dir + '/split', 20));
    expect(figures.length).toBe(8);
    figures.push(...(await benchStaffCards(dir.dir + '/cards', [1, 3], 2)));
    expect(figures.length).toBe(10);
    for (const f of figures) {
      wellFormed(f);
      expect(f.baseline).not.toBeNull();
    }
  });
});
