// The outbox: a durable job queue in sales.db of the records the cloud must receive, one kind per entry of
// the record-kind registry (shared/sync/records.ts: orders, closed shifts …). Rows leave the "unsent" set
// only through the cloud's
// acknowledgement (acked_at); rows the cloud gave a permanent verdict on (conflict, rejected, an order too
// large to ever send) are parked (failed_at) and stay visible. Nothing is ever deleted.
//
// Invariants:
// - In order: the queue is served from its head (lowest id among unacked, unparked rows). While the head
//   waits for its backoff, nothing behind it is sent, so the cloud receives orders in the order they were
//   rung up, even across failures. A shift is enqueued when it closes, so it follows every order rung up
//   in it: it can never reach the cloud before them.
// - A failure of the whole request (network, cloud 5xx, clock, device refused) is never a verdict on an
//   order: such rows retry forever with capped backoff, they are never parked. An hour offline must not
//   strand a single sale.
// - Never a record the wire would refuse: enqueue() checks the kind's wire schema inside the caller's
//   transaction (the sale, the shift close …) and throws VALIDATION naming the field, so the record and
//   whatever it belongs to are not made at all. A row parked later (the cloud refused it) keeps its reason.
// - Robust to the PC clock: a schedule further out than the backoff cap can only come from the clock
//   jumping backwards, so such a row is due now.
import type { z } from 'zod';
import { AppError, validationError } from '../../../shared/errors';
import { RECORDS, type RecordKind, type RecordWire } from '../../../shared/sync/records';
import type { Db } from '../db/open';
import { BACKOFF_CAP_MS, backoffDelay } from './backoff';

/** An error as recorded and surfaced: cloud results may carry codes this build does not know. */
export interface SyncError {
  code: string;
  message: string;
  /** consecutive per-order verdicts with this code (transient cloud faults: engine.ts) */
  repeats?: number;
}

