// Search as a cashier types it, over catalog.db (active products only). Every tier is an index lookup or a
// bounded scan with a LIMIT, so a query costs the same at 500k products as at 5k (docs/performance.md):
//  1. an exact barcode or SKU;
//  2. this till's best sellers that match (best-sellers.ts): the product asked for is usually one sold daily;
//  3. one term: barcode prefixes (a scanner's or a cashier's first digits, "6920702"), then prefixes of SKU,
//     pinyin initials, name and full pinyin; then, from 3 characters, trigram substring matches ranked by where
//     the query sits in the name; below 3 characters a bounded substring scan fills up;
//  4. several terms ("农夫 550"): every term must match. The terms of 3+ characters go to the trigram index
//     together (AND); shorter ones filter its matches in SQL, over a bounded number of them; with no term long
//     enough, the bounded substring scan with every term.
// Paged: `offset` skips what the cashier has seen; one row more than asked tells whether there is more.
import type { CatalogItem } from '../../../shared/api/contract';
import type { Db } from '../db/open';
import type { BestSellers } from './best-sellers';

/** The highest Unicode code point: `x >= q AND x < q || MAX` is an index-friendly prefix match. */
const MAX_CHAR = '\u{10FFFF}';
/** 1–2 character queries (below the trigram index): at most this many rows are scanned for a substring. */
export const SHORT_QUERY_SCAN_ROWS = 20_000;
/** Trigram matches fetched (in index order) and ranked in JS: bounded, unlike ORDER BY rank over all hits. */
const FTS_CANDIDATES_PER_RESULT = 4;
/** Several terms: trigram matches of the long terms looked at for the short ones, at most. */
export const MULTI_TERM_FTS_ROWS = 5_000;
/** At most this many terms are used (the rest of a long query is ignored). */
const MAX_TERMS = 4;
/** Barcode prefixes are looked up from this many digits (fewer would match half the catalog). */
const BARCODE_PREFIX_MIN = 4;

export interface SearchPage {
  items: CatalogItem[];
  hasMore: boolean;
}

interface Deps {
  /** true during the initial bulk load: only the barcode/SKU indexes exist, the FTS is not built yet */
  bulkActive: () => boolean;
  bestSellers?: BestSellers;
  /** the full row (with this till's stock estimate) for a rowid */
  item: (rowid: number) => CatalogItem | null;
}

