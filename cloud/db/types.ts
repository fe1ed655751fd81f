// Runtime: Node. The one database seam of the cloud: PostgreSQL (pg.Pool) or PGlite behind the same shape.
// Repositories take a Queryable so the same code runs inside or outside a transaction.
import type { PGlite } from '@electric-sql/pglite';

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/** What the job queue (pg-boss, cloud/jobs/) connects through: the embedded PGlite itself, or the server's URL. */
export type JobsConnection = { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; url: string };

export interface CloudDb extends Queryable {
  /** Runs fn inside BEGIN/COMMIT on one connection; any throw rolls back and rethrows. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations). Not for user input. */
  exec(sql: string): Promise<void>;
  /** Runs fn with one dedicated connection held for its duration (session-level advisory locks). */
  withConnection<T>(fn: (q: Queryable & { exec(sql: string): Promise<void> }) => Promise<T>): Promise<T>;
  readonly kind: 'postgres' | 'pglite';
  readonly jobs: JobsConnection;
  close(): Promise<void>;
}
