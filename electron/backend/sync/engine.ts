// Pushes the outbox to the cloud: one run at a time (a second request joins it), oldest first, in
// batches. The cloud's (device, client id) keys make re-sending safe, so any doubt means "send again". A
// request that fails as a whole stops the run: the head of the queue backs off and nothing overtakes it.
// Every kind of record shares the queue: each fetched batch is cut into runs of consecutive rows of one kind,
// sent in queue order, each to its kind's route as the record-kind registry declares it
// (shared/sync/records.ts) — nothing here names a kind. A shift never overtakes the orders ahead of it, and
// nothing behind a failed run is sent, except past a kind whose ordering is 'independent'.
import type { SyncStatus } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import {
  RECORD_KIND_NAMES,
  RECORDS,
  TRANSIENT_VERDICT_CODES,
  verdictOf,
  type RecordKind,
  type Verdict,
} from '../../../shared/sync/records';
import type { CloudClient } from './cloud-client';
import { parseRecord, toSyncError, type Outbox, type OutboxRow, type SyncError } from './outbox';

/** Per-order verdicts that describe the cloud's state, not the order: worth another try. */
const TRANSIENT_VERDICTS = new Set(TRANSIENT_VERDICT_CODES);
/** Verdicts on the record itself: sending it again as it is cannot succeed. */
const VERDICTS_ON_THE_RECORD = new Set(['VALIDATION', 'CONFLICT', 'PAYLOAD_TOO_LARGE']);
/** A parked row worth another try by a person once the cloud is fixed (not refused for what it is). */
export const isRetryable = (e: { code: string } | null): boolean => !!e && !VERDICTS_ON_THE_RECORD.has(e.code);

/** Consecutive transient verdicts after which the order is parked (about four minutes of backoff in all). */
export const MAX_TRANSIENT_VERDICTS = 8;

export const PUSH_BATCH_SIZE = Math.min(100, ...RECORD_KIND_NAMES.map((k) => RECORDS[k].batchMax));

type Outcome = 'online' | 'offline' | 'error';
interface Sendable {
  row: OutboxRow;
  payload: unknown;
}

export interface SyncEngineDeps {
  outbox: Outbox;
  cloud: CloudClient;
  now: () => number;
  /** false while the device is not registered/active: nothing can be signed */
  canSync: () => boolean;
  sessionToken: () => string | undefined;
  onStatus: (s: SyncStatus) => void;
  /** the cloud says this device is revoked or awaiting approval: the binding must learn it */
  onDeviceRefused?: (code: 'DEVICE_REVOKED' | 'DEVICE_PENDING') => void;
  /** when the catalog was last pulled from the cloud (kept in catalog.db across restarts): a sync too, so the
   *  header says when, not 尚未同步, while a catalog pulled before this start is on screen */
  lastPulledAt?: () => number | null;
  /** a reason nothing may sync now (this till is below its cloud's minimum version): shown as the error */
  blocked?: () => SyncError | null;
  /** whether the cloud takes this kind (the capability handshake, sync/handshake.ts); default: every kind */
  takes?: (kind: RecordKind) => boolean;
  log?: (msg: string, e?: unknown) => void;
}

