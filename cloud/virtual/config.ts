// Runtime: Node. What the fulfilment service needs besides the database: the suppliers, the SLA, the
// query schedule and the card-code key.
import type { SupplierRegistry } from '../suppliers/adapter';

export interface FulfilmentConfig {
  suppliers: SupplierRegistry;
  /** an order with no supplier answer this long after submit becomes 'stuck' */
  slaMs: number;
  /** first automatic query after submit; doubles per attempt */
  queryIntervalMs: number;
  /** automatic queries before a stuck order is escalated to the operators */
  maxQueries: number;
  cardKey: Buffer;
}

export const DEFAULT_SLA_MS = 3 * 60_000;
export const DEFAULT_QUERY_INTERVAL_MS = 30_000;
export const DEFAULT_MAX_QUERIES = 5;
