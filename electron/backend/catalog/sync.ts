// Pulls the cloud's catalog change feed by cursor, page after page, until it has no more.
//
// The cashier is never made to wait for it. The first page is fetched on the backend's thread; when the
// feed has more (an initial sync of a large catalog), the rest runs in a worker_threads Worker with its own
// catalog.db connection: page fetch, JSON + schema check, pinyin keys and the SQLite writes all happen off
// the thread that answers cart.scan / catalog.search, which keeps reading through WAL. Where the worker
// cannot start (its file is missing from a build), pages are applied here in small chunks that yield to
// the event loop between them. Either way the cursor commits with every page (or chunk): a crash, a close
// or a network loss mid-way resumes from the last committed cursor, and re-applying is an idempotent upsert.
// An initial sync of a large catalog runs in bulk-load mode (bulk-load.ts): indexes and FTS built once at
// the end, in the worker; delta syncs afterwards maintain them row by row.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventPayload } from '../../../shared/api/contract';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import type { CatalogChange, StaffCardEntry } from '../../../shared/sync/protocol';
import type { CloudClient } from '../sync/cloud-client';
import type { CatalogStore } from './store';
import type { WorkerData, WorkerMessage } from './sync-worker';

export const CATALOG_PAGE_SIZE = 2000;
/** Changes applied per transaction when applying on the backend's own thread (~5–10 ms of work each). */
export const IN_THREAD_CHUNK = 200;

export interface CatalogSyncResult {
  applied: number;
  cursor: number;
  products: number;
}

/** What the worker needs to pull on its own: where catalog.db is, and the device's signing identity. */
export interface CatalogWorkerSetup {
  dbPath: string;
  baseUrl: string;
  deviceId: string;
  /** PKCS8 DER of the device's Ed25519 key */
  privateKeyDer: Buffer;
}

