// Runtime: Node. The phone-prefix table (号段 → carrier, province, city): import from the shipped TSV
// (resources/phone-prefixes.tsv), longest-prefix lookup, and the cursor feed devices pull for offline lookup.
// Import takes an advisory lock and stamps changed rows with a new version from one sequence, so versions
// grow in commit order and a device that has seen version N never misses a later change below N.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors';
import { zPhonePrefix, type PhonePrefix, type PhonePrefixesResponse } from '../../shared/sync/protocol';
import type { CloudDb, Queryable } from '../db/types';

export const PHONE_PREFIX_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'resources',
  'phone-prefixes.tsv',
);

/** Parses the TSV; a malformed line is an error naming the line (an import is all or nothing). */
export function parsePrefixTsv(text: string): PhonePrefix[] {
  const out: PhonePrefix[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [prefix, carrier, province, city] = line.split('\t');
    const p = zPhonePrefix.safeParse({ prefix, carrier, province: province || null, city: city || null });
    if (!p.success)
      throw new AppError('VALIDATION', `phone prefix file line ${i + 1}: ${p.error.issues[0]?.message ?? 'invalid'}`);
    out.push(p.data);
  });
  return out;
}

/** Upserts the rows; only rows that actually change get a new version. Returns how many changed. */
export async function importPhonePrefixes(db: CloudDb, rows: PhonePrefix[], now: number): Promise<number> {
  return db.tx(async (q) => {
    await q.query("SELECT pg_advisory_xact_lock(hashtext('qianmi:phone-prefixes'))");
    let changed = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      const params: unknown[] = [now];
      const values = part.map((r) => {
        params.push(r.prefix, r.carrier, r.province, r.city);
        const b = params.length - 3;
        return `($${b}, $${b + 1}, $${b + 2}, $${b + 3})`;
      });
      const res = await q.query(
        `INSERT INTO phone_prefixes (prefix, carrier, province, city, version, updated_at)
         SELECT v.prefix, v.carrier, v.province, v.city, nextval('phone_prefixes_version_seq'), $1
           FROM (VALUES ${values.join(',')}) AS v(prefix, carrier, province, city)
         ON CONFLICT (prefix) DO UPDATE SET carrier = EXCLUDED.carrier, province = EXCLUDED.province, city = EXCLUDED.city,
                                            version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
          WHERE (phone_prefixes.carrier, phone_prefixes.province, phone_prefixes.city) IS DISTINCT FROM (EXCLUDED.carrier, EXCLUDED.province, EXCLUDED.city)
         RETURNING prefix`,
        params,
      );
      changed += res.rows.length;
    }
    return changed;
  });
}

/** Loads the shipped table into a database that has none (first start of a cloud). */
export async function ensurePhonePrefixes(db: CloudDb, now: number, file = PHONE_PREFIX_FILE): Promise<number> {
  const { rows } = await db.query('SELECT 1 FROM phone_prefixes LIMIT 1');
  if (rows.length > 0) return 0;
  return importPhonePrefixes(db, parsePrefixTsv(readFileSync(file, 'utf8')), now);
}

interface PrefixRow {
  prefix: string;
  carrier: PhonePrefix['carrier'];
  province: string | null;
  city: string | null;
  version: number | string;
}
const toWire = (r: PrefixRow): PhonePrefix => ({
  prefix: r.prefix,
  carrier: r.carrier,
  province: r.province,
  city: r.city,
});

/** The longest prefix of `number` in the table (7 digits with a city beat a 3-digit carrier segment). */
export async function lookupPhone(q: Queryable, number: string): Promise<PhonePrefix | null> {
  if (!/^1\d{2,10}$/.test(number)) throw new AppError('VALIDATION', 'Not a mainland mobile number (prefix)');
  const candidates = [];
  for (let l = Math.min(7, number.length); l >= 3; l--) candidates.push(number.slice(0, l));
  const { rows } = await q.query<PrefixRow>(
    'SELECT * FROM phone_prefixes WHERE prefix = ANY($1::text[]) ORDER BY length(prefix) DESC LIMIT 1',
    [candidates],
  );
  if (!rows[0]) return null;
  // Province/city come from the longest row that has them; the carrier from the longest row.
  return toWire(rows[0]);
}

export async function phonePrefixChanges(q: Queryable, cursor: number, limit: number): Promise<PhonePrefixesResponse> {
  const { rows } = await q.query<PrefixRow>(
    'SELECT * FROM phone_prefixes WHERE version > $1 ORDER BY version LIMIT $2',
    [cursor, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    prefixes: page.map(toWire),
    nextCursor: page.length ? Number(page[page.length - 1]!.version) : cursor,
    hasMore: rows.length > limit,
  };
}
