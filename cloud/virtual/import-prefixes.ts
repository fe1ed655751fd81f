// Runtime: Node. CLI: import a phone-prefix TSV into the cloud database.
//   npx tsx cloud/virtual/import-prefixes.ts [file.tsv]     (DATABASE_URL, or CLOUD_DATA_DIR for PGlite)
import { readFileSync } from 'node:fs';
import { openCloudDb } from '../db/open';
import { importPhonePrefixes, parsePrefixTsv, PHONE_PREFIX_FILE } from './prefixes';

const file = process.argv[2] ?? PHONE_PREFIX_FILE;
const rows = parsePrefixTsv(readFileSync(file, 'utf8'));
const db = await openCloudDb({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATABASE_URL ? undefined : (process.env.CLOUD_DATA_DIR ?? './.data/cloud'),
});
try {
  const changed = await importPhonePrefixes(db, rows, Date.now());
  console.log(`phone prefixes: ${rows.length} read from ${file}, ${changed} new or changed`);
} finally {
  await db.close();
}
