// A large initial sync against the real cloud: it runs off the cashier's path (scans keep succeeding while
// it runs), it resumes from the committed cursor after the backend is closed mid-way (no duplicates, nothing
// missing), and stock arrives with the catalog and drops with local unsynced sales.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { DEMO } from '../../../cloud/seed/demo';
import { seedScaleCatalog } from '../../../cloud/seed/scale';
import { openPos, tempDir } from '../testing/harness';

const SCALE = 12_000;
let cloud: RunningCloud;
beforeAll(async () => {
  cloud = await startCloud({ port: 0 });
  await seedScaleCatalog(cloud.db, DEMO.outletId, SCALE);
}, 120_000);
afterAll(async () => {
  await cloud?.close();
});

async function pos(dir: string) {
  const t = await openPos({ dataDir: dir, cloudUrl: cloud.url });
  const status = await t.pos.call('app.status', {});
  if (status.device.state !== 'active')
    await t.pos.call('device.register', { username: 'owner', password: 'owner888', deviceName: '收银台' });
  await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
  return t;
}

/** active products after the sync: the scale seed deactivates every 97th item */
const total = DEMO.productCount + SCALE - Math.floor(SCALE / 97);

describe('initial catalog sync at scale', () => {
  it('keeps answering scans while it runs, and resumes after a close mid-way without duplicates', async () => {
    const dir = tempDir();
    try {
      // 1) start, scan during it, close the backend once some pages are in
      let t = await pos(dir.dir);
      let progressed = false;
      t.backend.on((event, payload) => {
        if (event === 'catalog.progress' && !(payload as { done: boolean }).done) progressed = true;
      });
      const sync = t.pos.call('catalog.sync', {}).catch(() => null);
      let scans = 0;
      while (!progressed) await new Promise((r) => setTimeout(r, 5));
      // The first page (demo catalog) is in: the sample item scans while the rest is still arriving.
      for (let i = 0; i < 5; i++) {
        const r = await t.pos.call('cart.scan', { code: DEMO.sampleBarcode });
        if (r.item) scans++;
      }
      expect(scans).toBe(5);
      await t.backend.close();
      await sync;

      const mid = new Database(join(dir.dir, 'catalog.db'), { readonly: true });
      const midCursor = Number(mid.prepare("SELECT value FROM sync_state WHERE key = 'catalog.cursor'").pluck().get());
      const midCount = mid.prepare('SELECT count(*) FROM products').pluck().get() as number;
      // An initial sync of more than one page runs in bulk-load mode until the feed is complete.
      const midBulk = mid.prepare("SELECT count(*) FROM sync_state WHERE key = 'catalog.bulkLoad'").pluck().get();
      mid.close();
      expect(midBulk).toBe(1);
      expect(midCursor).toBeGreaterThan(0);
      expect(midCount).toBeGreaterThan(0);
      expect(midCount).toBeLessThan(DEMO.productCount + SCALE);

      // 2) reopen: the pull continues from the cursor and ends with every product exactly once
      t = await pos(dir.dir);
      const r = await t.pos.call('catalog.sync', {});
      expect(r.applied).toBeLessThan(DEMO.productCount + SCALE + 100);
      expect(r.products).toBe(total);
      const status = await t.pos.call('app.status', {});
      expect(status.catalog.products).toBe(total);
      await t.backend.close();
      const db = new Database(join(dir.dir, 'catalog.db'), { readonly: true });
      expect(db.prepare('SELECT count(*) FROM products').pluck().get()).toBe(DEMO.productCount + SCALE);
      expect(db.prepare('SELECT count(DISTINCT sku) FROM products').pluck().get()).toBe(DEMO.productCount + SCALE);
      expect(db.prepare('SELECT count(*) FROM products_fts WHERE products_fts MATCH \'"S00011"\'').pluck().get()).toBe(
        100,
      );
      // The bulk load finished: flag gone, deferred indexes and FTS triggers back, FTS consistent with the table.
      expect(db.prepare("SELECT count(*) FROM sync_state WHERE key = 'catalog.bulkLoad'").pluck().get()).toBe(0);
      expect(
        db
          .prepare(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('products_name', 'products_pinyin', 'products_initials', 'products_fts_ai', 'products_fts_au', 'products_fts_ad')",
          )
          .pluck()
          .get(),
      ).toBe(6);
      expect(db.prepare('SELECT count(*) FROM products_fts_docsize').pluck().get()).toBe(DEMO.productCount + SCALE);
      db.close();
    } finally {
      dir.cleanup();
    }
  }, 180_000);

  it('carries stock: the synced figure minus unsynced local sales, a warning past it, null for virtual goods', async () => {
    const dir = tempDir();
    try {
      const t = await pos(dir.dir);
      await t.pos.call('catalog.sync', {});
      const item = (await t.pos.call('catalog.lookup', { code: DEMO.sampleBarcode })).item!;
      expect(typeof item.stock).toBe('number');
      const topup = (await t.pos.call('catalog.search', { query: '话费充值', limit: 5 })).items[0]!;
      expect(topup.stock).toBeNull();
      const start = item.stock!;
      const cart = await t.pos.call('cart.add', { productId: item.id, qty: start + 1 });
      expect(cart.lines[0]!.stockWarning).toEqual({ code: 'BELOW_STOCK', available: start });
      await t.pos.call('sale.checkout', { tendered: 10_000_000 });
      // Not pushed yet (no background sync): the estimate subtracts the local sale
      expect((await t.pos.call('catalog.lookup', { code: DEMO.sampleBarcode })).item!.stock).toBe(-1);
      // Pushed and acknowledged, the cloud's decrease not pulled yet: the acked sale is still subtracted
      // (the synced figure predates it), so the estimate never jumps back up in between.
      expect((await t.pos.call('sync.now', {})).unsent).toBe(0);
      expect((await t.pos.call('catalog.lookup', { code: DEMO.sampleBarcode })).item!.stock).toBe(-1);
      // Pulled: the cloud's own snapshot replaces the figure and the acked sale is no longer subtracted.
      await t.pos.call('catalog.sync', {});
      expect((await t.pos.call('catalog.lookup', { code: DEMO.sampleBarcode })).item!.stock).toBe(-1);
      // A second sale, pushed, then a pull: still exact (no double subtraction, no drift).
      await t.pos.call('cart.add', { productId: item.id, qty: 2 });
      await t.pos.call('sale.checkout', { tendered: 10_000_000 });
      expect((await t.pos.call('catalog.lookup', { code: DEMO.sampleBarcode })).item!.stock).toBe(-3);
      await t.pos.call('sync.now', {});
      expect((await t.pos.call('catalog.lookup', { code: DEMO.sampleBarcode })).item!.stock).toBe(-3);
      await t.pos.call('catalog.sync', {});
      expect((await t.pos.call('catalog.lookup', { code: DEMO.sampleBarcode })).item!.stock).toBe(-3);
      await t.backend.close();
    } finally {
      dir.cleanup();
    }
  }, 120_000);
});
