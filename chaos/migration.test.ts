// Migration chaos: a child process opens a fresh data folder and is killed with SIGKILL while the schema
// migrations run (a test-only pause after each statement batch widens the window). Each migration is its
// own transaction, so the file must hold exactly a prefix of the migrations — schema_migrations and the
// tables agree — and the next start must finish the rest.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabases } from '../electron/backend/db/open';
import type { Migration } from '../electron/backend/db/migrate';
import { CATALOG_MIGRATIONS, SALES_MIGRATIONS } from '../electron/backend/db/migrations/index';
import { spawnChild } from './child';
import { chaosSeed, createRng, FULL } from './prng';
import { tempDir } from './world';

const KILLS = FULL ? 60 : 6;
const PAUSE_MS = 120;
const FILES: [string, readonly Migration[]][] = [
  ['sales.db', SALES_MIGRATIONS],
  ['catalog.db', CATALOG_MIGRATIONS],
];

/** Tables a migration leaves behind: those it creates, less those it renames away (a table rebuild). */
const tablesOf = (m: Migration) => {
  const created = [...m.sql.matchAll(/CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w+)/gi)].map(
    (x) => x[1]!,
  );
  const renamedAway = new Set([...m.sql.matchAll(/ALTER\s+TABLE\s+["`]?(\w+)["`]?\s+RENAME\s+TO/gi)].map((x) => x[1]!));
  return created.filter((t) => !renamedAway.has(t));
};

/** The file as the kill left it: applied versions are 1..k, and exactly those migrations' tables exist. */
function checkPrefix(path: string, migrations: readonly Migration[]): number {
  if (!existsSync(path)) return 0;
  const db = new Database(path, { fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const applied = tables.has('schema_migrations')
      ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[])
      : [];
    expect(applied).toEqual(applied.map((_, i) => i + 1));
    migrations.forEach((m, i) => {
      for (const t of tablesOf(m))
        expect(tables.has(t), `${path}: table ${t} of ${m.name} (applied: ${applied.length})`).toBe(i < applied.length);
    });
    return applied.length;
  } finally {
    db.close();
  }
}

describe(`SIGKILL during schema migrations (${KILLS} kills)`, () => {
  const seed = chaosSeed('migration');

  it(
    'leaves a consistent prefix of migrations, and the next start completes them',
    { timeout: FULL ? 1_800_000 : 120_000 },
    async () => {
      const rng = createRng(seed);
      const statements = FILES.reduce((n, [, ms]) => n + ms.length, 0) + FILES.length; // + the schema_migrations table
      const seen: string[] = [];
      for (let k = 0; k < KILLS; k++) {
        const dir = tempDir('pos-chaos-migrate-');
        try {
          const child = spawnChild('./migrate-child.ts', {
            CHAOS_DATA_DIR: dir.dir,
            CHAOS_MIGRATION_PAUSE_MS: String(PAUSE_MS),
          });
          try {
            await child.waitFor(/^MIGRATING$/);
            await new Promise((r) => setTimeout(r, rng.int(0, statements * PAUSE_MS)));
          } finally {
            await child.kill();
          }
          const progress = FILES.map(([f, ms]) => `${f}:${checkPrefix(join(dir.dir, f), ms)}/${ms.length}`).join(' ');
          seen.push(progress);
          // The next start recovers: every migration applied, recorded once, schema intact.
          const dbs = openDatabases(dir.dir);
          try {
            expect(dbs.sales.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(
              SALES_MIGRATIONS.length,
            );
            expect(dbs.catalog.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(
              CATALOG_MIGRATIONS.length,
            );
          } finally {
            dbs.close();
          }
          for (const [f, ms] of FILES) expect(checkPrefix(join(dir.dir, f), ms)).toBe(ms.length);
        } finally {
          dir.cleanup();
        }
      }
      console.log(`[chaos] migration seed ${seed}: state at each kill: ${seen.join(' | ')}`);
    },
  );
});
