// Runtime: Node. `npx tsx bench/search-only.ts [size…]`: only the catalog search and lookup figures of
// `npm run bench`, on local catalogs of the given sizes (default 500000) — for working on search without
// the whole run. Same catalog, queries and figures as bench/run.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchLookup, benchSearch, buildLocalCatalog } from './catalog';
import { printFigures, type Figure } from './harness';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const root = mkdtempSync(join(tmpdir(), 'qianmi-bench-search-'));
try {
  const figures: Figure[] = [];
  for (const n of sizes.length ? sizes : [500_000]) {
    const label = `${n / 1000}k`;
    console.error(`· building a local catalog of ${label} products`);
    const { dbs, store, ms } = buildLocalCatalog(join(root, `cat-${n}`), n);
    console.error(`·   applied in ${(ms / 1000).toFixed(1)} s`);
    figures.push(...benchSearch(label, dbs, store, 30));
    figures.push(...benchLookup(label, dbs, store, n, 2000));
    dbs.close();
  }
  printFigures(figures, false);
} finally {
  rmSync(root, { recursive: true, force: true });
}
