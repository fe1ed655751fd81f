// Runtime: Node (tests). A fresh database per test file: PGlite in memory by default (loaded from the run's
// migrated template, pglite-template.ts); with DATABASE_URL set,
// a new PostgreSQL database with a random name on that server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openCloudDb, type OpenCloudDbOptions } from '../db/open';
import type { CloudDb } from '../db/types';
import { pgliteTemplate } from './pglite-template';

export const usingPostgres = (): boolean => Boolean(process.env.DATABASE_URL);

export interface TestDatabase {
  /** set on PostgreSQL: the URL of the fresh database (open more pools on it) */
  url?: string;
  open(extra?: Omit<OpenCloudDbOptions, 'databaseUrl' | 'dataDir'>): Promise<CloudDb>;
  /** closes every CloudDb opened through open() and drops the database */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const opened: CloudDb[] = [];
  const admin = process.env.DATABASE_URL;
  if (!admin) {
    return {
      async open(extra) {
        const from = extra?.migrate === false ? undefined : await pgliteTemplate();
        const db = await openCloudDb({ ...extra, pgliteFrom: from });
        opened.push(db);
        return db;
      },
      async drop() {
        await Promise.all(opened.map((d) => d.close().catch(() => {})));
      },
    };
  }
  const name = `qm_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    url,
    async open(extra) {
      const db = await openCloudDb({ ...extra, databaseUrl: url });
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((d) => d.close().catch(() => {})));
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