/** The worker script: beside the bundle (dist-electron/catalog-sync-worker.cjs) or, from source, the .ts via tsx. */
export function resolveWorkerScript(): { file: string; execArgv?: string[] } | null {
  // The bench's baseline (and a way out in the field): QIANMI_CATALOG_WORKER=off applies in-thread.
  if (process.env.QIANMI_CATALOG_WORKER === 'off') return null;
  if (typeof __dirname !== 'undefined') {
    const bundled = join(__dirname, 'catalog-sync-worker.cjs');
    if (existsSync(bundled)) return { file: bundled };
  }
  try {
    const file = join(dirname(fileURLToPath(import.meta.url)), 'sync-worker.ts');
    if (existsSync(file)) return { file, execArgv: ['--import', 'tsx'] };
  } catch {
    // import.meta is empty in the CJS bundle: no source file to fall back to
  }
  return null;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const KNOWN_CODES = new Set<string>(ERROR_CODES);

export function createCatalogSync(p: {
  store: CatalogStore;
  cloud: CloudClient;
  now: () => number;
  onProgress: (e: EventPayload<'catalog.progress'>) => void;
  pageSize?: number;
  /** null/absent: never use a worker (apply in chunks on this thread) */
  worker?: () => CatalogWorkerSetup | null;
  log?: (msg: string, e?: unknown) => void;
  /** what the feed says about the outlet's logins, as of this pull (auth: forget offline logins it voids) */
  onEmployeeLogins?: (e: {
    disabledEmployees: string[];
    passwordChanges: { employeeId: string; at: number }[];
    /** absent: a cloud older than staff cards */
    staffCards: StaffCardEntry[] | undefined;
  }) => void;
}) {
  let running: Promise<CatalogSyncResult> | null = null;
  let stopping = false;
  let activeWorker: Worker | null = null;
  const pageSize = p.pageSize ?? CATALOG_PAGE_SIZE;

  /** Applies one page on this thread, IN_THREAD_CHUNK changes per transaction, yielding in between. */
  async function applyInChunks(changes: CatalogChange[], pageCursor: number): Promise<void> {
    for (let i = 0; i < changes.length; i += IN_THREAD_CHUNK) {
      const part = changes.slice(i, i + IN_THREAD_CHUNK);
      const last = i + IN_THREAD_CHUNK >= changes.length;
      // The feed is in seq order, so the seq of a chunk's last change is a valid cursor on its own.
      p.store.applyPage(part, last ? pageCursor : part[part.length - 1]!.seq, p.now());
      if (!last) await yieldToEventLoop();
    }
    if (changes.length === 0) p.store.applyPage([], pageCursor, p.now());
  }

  function runWorker(
    setup: CatalogWorkerSetup,
    script: { file: string; execArgv?: string[] },
    applied0: number,
  ): Promise<{ applied: number; headAt: number | null }> {
    return new Promise((resolve, reject) => {
      const data: WorkerData = { ...setup, pageSize, clockOffsetMs: p.now() - Date.now() };
      const w = new Worker(script.file, { workerData: data, execArgv: script.execArgv });
      activeWorker = w;
      let result: { applied: number; headAt: number | null } | null = null;
      let failure: unknown = null;
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') p.onProgress({ applied: applied0 + m.applied, done: false });
        else if (m.type === 'done') result = { applied: m.applied, headAt: m.headAt };
        else if (m.type === 'error')
          failure = KNOWN_CODES.has(m.code)
            ? new AppError(m.code as ErrorCode, m.message, m.details)
            : new Error(m.message);
      });
      w.on('error', (e) => {
        failure ??= e;
      });
      w.on('exit', (code) => {
        activeWorker = null;
        if (failure) reject(failure);
        else if (result !== null) resolve(result);
        else reject(new Error(`catalog sync worker exited with code ${code}`));
      });
      if (stopping) w.postMessage({ type: 'stop' });
    });
  }

  async function run(): Promise<CatalogSyncResult> {
    let applied = 0;
    let cursor = p.store.cursor();
    const outboxFloor = p.store.outboxFloor();
    /** when the request that found the end of the feed was sent (null: the pull did not get there) */
    let headAt: number | null = null;
    try {
      let requestedAt = p.now();
      const first = await p.cloud.catalogChanges(cursor, pageSize);
      p.onEmployeeLogins?.({
        disabledEmployees: first.disabledEmployees ?? [],
        passwordChanges: first.passwordChanges ?? [],
        staffCards: first.staffCards,
      });
      let next = Math.max(cursor, first.nextCursor);
      const more = first.hasMore && first.changes.length > 0;
      // A bulk load left unfinished (a crash or a close mid-way, even during its final index build) is
      // continued, and finished, by the worker whether or not the feed has more.
      const needsWorker = more || p.store.bulk.active();
      const setup = needsWorker && !stopping ? (p.worker?.() ?? null) : null;
      const script = setup ? resolveWorkerScript() : null;
      // An INITIAL sync of a large catalog (cursor 0, more than one page, empty catalog) is a bulk load,
      // but only where the worker can finish it: building the indexes takes seconds the till must not wait.
      if (cursor === 0 && more && setup && script) p.store.bulk.begin();
      await applyInChunks(first.changes, next);
      applied += first.changes.length;
      cursor = next;
      if (!more) headAt = requestedAt;
      if (needsWorker && !stopping) {
        if (more) p.onProgress({ applied, done: false });
        if (setup && script) {
          const done = await runWorker(setup, script, applied);
          applied += done.applied;
          headAt = done.headAt ?? headAt;
          cursor = p.store.cursor();
        } else {
          for (;;) {
            if (stopping || !more) break;
            requestedAt = p.now();
            const page = await p.cloud.catalogChanges(cursor, pageSize);
            // A cursor that goes backwards would re-apply old data over new: never accept it.
            next = Math.max(cursor, page.nextCursor);
            await applyInChunks(page.changes, next);
            applied += page.changes.length;
            cursor = next;
            if (!page.hasMore || page.changes.length === 0) {
              headAt = requestedAt;
              break;
            }
            p.onProgress({ applied, done: false });
          }
          // Only reachable when a bulk load was begun by a worker that can no longer start (its file is
          // gone from this build): finish here, blocking this thread once, rather than leave search degraded.
          if (!stopping && p.store.bulk.active()) p.store.bulk.finish();
        }
      }
      // The stock figures now include every decrease the cloud committed before headAt (see store.ts).
      if (headAt !== null) p.store.markStockAsOf(headAt, outboxFloor);
    } finally {
      p.onProgress({ applied, done: true });
    }
    return { applied, cursor, products: p.store.productCount() };
  }

  return {
    settled: () =>
      running
        ? running.then(
            () => undefined,
            () => undefined,
          )
        : Promise.resolve(),
    /** Asks a running pull to stop after the page in hand (its cursor is committed); used on close. */
    stop(): Promise<void> {
      stopping = true;
      activeWorker?.postMessage({ type: 'stop' });
      return running
        ? running.then(
            () => undefined,
            () => undefined,
          )
        : Promise.resolve();
    },
    /** One pull at a time: a second caller joins the running one. */
    pull(): Promise<CatalogSyncResult> {
      if (stopping) return Promise.reject(new AppError('INTERNAL', 'The catalog sync is stopped'));
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