const latest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function createSyncEngine(d: SyncEngineDeps) {
  let running: Promise<SyncStatus> | null = null;
  let outcome: Outcome = 'offline';
  let lastError: SyncError | null = null;
  let lastSyncAt: number | null = null;
  let lastEmitted = '';

  function status(): SyncStatus {
    const s = d.outbox.stats();
    const blocked = d.blocked?.() ?? null;
    const state = blocked ? 'error' : running ? 'syncing' : outcome === 'online' && s.parked > 0 ? 'error' : outcome;
    return {
      state,
      unsent: s.unsent,
      oldestUnsentAt: s.oldestUnsentAt,
      lastSyncAt: latest(lastSyncAt, d.lastPulledAt?.() ?? null),
      lastError: blocked ?? lastError ?? s.lastParkedError,
      nextAttemptAt: s.nextAttemptAt,
      heldKinds: RECORD_KIND_NAMES.filter((k) => d.takes && !d.takes(k)),
      parked: s.parked,
    };
  }

  function emit() {
    const s = status();
    const key = JSON.stringify(s);
    if (key !== lastEmitted) {
      lastEmitted = key;
      d.onStatus(s);
    }
  }

  /** Any contact with the cloud (catalog pull, login) tells us whether we are online. */
  function noteContact(error: unknown | null) {
    if (error === null) {
      if (outcome !== 'online') {
        outcome = 'online';
        if (lastError?.code === 'OFFLINE') lastError = null;
      }
    } else if (error instanceof AppError && error.code === 'OFFLINE') {
      outcome = 'offline';
      lastError = toSyncError(error);
    }
    emit();
  }

  /** A run of one kind to its route; answers as verdicts keyed by the row's ref id. */
  async function pushKind(kind: RecordKind, payloads: unknown[]): Promise<Verdict[]> {
    const r = await d.cloud.pushRecords(kind, payloads, d.sessionToken());
    return r.results.map((x) => verdictOf(kind, x as Record<string, unknown>));
  }

  /** Per-row verdicts from the cloud: ack, park (permanent), or retry (no answer for it). */
  function applyResults(sendable: { row: OutboxRow }[], results: Verdict[]) {
    const byId = new Map(results.map((r) => [r.id, r]));
    const now = d.now();
    for (const { row } of sendable) {
      const r = byId.get(row.refId);
      if (!r)
        d.outbox.retryLater(
          row,
          { code: 'CLOUD_ERROR', message: `The cloud did not answer for this ${RECORDS[row.kind].noun}` },
          now,
        );
      else if (r.status === 'accepted' || r.status === 'duplicate') d.outbox.ack(row.id, r.serverId ?? null, now);
      else if (r.status === 'conflict')
        d.outbox.park(
          row.id,
          r.error ?? {
            code: 'CONFLICT',
            message: `The cloud holds a different ${RECORDS[row.kind].noun} with this id`,
          },
          now,
        );
      else if (r.error && TRANSIENT_VERDICTS.has(r.error.code)) {
        // The cloud could not store it this time (its own fault, not the order's): retry with backoff. Bounded,
        // because the queue is served in order — an order the cloud can never store must not hold back
        // every sale behind it; after MAX_TRANSIENT_VERDICTS in a row it is parked for a person.
        const repeats = (row.lastError?.code === r.error.code ? (row.lastError.repeats ?? 1) : 0) + 1;
        const err = { code: r.error.code, message: r.error.message, repeats };
        if (repeats >= MAX_TRANSIENT_VERDICTS) d.outbox.park(row.id, err, now);
        else d.outbox.retryLater(row, err, now);
      } else
        d.outbox.park(
          row.id,
          r.error ?? { code: 'CLOUD_ERROR', message: `The cloud rejected this ${RECORDS[row.kind].noun}` },
          now,
        );
    }
  }

  /**
   * Sends rows (already in queue order) and records the outcome. Returns false when the request as a
   * whole failed: every row stays unsent with its next try scheduled, and the run stops (in order).
   */
  async function sendBatch(rows: OutboxRow[]): Promise<boolean> {
    // Runs of one kind, in queue order; a run that fails as a whole stops the batch (nothing behind it goes).
    for (let i = 0; i < rows.length;) {
      const kind = rows[i]!.kind;
      const sendable: Sendable[] = [];
      for (; i < rows.length && rows[i]!.kind === kind; i++) {
        const row = rows[i]!;
        try {
          sendable.push({ row, payload: parseRecord(row.kind, JSON.parse(row.payload)) });
        } catch (e) {
          d.outbox.park(row.id, toSyncError(e), d.now());
        }
      }
      if (sendable.length > 0 && !(await send(kind, sendable))) return false;
    }
    return true;
  }

  async function send(kind: RecordKind, sendable: Sendable[]): Promise<boolean> {
    // The cloud said it does not take this kind yet (an older cloud): its rows wait, unsent and unparked,
    // without a request; behind an 'independent' kind the rest of the queue still goes.
    if (d.takes && !d.takes(kind)) {
      const err = {
        code: 'HELD_BACK',
        message: `The cloud does not take ${RECORDS[kind].noun}s yet; they wait on this till until it does`,
      };
      for (const s of sendable) d.outbox.retryLater(s.row, err, d.now());
      return RECORDS[kind].ordering === 'independent';
    }
    let results: Verdict[];
    try {
      results = await pushKind(
        kind,
        sendable.map((s) => s.payload),
      );
    } catch (e) {
      const err = toSyncError(e);
      // Too large for one request: halve and send the halves in order; one order too large can never go.
      if (err.code === 'PAYLOAD_TOO_LARGE') {
        if (sendable.length === 1) {
          d.outbox.park(sendable[0]!.row.id, err, d.now());
          return true;
        }
        const half = Math.ceil(sendable.length / 2);
        return (await send(kind, sendable.slice(0, half))) && send(kind, sendable.slice(half));
      }
      // A cloud older than this till has no route for this kind yet (deploy order): those rows wait with
      // backoff; behind an 'independent' kind the rest still goes — e.g. orders never depend on a closed
      // shift having arrived, while the reverse order (a shift before its orders) is still impossible.
      if (err.code === 'NOT_FOUND' && RECORDS[kind].ordering === 'independent') {
        for (const s of sendable) d.outbox.retryLater(s.row, err, d.now());
        lastError = err;
        return true;
      }
      if (!(e instanceof AppError)) d.log?.(`${kind} push failed`, e);
      if (err.code === 'DEVICE_REVOKED' || err.code === 'DEVICE_PENDING') d.onDeviceRefused?.(err.code);
      // A failed request is no verdict on its orders: they all wait for the next try (never parked).
      for (const s of sendable) d.outbox.retryLater(s.row, err, d.now());
      outcome = err.code === 'OFFLINE' ? 'offline' : 'error';
      lastError = err;
      return false;
    }
    applyResults(sendable, results);
    outcome = 'online';
    lastError = null;
    lastSyncAt = d.now();
    return true;
  }

  async function run(force: boolean): Promise<SyncStatus> {
    emit();
    try {
      if (!d.canSync()) return status();
      // Each row is tried at most once per run (afterId), so a forced run always ends.
      let afterId = 0;
      for (;;) {
        const rows = d.outbox.due(d.now(), PUSH_BATCH_SIZE, force, afterId);
        if (rows.length === 0) break;
        afterId = rows[rows.length - 1]!.id;
        if (!(await sendBatch(rows))) break;
        if (rows.length < PUSH_BATCH_SIZE) break;
      }
    } catch (e) {
      d.log?.('sync run failed', e);
      outcome = 'error';
      lastError = toSyncError(e);
    }
    return status();
  }

  return {
    status,
    emit,
    noteContact,
    /** false while the last contact with the cloud failed for want of a network (or none was made yet) */
    cloudReachable: () => outcome !== 'offline',
    /** Resolves once no push is in flight (close() waits on it). */
    settled: () =>
      running
        ? running.then(
            () => undefined,
            () => undefined,
          )
        : Promise.resolve(),
    /** Push what is due (`force`: everything unparked, ignoring backoff). Joins a run in progress. */
    push(force = false): Promise<SyncStatus> {
      // Started after a tick so `running` is set before the first status goes out ('syncing').
      running ??= Promise.resolve()
        .then(() => run(force))
        .finally(() => {
          running = null;
          emit();
        });
      return running.then(() => status());
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
