// "Reset device": forget this PC's registration and wipe the local data, so the PC can be registered
// afresh (for another outlet, or after a repair). Refused while any order is unacknowledged by the cloud:
// those sales exist nowhere else. The wipe runs in one transaction per file, so a crash half-way leaves
// either the old data or none of it per file; the device row goes with the sales file. The audit chain
// is kept: a reset must not be a way to erase what was done on this PC.
import type { Db } from '../db/open';

/** Every ordinary table of a SQLite file (virtual tables included, their shadow tables and bookkeeping not). */
function dataTables(db: Db): string[] {
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as {
    name: string;
    sql: string | null;
  }[];
  const virtual = rows.filter((r) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  return rows
    .map((r) => r.name)
    // audit_log is append-only (its triggers refuse DELETE) and outlives a registration.
    .filter((n) => n !== 'schema_migrations' && n !== 'audit_log' && !virtual.some((v) => n !== v && n.startsWith(`${v}_`)));
}

export function wipeLocalData(dbs: { sales: Db; catalog: Db }): void {
  for (const db of [dbs.catalog, dbs.sales]) {
    const tables = dataTables(db);
    const fk = db.pragma('foreign_keys', { simple: true });
    db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        for (const t of tables) db.prepare(`DELETE FROM "${t.replaceAll('"', '""')}"`).run();
      })();
    } finally {
      db.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
    }
  }
}
