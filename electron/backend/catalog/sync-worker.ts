// Runtime: Node worker_threads. The bulk of a catalog pull, off the backend's main thread: fetches feed
// pages (signed as the device), checks them against the protocol, computes pinyin keys and writes them to
// catalog.db through its own connection. Each page and its cursor commit in one transaction, so stopping
// (or dying) between pages loses nothing. In the initial sync's bulk-load mode (bulk-load.ts) it also
// builds the deferred indexes and FTS once the feed is complete. Bundled as dist-electron/catalog-sync-worker.cjs.
import Database from 'better-sqlite3';
import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { CATALOG_PAGE_MAX } from '../../../shared/sync/protocol';
import { createCloudClient } from '../sync/cloud-client';
import { createCatalogStore } from './store';

/** SQLite page cache of the worker's connection during a bulk load (KiB). */
const BULK_CACHE_KIB = 64 * 1024;

export interface WorkerData {
  dbPath: string;
  baseUrl: string;
  deviceId: string;
  privateKeyDer: Buffer | Uint8Array;
  pageSize: number;
  /** the backend's clock minus the real one (tests run on fake clocks; signatures carry the time) */
  clockOffsetMs: number;
}

export type WorkerMessage =
  | { type: 'progress'; applied: number; cursor: number }
  /** headAt: when the request that found the end of the feed was sent (null: stopped before the end) */
  | { type: 'done'; applied: number; cursor: number; headAt: number | null }
  | { type: 'error'; code: string; message: string; details?: unknown };

async function main(d: WorkerData): Promise<void> {
  let stop = false;
  parentPort!.on('message', (m: { type: string }) => {
    if (m.type === 'stop') stop = true;
  });
  // Listening for 'stop' must not keep the thread alive once the pull is over.
  parentPort!.unref();
  const db = new Database(d.dbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const store = createCatalogStore(db);
    const bulk = store.bulk.active();
    if (bulk) {
      // Bulk phase only (catalog.db): a bigger page cache and in-memory temp B-trees for the index sorts
      // at the end. synchronous stays NORMAL: a power cut must not corrupt the file the till reads.
      db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
      db.pragma('temp_store = MEMORY');
    }
    const pageSize = bulk ? Math.max(d.pageSize, CATALOG_PAGE_MAX) : d.pageSize;
    const privateKey = createPrivateKey({ key: Buffer.from(d.privateKeyDer), format: 'der', type: 'pkcs8' });
    const now = () => Date.now() + d.clockOffsetMs;
    const cloud = createCloudClient({
      baseUrl: d.baseUrl,
      now,
      credentials: () => ({ deviceId: d.deviceId, privateKey }),
    });
    let cursor = store.cursor();
    let applied = 0;
    let headAt: number | null = null;
    // Pipelined: the next page is requested before this one is written, so the cloud serves page N+1
    // while SQLite writes page N. A prefetch abandoned by a stop is never applied (its rejection is handled).
    let requestedAt = now();
    let inFlight = cloud.catalogChanges(cursor, pageSize);
    while (!stop) {
      const page = await inFlight;
      const sentAt = requestedAt;
      const next = Math.max(cursor, page.nextCursor);
      const more = page.hasMore && page.changes.length > 0;
      if (more) {
        requestedAt = now();
        inFlight = cloud.catalogChanges(next, pageSize);
        inFlight.catch(() => {});
      }
      store.applyPage(page.changes, next, now());
      applied += page.changes.length;
      cursor = next;
      if (!more) {
        headAt = sentAt;
        break;
      }
      parentPort!.postMessage({ type: 'progress', applied, cursor } satisfies WorkerMessage);
    }
    // The whole feed is in: build the deferred indexes and the FTS (one transaction; re-run after a crash).
    if (headAt !== null && store.bulk.active()) store.bulk.finish();
    parentPort!.postMessage({ type: 'done', applied, cursor, headAt } satisfies WorkerMessage);
  } finally {
    db.close();
  }
}

main(workerData as WorkerData).catch((e: unknown) => {
  const msg: WorkerMessage =
    e instanceof AppError
      ? { type: 'error', code: e.code, message: e.message, details: e.details }
      : { type: 'error', code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
  parentPort!.postMessage(msg);
});
