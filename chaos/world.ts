// The chaos suite's world: a real cloud (cloud/start.ts, embedded PGlite, demo seed) on a random port, a
// real POS data folder registered against it, and the checks that say whether POS and cloud agree.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloud, type RunningCloud } from '../cloud/start';
import { DEMO } from '../cloud/seed/demo';
import { createClient, type PosClient } from '../shared/api/client';
import { createBackend, nodeFileKeyStore, type Backend, type BackendOptions } from '../electron/backend/index';

export { DEMO };

export function tempDir(prefix = 'pos-chaos-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openPos(o: Omit<BackendOptions, 'keyStore'>): Promise<{ backend: Backend; pos: PosClient }> {
  const backend = await createBackend({ keyStore: nodeFileKeyStore(o.dataDir), backgroundSync: false, ...o });
  return { backend, pos: createClient({ call: (m, i) => backend.call(m, i), on: () => () => {} }) };
}

/** A few physical products with a barcode, from the POS's own synced catalog. */
export async function sellableCodes(pos: PosClient, n = 6): Promise<string[]> {
  const codes: string[] = [];
  for (const q of ['水', '面', '可乐', '茶', '饼', '奶', 'a', 'e']) {
    const { items } = await pos.call('catalog.search', { query: q, limit: 30 });
    for (const i of items) if (i.kind === 'physical' && i.barcode && !codes.includes(i.barcode)) codes.push(i.barcode);
    if (codes.length >= n) break;
  }
  if (codes.length === 0) throw new Error('the demo catalog has no physical goods with a barcode');
  return codes.slice(0, n);
}

/** Registers a fresh data folder against the cloud, logs in, pulls the catalog; returns barcodes to sell. */
export async function registerDevice(
  cloudUrl: string,
  dataDir: string,
  name = 'chaos',
): Promise<{ codes: string[]; deviceId: string }> {
  const { backend, pos } = await openPos({ dataDir, cloudUrl });
  try {
    const d = await pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: name,
    });
    await pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await pos.call('catalog.sync', {});
    return { codes: await sellableCodes(pos), deviceId: d.deviceId! };
  } finally {
    await backend.close();
  }
}

export async function startChaosCloud(): Promise<RunningCloud> {
  return startCloud({ port: 0 });
}

export interface LocalFacts {
  orders: number;
  total: number;
  ids: string[];
  unsent: number;
}

/**
 * Structural checks on a sales.db after a crash, and its facts. Throws with a precise message on the first
 * violation: integrity, an order without lines or payment, totals that do not add up, an outbox row without
 * its order or an order without its outbox row, a sale's cash missing from the drawer or cash without its sale.
 */
export function checkSalesDb(dataDir: string): LocalFacts {
  const db = new Database(join(dataDir, 'sales.db'));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) throw new Error(`foreign_key_check: ${JSON.stringify(fk.slice(0, 3))}`);
    const q = (sql: string) => db.prepare(sql).pluck().get() as number;
    const noLines = q(
      'SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)',
    );
    const noPay = q(
      'SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)',
    );
    const badSum = q(
      'SELECT count(*) FROM orders o WHERE o.subtotal <> (SELECT coalesce(sum(line_total), 0) FROM order_lines l WHERE l.order_id = o.id)',
    );
    const badPay = q(
      'SELECT count(*) FROM orders o WHERE o.total <> (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.order_id = o.id)',
    );
    const orphanOutbox = q(
      'SELECT count(*) FROM outbox x WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = x.ref_id)',
    );
    const noOutbox = q('SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM outbox x WHERE x.ref_id = o.id)');
    // sales 0006: the drawer's cash commits with its sale — a cash sale's movement is exactly the cash it kept
    // (tendered − change), and no sale movement exists without its order.
    const drawer = q("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'cash_movements'") === 1;
    const badCash = drawer
      ? q(`SELECT count(*) FROM orders o WHERE (SELECT coalesce(sum(coalesce(p.tendered, p.amount) - coalesce(p.change, 0)), 0) FROM payments p WHERE p.order_id = o.id AND p.method = 'cash')
             <> (SELECT coalesce(sum(m.amount), 0) FROM cash_movements m WHERE m.kind = 'sale' AND m.ref = o.id)`)
      : 0;
    const orphanCash = drawer
      ? q(
          "SELECT count(*) FROM cash_movements m WHERE m.kind = 'sale' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = m.ref)",
        )
      : 0;
    const problems = { noLines, noPay, badSum, badPay, orphanOutbox, noOutbox, badCash, orphanCash };
    if (Object.values(problems).some((n) => n !== 0))
      throw new Error(`partial data after crash: ${JSON.stringify(problems)}`);
    return {
      orders: q('SELECT count(*) FROM orders'),
      total: q('SELECT coalesce(sum(total), 0) FROM orders'),
      ids: db.prepare('SELECT id FROM orders ORDER BY id').pluck().all() as string[],
      unsent: q('SELECT count(*) FROM outbox WHERE acked_at IS NULL'),
    };
  } finally {
    db.close();
  }
}

export interface CloudFacts {
  orders: number;
  total: number;
  ids: string[];
  /** client order ids stored more than once (must be zero) */
  duplicates: number;
  createdAt: Map<string, number>;
}

export async function cloudFacts(cloud: RunningCloud, deviceId: string): Promise<CloudFacts> {
  const rows = (
    await cloud.db.query<{ client_order_id: string; total: number | string; created_at: number | string }>(
      'SELECT client_order_id, total, created_at FROM orders WHERE device_id = $1 ORDER BY client_order_id',
      [deviceId],
    )
  ).rows;
  const ids = rows.map((r) => r.client_order_id);
  return {
    orders: rows.length,
    total: rows.reduce((s, r) => s + Number(r.total), 0),
    ids,
    duplicates: ids.length - new Set(ids).size,
    createdAt: new Map(rows.map((r) => [r.client_order_id, Number(r.created_at)])),
  };
}

/** Pushes until the outbox is empty (the cloud reachable and calm). */
export async function drain(pos: PosClient, maxRounds = 200): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    const s = await pos.call('sync.now', {});
    if (s.unsent === 0) return;
    if (
      s.state === 'error' &&
      s.lastError &&
      !['OFFLINE', 'CLOUD_ERROR', 'REPLAYED', 'CLOCK_SKEW'].includes(s.lastError.code)
    ) {
      throw new Error(`sync stuck: ${JSON.stringify(s)}`);
    }
  }
  throw new Error('the outbox did not drain');
}
