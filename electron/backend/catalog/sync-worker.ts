// Runtime: Node worker_threads. The bulk of a catalog pull, off the backend's main thread: fetches feed
// pages (signed as the device), checks them against the protocol, computes pinyin keys and writes them to
// catalog.db through its own connection. Each page and its cursor commit in one transaction, so stopping
// (or dying) between pages loses nothing. Bundled as dist-electron/catalog-sync-worker.cjs.
import Database from 'better-sqlite3';
import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { createCloudClient } from '../sync/cloud-client';
import { createCatalogStore } from './store';

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
  | { type: 'done'; applied: number; cursor: number }
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
    const privateKey = createPrivateKey({ key: Buffer.from(d.privateKeyDer), format: 'der', type: 'pkcs8' });
    const now = () => Date.now() + d.clockOffsetMs;
    const cloud = createCloudClient({ baseUrl: d.baseUrl, now, credentials: () => ({ deviceId: d.deviceId, privateKey }) });
    let cursor = store.cursor();
    let applied = 0;
    while (!stop) {
      const page = await cloud.catalogChanges(cursor, d.pageSize);
      const next = Math.max(cursor, page.nextCursor);
      store.applyPage(page.changes, next, now());
      applied += page.changes.length;
      cursor = next;
      if (!page.hasMore || page.changes.length === 0) break;
      parentPort!.postMessage({ type: 'progress', applied, cursor } satisfies WorkerMessage);
    }
    parentPort!.postMessage({ type: 'done', applied, cursor } satisfies WorkerMessage);
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
