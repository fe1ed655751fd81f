// Runtime: Node. CloudDb on a real PostgreSQL server through pg.Pool.
import pg from 'pg';
import type { CloudDb, Queryable } from './types';

// int8 (bigint/bigserial) as JS number: all our bigints (fen, epoch ms, seq) stay below 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export async function openPostgres(databaseUrl: string, poolSize = 10): Promise<CloudDb> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: types as never });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const wrap = (c: pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await c.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[] };
    },
  });
  return {
    kind: 'postgres',
    jobs: { kind: 'postgres', url: databaseUrl },
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pool.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async tx(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn(wrap(c));
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    async withConnection(fn) {
      const c = await pool.connect();
      try {
        return await fn({ ...wrap(c), exec: async (sql: string) => void (await c.query(sql)) });
      } finally {
        c.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
