// "Reset device": forget this PC's registration and wipe the local data, so the PC can be registered
// afresh (for another outlet, or after a repair). Refused while any order is unacknowledged by the cloud:
// those sales exist nowhere else. The wipe runs in one transaction per file, so a crash half-way leaves
// either the old data or none of it per file; the device row goes with the sales file. The audit chain
// and the cash drawer's shifts and movements are kept: a reset must not be a way to erase what was done on
// this PC or the cash it took. An open shift stays open — the cash is still in the drawer.
import type { Db } from '../db/open';

/** Append-only local records that outlive a registration (their triggers refuse DELETE): the audit chain,
 *  and the drawer's shifts and cash movements, which exist nowhere else (the cloud never receives them);
 *  and the lists of kinds those rows name (sales 0008, copied from shared/ at every open). */
const KEPT: ReadonlySet<string> = new Set(['audit_log', 'shifts', 'cash_movements', 'kinds']);

/** Every ordinary table of a SQLite file (virtual tables included, their shadow tables and bookkeeping not),
 *  external-content FTS tables last. */
function dataTables(db: Db): { name: string; externalFts: boolean }[] {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all() as {
    name: string;
    sql: string | null;
  }[];
  const virtual = rows.filter((r) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? ''));
  return rows
    .filter(
      (r) =>
        r.name !== 'schema_migrations' &&
        !KEPT.has(r.name) &&
        !virtual.some((v) => r.name !== v.name && r.name.startsWith(`${v.name}_`)),
    )
    .map((r) => ({
      name: r.name,
      externalFts: /USING\s+fts5/i.test(r.sql ?? '') && /content\s*=\s*'[^']+'/i.test(r.sql ?? ''),
    }))
    .sort((a, b) => Number(a.externalFts) - Number(b.externalFts));
}

export function wipeLocalData(dbs: { sales: Db; catalog: Db }): void {
  for (const db of [dbs.catalog, dbs.sales]) {
    const tables = dataTables(db);
    const fk = db.pragma('foreign_keys', { simple: true });
    db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        for (const t of tables) {
          const q = `"${t.name.replaceAll('"', '""')}"`;
          // An external-content FTS index goes last: deleting its content fires the triggers that take each
          // row out of it, which fails (SQLITE_CORRUPT_VTAB) if the index was emptied first; whatever is
          // left (an index with no triggers behind it) is cleared whole with its 'delete-all' command.
          // Table order in sqlite_master is no guide: a migration that rebuilds a table moves it to the end.
          if (t.externalFts) db.prepare(`INSERT INTO ${q} (${q}) VALUES ('delete-all')`).run();
          else db.prepare(`DELETE FROM ${q}`).run();
        }
      })();
    } finally {
      db.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
    }
  }
}
