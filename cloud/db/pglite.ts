// Runtime: Node. CloudDb on PGlite (embedded Postgres in WASM). One connection only: PGlite serialises
// queries itself, and its transaction() holds the connection for the callback's duration.
import { PGlite, types } from '@electric-sql/pglite';
import type { CloudDb, Queryable } from './types';

// int8 (bigint/bigserial) as JS number: all our bigints (fen, epoch ms, seq) stay below 2^53.
const parsers = { [types.INT8]: (v: string) => Number(v) };

/**
 * `from`: a data folder dumped by dumpDataDir() to start from instead of running initdb (the tests' migrated
 * template: creating a PGlite database costs several seconds, loading a dump about a quarter of that).
 */
export async function openPglite(dataDir?: string, from?: Blob): Promise<CloudDb> {
  const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(from ? { loadDataDir: from } : {}), parsers });
  const q: Queryable = {
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pg.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    },
  };
  const exec = async (sql: string) => {
    await pg.exec(sql);
  };
  // PGlite has one session, and session-level advisory locks are re-entrant within a session, so
  // pg_advisory_lock cannot keep two withConnection() callers (e.g. two migrate() runs) apart here.
  // A promise chain does: callers run one after another, as two pooled connections would under the lock.
  let connectionTail: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    jobs: { kind: 'pglite', pglite: pg },
    query: q.query,
    exec,
    async tx(fn) {
      return pg.transaction(async (t) =>
        fn({
          async query<T>(sql: string, params?: unknown[]) {
            const r = await t.query<T>(sql, params as unknown[] | undefined);
            return { rows: r.rows };
          },
        }),
      );
    },
    async withConnection(fn) {
      const run = connectionTail.then(() => fn({ query: q.query, exec }));
      connectionTail = run.catch(() => undefined);
      return run;
    },
    async close() {
      await pg.close();
    },
  };
}
