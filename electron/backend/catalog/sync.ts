// Pulls the cloud's catalog change feed by cursor, page after page, until it has no more.
import type { EventPayload } from '../../../shared/api/contract';
import type { CloudClient } from '../sync/cloud-client';
import type { CatalogStore } from './store';

export const CATALOG_PAGE_SIZE = 2000;

export interface CatalogSyncResult {
  applied: number;
  cursor: number;
  products: number;
}

export function createCatalogSync(p: {
  store: CatalogStore;
  cloud: CloudClient;
  now: () => number;
  onProgress: (e: EventPayload<'catalog.progress'>) => void;
  pageSize?: number;
}) {
  let running: Promise<CatalogSyncResult> | null = null;

  async function run(): Promise<CatalogSyncResult> {
    let applied = 0;
    let cursor = p.store.cursor();
    try {
      for (;;) {
        const page = await p.cloud.catalogChanges(cursor, p.pageSize ?? CATALOG_PAGE_SIZE);
        // A cursor that goes backwards would re-apply old data over new: never accept it.
        const next = Math.max(cursor, page.nextCursor);
        p.store.applyPage(page.changes, next, p.now());
        applied += page.changes.length;
        cursor = next;
        if (!page.hasMore || page.changes.length === 0) break;
        p.onProgress({ applied, done: false });
      }
    } finally {
      p.onProgress({ applied, done: true });
    }
    return { applied, cursor, products: p.store.productCount() };
  }

  return {
    settled: () => (running ? running.then(() => undefined, () => undefined) : Promise.resolve()),
    /** One pull at a time: a second caller joins the running one. */
    pull(): Promise<CatalogSyncResult> {
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
