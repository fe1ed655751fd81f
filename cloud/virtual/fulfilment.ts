// Runtime: Node. Builds the fulfilment config and the background clock (sweeper + demo callbacks).
import { DemoSupplier, type DemoSupplierOptions } from '../suppliers/demo';
import { registryOf, type SupplierAdapter } from '../suppliers/adapter';
import type { CloudDb } from '../db/types';
import { cardKeyFromEnv } from './card-crypto';
import { handleSupplierCallback } from './callbacks';
import { DEFAULT_MAX_QUERIES, DEFAULT_QUERY_INTERVAL_MS, DEFAULT_SLA_MS, type FulfilmentConfig } from './config';
import { sweepVirtualOrders } from './sweep';

export interface Fulfilment {
  config: FulfilmentConfig;
  /** the simulated supplier, when one serves (its queued callbacks are delivered by the tick) */
  demo?: DemoSupplier;
}
export interface DemoFulfilment extends Fulfilment {
  demo: DemoSupplier;
}

/** The demo supplier's answer delay when nothing else is said: a real supplier's callback takes seconds. */
export const DEFAULT_DEMO_SUPPLIER_DELAY_MS = 2_000;

/**
 * DEMO_SUPPLIER_DELAY_MS (docs/operator.md): how long the demo supplier takes to answer, in ms — e.g. 20000
 * to watch a top-up stay 充值中 for a while. A non-negative integer; anything else stops the start.
 */
export function demoSupplierDelayFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.DEMO_SUPPLIER_DELAY_MS;
  if (v === undefined || v === '') return undefined;
  const ms = Number(v);
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(`DEMO_SUPPLIER_DELAY_MS must be a whole number of milliseconds ≥ 0, not ${JSON.stringify(v)}`);
  return ms;
}

/** Every supplier organisation served by one demo supplier (the embedded cloud of `npm start`, tests). */
export function demoFulfilment(
  opts: DemoSupplierOptions & Partial<Omit<FulfilmentConfig, 'suppliers'>> = {},
  adapters: Record<string, SupplierAdapter> = {},
): DemoFulfilment {
  const demo = new DemoSupplier({ latencyMs: DEFAULT_DEMO_SUPPLIER_DELAY_MS, ...opts });
  return {
    demo,
    config: {
      suppliers: registryOf(adapters, demo),
      slaMs: opts.slaMs ?? DEFAULT_SLA_MS,
      queryIntervalMs: opts.queryIntervalMs ?? DEFAULT_QUERY_INTERVAL_MS,
      maxQueries: opts.maxQueries ?? DEFAULT_MAX_QUERIES,
      cardKey: opts.cardKey ?? cardKeyFromEnv(),
    },
  };
}

/**
 * One tick of the fulfilment clock: deliver the demo supplier's due callbacks (as its HTTP callbacks would
 * arrive), then sweep SLAs and queries. Safe to run from several processes at once. In the running cloud the
 * two halves run apart: the callbacks on the demo supplier's own timer (it is the outside party), the sweep
 * as a periodic job on the job queue (cloud/jobs/), once across all cloud processes.
 */
export async function fulfilmentTick(
  db: CloudDb,
  f: Fulfilment,
  now: number,
  supplierOf: (orderId: string) => Promise<string | undefined> = (id) => supplierOfOrder(db, id),
): Promise<void> {
  await deliverDemoCallbacks(db, f, now, supplierOf);
  await sweepVirtualOrders(db, f.config, now);
}

/** The demo supplier's due callbacks, handled as its signed HTTP callbacks would be. */
export async function deliverDemoCallbacks(
  db: CloudDb,
  f: Fulfilment,
  now: number,
  supplierOf: (orderId: string) => Promise<string | undefined> = (id) => supplierOfOrder(db, id),
): Promise<void> {
  for (const cb of f.demo?.drainCallbacks(now) ?? []) {
    const supplierId = await supplierOf(cb.orderId);
    if (supplierId) await handleSupplierCallback(db, f.config, supplierId, cb, now).catch(() => {});
  }
}

export async function supplierOfOrder(db: CloudDb, orderId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ supplier_id: string }>('SELECT supplier_id FROM virtual_orders WHERE id = $1', [
    orderId,
  ]);
  return rows[0]?.supplier_id;
}
