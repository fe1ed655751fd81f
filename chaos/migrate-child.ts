// Child process of migration.test.ts: opens a FRESH data folder (so every migration runs) with each SQL
// statement batch followed by a pause, which makes the migration window wide enough to be hit by a kill.
// The pause sits after db.exec and before the transaction commits, so a kill lands inside an open
// migration transaction as often as between two. Only this test child is slowed; production code is not.
// Env: CHAOS_DATA_DIR, CHAOS_MIGRATION_PAUSE_MS.
import Database from 'better-sqlite3';
import { writeSync } from 'node:fs';
import { openDatabases } from '../electron/backend/db/open';

const pauseMs = Number(process.env.CHAOS_MIGRATION_PAUSE_MS ?? 100);
const pause = new Int32Array(new SharedArrayBuffer(4));
const proto = Database.prototype as unknown as { exec(this: Database.Database, sql: string): unknown };
const exec = proto.exec;
proto.exec = function (sql: string) {
  const r = exec.call(this, sql);
  Atomics.wait(pause, 0, 0, pauseMs);
  return r;
};

writeSync(1, 'MIGRATING\n');
const dbs = openDatabases(process.env.CHAOS_DATA_DIR!);
dbs.close();
writeSync(1, 'DONE\n');
