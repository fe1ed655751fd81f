// Forward-only, numbered migrations recorded in schema_migrations. Each one runs in its own transaction,
// so a crash mid-migration leaves the file at the previous version, never half-way.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(
    readonly kind: 'unknown' | 'gap' | 'order',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

/**
 * Brings `db` up to the last of `migrations`. Refuses (MigrationError) when the file holds a migration
 * this code does not know (made by a newer build) or when the applied set has a gap: in both cases
 * writing would corrupt data a newer or different build relies on.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], label: string): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new MigrationError('order', `${label}: migration ${m.name} should be number ${i + 1}`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
  }[];
  applied.forEach((row, i) => {
    const known = migrations[row.version - 1];
    if (!known || known.name !== row.name) {
      throw new MigrationError(
        'unknown',
        `${label} has migration ${row.version} (${row.name}) that this version does not know; refusing to start`,
      );
    }
    if (row.version !== i + 1)
      throw new MigrationError('gap', `${label} is missing migration ${i + 1}; refusing to start`);
  });
  const ran: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations.slice(applied.length)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
    ran.push(m.version);
  }
  return ran;
}