export interface OutboxRow {
  id: number;
  kind: RecordKind;
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

export interface OutboxStats {
  /** unacknowledged rows of either kind (orders and closed shifts): logging out and resetting wait for all */
  unsent: number;
  /** sum of the totals of unacknowledged orders (parked included): what the offline cap limits */
  unsentTotal: number;
  oldestUnsentAt: number | null;
  parked: number;
  lastParkedError: SyncError | null;
  /** when the head of the queue is next tried (null when nothing is waiting) */
  nextAttemptAt: number | null;
}

/**
 * A record checked against its kind's wire schema (shared/sync/records.ts): VALIDATION naming the field when
 * it fails. enqueue() runs it before a record is made; the engine again before a row is sent (a row that
 * fails then was made by an older build: parked with its reason, never retried).
 */
export function parseRecord<K extends RecordKind>(kind: K, data: unknown): RecordWire<K> {
  const r = (RECORDS[kind].wire as unknown as z.ZodType<RecordWire<K>>).safeParse(data);
  if (!r.success) throw validationError(r.error, RECORDS[kind].noun);
  return r.data;
}

interface Raw {
  id: number;
  kind: RecordKind;
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

export function createOutbox(db: Db, opts: { random?: () => number } = {}) {
  const insert = db.prepare(`INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at)
    VALUES (?, ?, ?, ?, ?)`);
  // The head of the queue: oldest first, so the cloud sees orders in the order they were rung up.
  const head = db.prepare(`SELECT * FROM outbox WHERE acked_at IS NULL AND failed_at IS NULL AND id > ?
    ORDER BY id LIMIT ?`);
  const ack = db.prepare(
    'UPDATE outbox SET acked_at = ?, server_id = ?, last_error = NULL WHERE id = ? AND acked_at IS NULL',
  );
  const park = db.prepare(
    'UPDATE outbox SET failed_at = ?, last_error = ?, attempts = attempts + 1 WHERE id = ? AND acked_at IS NULL',
  );
  const fail = db.prepare(
    'UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND acked_at IS NULL',
  );
  const byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const parkedRows = db.prepare(`SELECT o.*, ord.number FROM outbox o LEFT JOIN orders ord ON o.kind = 'order'
      AND ord.id = o.ref_id WHERE o.acked_at IS NULL AND o.failed_at IS NOT NULL ORDER BY o.failed_at DESC, o.id DESC LIMIT ?`);
  const unpark = db.prepare(
    'UPDATE outbox SET failed_at = NULL, next_attempt_at = ?, attempts = 0 WHERE id = ? AND acked_at IS NULL AND failed_at IS NOT NULL',
  );
  const stats = db.prepare(`SELECT count(*) AS unsent, min(o.created_at) AS oldest,
      sum(o.failed_at IS NOT NULL) AS parked, coalesce(sum(ord.total), 0) AS total
    FROM outbox o LEFT JOIN orders ord ON o.kind = 'order' AND ord.id = o.ref_id WHERE o.acked_at IS NULL`);
  const lastParked = db
    .prepare(
      'SELECT last_error FROM outbox WHERE acked_at IS NULL AND failed_at IS NOT NULL ORDER BY failed_at DESC LIMIT 1',
    )
    .pluck();
  // What still waits to go: neither acknowledged nor parked, per kind (the update policy's "outbox drained").
  const oldestWaiting = db.prepare(
    'SELECT kind, min(created_at) AS oldest FROM outbox WHERE acked_at IS NULL AND failed_at IS NULL GROUP BY kind',
  );
  const headNext = db
    .prepare('SELECT next_attempt_at FROM outbox WHERE acked_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT 1')
    .pluck();

  /** A schedule beyond the cap cannot come from backoff: the clock went back, so the row is due. */
  const isDue = (r: Raw, now: number) => r.next_attempt_at <= now || r.next_attempt_at > now + BACKOFF_CAP_MS;

  return {
    /**
     * Queues a record. Called INSIDE the transaction that makes it (checkout, shift close …), so the record
     * and its row commit together; a record the wire would refuse throws VALIDATION (naming the field) and
     * the whole transaction rolls back.
     */
    enqueue<K extends RecordKind>(
      kind: K,
      record: RecordWire<K> | z.input<(typeof RECORDS)[K]['wire']>,
      now: number,
    ): void {
      const wire = parseRecord(kind, record);
      const id = (wire as Record<string, unknown>)[RECORDS[kind].clientIdKey] as string;
      insert.run(kind, id, JSON.stringify(wire), now, now);
    },
    /**
     * Up to `limit` rows from the head of the queue (after `afterId`), or none when the head is still
     * backing off. `force` (a person pressed "sync now") ignores the schedule.
     */
    due(now: number, limit: number, force = false, afterId = 0): OutboxRow[] {
      const rows = head.all(afterId, limit) as Raw[];
      if (rows.length === 0 || (!force && !isDue(rows[0]!, now))) return [];
      return rows.map(fromRaw);
    },
    get(id: number): OutboxRow | null {
      const r = byId.get(id) as Raw | undefined;
      return r ? fromRaw(r) : null;
    },
    ack(id: number, serverId: string | null, now: number): void {
      ack.run(now, serverId, id);
    },
    /** A permanent verdict on this one order: it needs a person, not another retry. */
    park(id: number, error: SyncError, now: number): void {
      park.run(now, JSON.stringify(error), id);
    },
    /** A failed try: schedule the next with capped, jittered backoff. Never parks. */
    retryLater(row: OutboxRow, error: SyncError, now: number): void {
      const attempts = row.attempts + 1;
      fail.run(attempts, now + backoffDelay(attempts, opts.random), JSON.stringify(error), row.id);
    },
    /** createdAt of the oldest row still waiting to go (not parked), ignoring `except` kinds; null: none */
    oldestWaitingAt(except: readonly string[] = []): number | null {
      const rows = oldestWaiting.all() as { kind: string; oldest: number }[];
      const ages = rows.filter((r) => !except.includes(r.kind)).map((r) => r.oldest);
      return ages.length ? Math.min(...ages) : null;
    },
    /** The parked rows (unacknowledged, with their reason), most recently parked first. */
    parked(limit = 200): (OutboxRow & { number: string | null })[] {
      return (parkedRows.all(limit) as (Raw & { number: string | null })[]).map((r) => ({
        ...fromRaw(r),
        number: r.number,
      }));
    },
    /** A person asked to try a parked row again: it is due now, its reason kept until the next verdict. */
    unpark(id: number, now: number): boolean {
      return unpark.run(now, id).changes === 1;
    },
    stats(): OutboxStats {
      const s = stats.get() as { unsent: number; oldest: number | null; parked: number | null; total: number };
      const le = s.parked ? (lastParked.get() as string | null) : null;
      return {
        unsent: s.unsent,
        unsentTotal: s.total,
        oldestUnsentAt: s.oldest,
        parked: s.parked ?? 0,
        lastParkedError: le ? (JSON.parse(le) as SyncError) : null,
        nextAttemptAt: (headNext.get() as number | undefined) ?? null,
      };
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

export function toSyncError(e: unknown): SyncError {
  if (e instanceof AppError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: 'Unexpected error while syncing' };
}
