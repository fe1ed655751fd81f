// The outbox: a durable job queue in sales.db. Rows leave the "unsent" set only through the cloud's
// acknowledgement (acked_at); rows that cannot succeed are parked (failed_at) and stay visible. Nothing is
// ever deleted.
import { AppError, validationError } from '../../../shared/errors';
import { zOrderWire, type OrderWire } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';
import { backoffDelay } from './backoff';

/** After this many failed attempts a row is parked: it needs a person, not another retry. */
export const MAX_ATTEMPTS = 10;

/** An error as recorded and surfaced: cloud results may carry codes this build does not know. */
export interface SyncError {
  code: string;
  message: string;
}

export interface OutboxRow {
  id: number;
  kind: 'order';
  refId: string;
  payload: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: SyncError | null;
  ackedAt: number | null;
  serverId: string | null;
  failedAt: number | null;
}

/** Validates a payload before it is sent: a row that fails here is a bug, parked rather than retried. */
export function parseData(data: unknown): OrderWire {
  const r = zOrderWire.safeParse(data);
  if (!r.success) throw validationError(r.error, 'outbox order');
  return r.data;
}

interface Raw {
  id: number;
  kind: 'order';
  ref_id: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  acked_at: number | null;
  server_id: string | null;
  failed_at: number | null;
}

const fromRaw = (r: Raw): OutboxRow => ({
  id: r.id,
  kind: r.kind,
  refId: r.ref_id,
  payload: r.payload,
  createdAt: r.created_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error ? (JSON.parse(r.last_error) as SyncError) : null,
  ackedAt: r.acked_at,
  serverId: r.server_id,
  failedAt: r.failed_at,
});

export function createOutbox(db: Db, opts: { random?: () => number; maxAttempts?: number } = {}) {
  const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
  const insert = db.prepare(`INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at)
    VALUES ('order', ?, ?, ?, ?)`);
  // Oldest first: the cloud sees orders in the order they were rung up.
  const due = db.prepare(`SELECT * FROM outbox WHERE acked_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
    ORDER BY id LIMIT ?`);
  const ack = db.prepare('UPDATE outbox SET acked_at = ?, server_id = ?, last_error = NULL WHERE id = ? AND acked_at IS NULL');
  const park = db.prepare('UPDATE outbox SET failed_at = ?, last_error = ?, attempts = attempts + 1 WHERE id = ? AND acked_at IS NULL');
  const fail = db.prepare('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, failed_at = ? WHERE id = ?');
  const byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const stats = db.prepare(`SELECT count(*) AS unsent, min(created_at) AS oldest,
      sum(failed_at IS NOT NULL) AS parked FROM outbox WHERE acked_at IS NULL`);
  const lastParked = db.prepare('SELECT last_error FROM outbox WHERE acked_at IS NULL AND failed_at IS NOT NULL ORDER BY failed_at DESC LIMIT 1').pluck();

  return {
    /** Called inside the checkout transaction: the order and its outbox row commit together. */
    enqueueOrder(order: OrderWire, now: number): void {
      insert.run(order.clientOrderId, JSON.stringify(order), now, now);
    },
    /** Unacked, unparked rows whose next attempt is due (`force` ignores the schedule). */
    due(now: number, limit: number, force = false): OutboxRow[] {
      return (due.all(force ? Number.MAX_SAFE_INTEGER : now, limit) as Raw[]).map(fromRaw);
    },
    get(id: number): OutboxRow | null {
      const r = byId.get(id) as Raw | undefined;
      return r ? fromRaw(r) : null;
    },
    ack(id: number, serverId: string | null, now: number): void {
      ack.run(now, serverId, id);
    },
    park(id: number, error: SyncError, now: number): void {
      park.run(now, JSON.stringify(error), id);
    },
    /** A failed try: schedule the next with backoff, or park once attempts run out. */
    retryLater(row: OutboxRow, error: SyncError, now: number): void {
      const attempts = row.attempts + 1;
      const parked = attempts >= maxAttempts ? now : null;
      fail.run(attempts, now + backoffDelay(attempts, opts.random), JSON.stringify(error), parked, row.id);
    },
    stats(): { unsent: number; oldestUnsentAt: number | null; parked: number; lastParkedError: SyncError | null } {
      const s = stats.get() as { unsent: number; oldest: number | null; parked: number | null };
      const le = s.parked ? (lastParked.get() as string | null) : null;
      return { unsent: s.unsent, oldestUnsentAt: s.oldest, parked: s.parked ?? 0, lastParkedError: le ? (JSON.parse(le) as SyncError) : null };
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

export function toSyncError(e: unknown): SyncError {
  if (e instanceof AppError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: 'Unexpected error while syncing' };
}
