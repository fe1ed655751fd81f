// Runtime: Node. Opens the cloud database: real PostgreSQL when a URL is given, else PGlite in a data
// folder (or in memory), and brings the schema up to date before anyone uses it.
import { mkdirSync } from 'node:fs';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { CloudDb } from './types';

export type { CloudDb, Queryable, QueryResult } from './types';

export interface OpenCloudDbOptions {
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
  /** false to skip migrations (tests of the migrator itself) */
  migrate?: boolean;
  /** PGlite only: start from this dumped data folder (tests: an already migrated template) */
  pgliteFrom?: Blob;
}

export async function openCloudDb(opts: OpenCloudDbOptions = {}): Promise<CloudDb> {
  let db: CloudDb;
  if (opts.databaseUrl) db = await openPostgres(opts.databaseUrl, opts.poolSize);
  else {
    if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
    db = await openPglite(opts.dataDir, opts.pgliteFrom);
  }
  if (opts.migrate !== false) {
    try {
      await migrate(db);
    } catch (e) {
      await db.close().catch(() => {});
      throw e;
    }
  }
  return db;
}
