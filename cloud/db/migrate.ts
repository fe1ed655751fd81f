// Runtime: Node. Forward-only numbered migrations (migrations/NNNN_name.sql), the same SQL for PGlite and
// PostgreSQL. Applied at start under a session advisory lock, so two processes starting at once apply each
// migration exactly once. A database that has a migration this code does not know was made by newer code:
// we refuse to start rather than run old code against a newer schema.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CloudDb } from './types';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Arbitrary constant key for pg_advisory_lock: "migrations of the qianmi cloud". */
const MIGRATION_LOCK_KEY = 727_001;

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 0001.. without gaps; found ${m.version} at position ${i + 1}`);
  });
  return out;
}

export async function migrate(
  db: CloudDb,
  migrations: Migration[] = loadMigrations(),
  upTo?: number,
): Promise<number[]> {
  return db.withConnection(async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await c.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at bigint NOT NULL
      )`);
      const { rows } = await c.query<{ version: number; name: string }>(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      const known = new Map(migrations.map((m) => [m.version, m]));
      for (const r of rows) {
        const m = known.get(r.version);
        if (!m || m.name !== r.name) {
          throw new Error(
            `database has migration ${r.version}_${r.name} that this code does not know; refusing to start`,
          );
        }
      }
      const applied = new Set(rows.map((r) => r.version));
      const done: number[] = [];
      for (const m of migrations) {
        if (applied.has(m.version) || (upTo !== undefined && m.version > upTo)) continue;
        // Each migration and its record commit together: a crash leaves either both or neither.
        await c.exec(
          `BEGIN;\n${m.sql}\n;INSERT INTO schema_migrations(version, name, applied_at) VALUES (${m.version}, '${m.name}', ${Date.now()});\nCOMMIT;`,
        );
        done.push(m.version);
      }
      return done;
    } catch (e) {
      await c.exec('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}
