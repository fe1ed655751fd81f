// Opens the data folder's two SQLite files with their pragmas and migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { syncKinds } from './kinds';
import { migrate, type Migration } from './migrate';
import { CATALOG_MIGRATIONS, SALES_MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

export interface Databases {
  sales: Db;
  catalog: Db;
  close(): void;
}

function openOne(
  path: string,
  synchronous: 'FULL' | 'NORMAL',
  migrations: readonly Migration[],
  label: string,
  after?: (db: Db) => void,
): Db {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations, label);
    after?.(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** sales.db holds money and must survive power loss (FULL); catalog.db is a rebuildable cache (NORMAL). */
export function openDatabases(dataDir: string): Databases {
  mkdirSync(dataDir, { recursive: true });
  // sales.db checks kinds against the lists of shared/ (db/kinds.ts), copied in at every open.
  const sales = openOne(join(dataDir, 'sales.db'), 'FULL', SALES_MIGRATIONS, 'sales.db', syncKinds);
  let catalog: Db;
  try {
    catalog = openOne(join(dataDir, 'catalog.db'), 'NORMAL', CATALOG_MIGRATIONS, 'catalog.db');
  } catch (e) {
    sales.close();
    throw e;
  }
  return {
    sales,
    catalog,
    close() {
      sales.close();
      catalog.close();
    },
  };
}