export function createSearch(db: Db, deps: Deps) {
  const exact = db
    .prepare(`SELECT rowid FROM products WHERE (barcode = @q OR sku = @q OR sku = @uq) AND active = 1 LIMIT @limit`)
    .pluck();
  // Each prefix list is one index range scan that stops at LIMIT (no UNION materialising every match).
  const prefixOf = (col: string, param: string) =>
    db
      .prepare(
        `SELECT rowid FROM products WHERE ${col} >= @${param} AND ${col} < @${param} || '${MAX_CHAR}' AND active = 1 LIMIT @limit`,
      )
      .pluck();
  const barcodePrefix = prefixOf('barcode', 'q');
  const prefixes = [prefixOf('sku', 'uq'), prefixOf('initials', 'lq'), prefixOf('name', 'q'), prefixOf('pinyin', 'lq')];
  const ftsNames =
    db.prepare(`SELECT p.rowid AS id, p.name FROM (SELECT rowid FROM products_fts WHERE products_fts MATCH @match LIMIT @limit) f
    JOIN products p ON p.rowid = f.rowid WHERE p.active = 1`);
  const shortScan = db
    .prepare(
      `SELECT rowid FROM (SELECT rowid, name, initials_all, pinyin, sku, active FROM products LIMIT ${SHORT_QUERY_SCAN_ROWS})
    WHERE active = 1 AND ${termSql(0)} LIMIT @limit`,
    )
    .pluck();
  // several terms: statements by how many short terms filter (0..MAX_TERMS), made on first use
  const multiFts = new Map<number, ReturnType<Db['prepare']>>();
  const multiScan = new Map<number, ReturnType<Db['prepare']>>();
  const multiFtsFor = (n: number) => {
    let s = multiFts.get(n);
    if (!s) {
      const filters = Array.from({ length: n }, (_, i) => ` AND ${termSql(i)}`).join('');
      s = db.prepare(`SELECT p.rowid AS id, p.name FROM (SELECT rowid FROM products_fts WHERE products_fts MATCH @match
        LIMIT ${MULTI_TERM_FTS_ROWS}) f JOIN products p ON p.rowid = f.rowid WHERE p.active = 1${filters} LIMIT @limit`);
      multiFts.set(n, s);
    }
    return s;
  };
  const multiScanFor = (n: number) => {
    let s = multiScan.get(n);
    if (!s) {
      const filters = Array.from({ length: n }, (_, i) => ` AND ${termSql(i)}`).join('');
      s = db
        .prepare(
          `SELECT rowid FROM (SELECT rowid, name, initials_all, pinyin, sku, active FROM products LIMIT ${SHORT_QUERY_SCAN_ROWS})
          WHERE active = 1${filters} LIMIT @limit`,
        )
        .pluck();
      multiScan.set(n, s);
    }
    return s;
  };

  /** Up to `want` rowids, best first. */
  function rank(query: string, want: number): number[] {
    const q = query.trim();
    if (!q) return [];
    const terms = q.split(/\s+/).slice(0, MAX_TERMS);
    const seen = new Set<number>();
    const rowids: number[] = [];
    const take = (ids: Iterable<number>) => {
      for (const id of ids) {
        if (rowids.length >= want) return;
        if (!seen.has(id)) {
          seen.add(id);
          rowids.push(id);
        }
      }
    };
    const full = () => rowids.length >= want;
    const p = { q, lq: q.toLowerCase(), uq: q.toUpperCase(), limit: want };

    if (terms.length === 1) take(exact.all(p) as number[]);
    if (!full() && deps.bestSellers) take(deps.bestSellers.matching(terms).map((b) => b.rowid));
    if (deps.bulkActive()) {
      // Only the barcode/SKU indexes exist yet: SKU prefixes, then the bounded substring scan.
      if (!full() && terms.length === 1) take(prefixes[0]!.all(p) as number[]);
      if (!full()) take(multiScanFor(terms.length).all(termParams(terms, want + seen.size)) as number[]);
      return rowids;
    }
    if (terms.length > 1) {
      rankTerms(terms, want, seen, take);
      return rowids;
    }
    if (/^\d+$/.test(q) && q.length >= BARCODE_PREFIX_MIN && !full()) take(barcodePrefix.all(p) as number[]);
    for (const stmt of prefixes) {
      if (full()) break;
      take(stmt.all(p) as number[]);
    }
    if (full()) return rowids;
    if ([...q].length >= 3) {
      // Candidates with just their names (one join), ranked in JS; full rows only for what is shown.
      const candidates = (
        ftsNames.all({ match: phrase(q), limit: (want + seen.size) * FTS_CANDIDATES_PER_RESULT }) as Named[]
      ).filter((c) => !seen.has(c.id));
      take(byPlace(candidates, p.lq).map((c) => c.id));
    } else take(shortScan.all({ ...termParams([q], want + seen.size) }) as number[]);
    return rowids;
  }

  function rankTerms(terms: string[], want: number, seen: Set<number>, take: (ids: Iterable<number>) => void) {
    const long = terms.filter((t) => [...t].length >= 3);
    const short = terms.filter((t) => [...t].length < 3);
    const limit = want + seen.size;
    if (long.length > 0) {
      const candidates = (
        multiFtsFor(short.length).all({
          match: long.map(phrase).join(' AND '),
          ...termParams(short, limit * FTS_CANDIDATES_PER_RESULT),
        }) as Named[]
      ).filter((c) => !seen.has(c.id));
      take(byPlace(candidates, terms[0]!.toLowerCase()).map((c) => c.id));
    } else take(multiScanFor(terms.length).all(termParams(terms, limit)) as number[]);
  }

  return {
    /** One page of results: `limit` from `offset`, and whether more follow. */
    page(query: string, limit: number, offset = 0): SearchPage {
      const ids = rank(query, offset + limit + 1);
      const items = ids
        .slice(offset, offset + limit)
        .map((id) => deps.item(id))
        .filter((i): i is CatalogItem => i !== null);
      return { items, hasMore: ids.length > offset + limit };
    },
  };
}

interface Named {
  id: number;
  name: string;
}

/** Where the query sits in the name, then the shorter name first. */
function byPlace(candidates: Named[], lower: string): Named[] {
  const score = (c: Named) => {
    const at = c.name.toLowerCase().indexOf(lower);
    return (at < 0 ? 1000 : at) * 1000 + c.name.length;
  };
  return candidates.sort((a, b) => score(a) - score(b));
}

/** A term as an FTS5 phrase (quotes doubled: no FTS syntax gets through). */
const phrase = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** Term i matches name, pinyin, any initials reading or SKU (as @q<i>, @lq<i>, @uq<i>). */
function termSql(i: number): string {
  return `(instr(name, @q${i}) > 0 OR instr(initials_all, @lq${i}) > 0 OR instr(pinyin, @lq${i}) > 0 OR instr(sku, @uq${i}) > 0)`;
}

function termParams(terms: string[], limit: number): Record<string, string | number> {
  const out: Record<string, string | number> = { limit };
  terms.forEach((t, i) => {
    out[`q${i}`] = t;
    out[`lq${i}`] = t.toLowerCase();
    out[`uq${i}`] = t.toUpperCase();
  });
  return out;
}
