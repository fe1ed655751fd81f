// Everything a handler may touch, built once by createBackend. Handlers receive it; they never reach
// for globals, which keeps each feature testable on its own data folder.
import type { EventName, EventPayload } from '../../shared/api/contract';
import type { OfflineCredentials } from './auth/offline-credentials';
import type { SessionHolder } from './auth/session';
import type { CatalogStore } from './catalog/store';
import type { createCatalogSync } from './catalog/sync';
import type { Databases } from './db/open';
import type { DeviceBinding } from './device/binding';
import type { DeviceStore } from './device/store';
import type { CartState } from './sales/cart';
import type { createCheckout } from './sales/checkout';
import type { CloudClient } from './sync/cloud-client';
import type { SyncEngine } from './sync/engine';
import type { Outbox } from './sync/outbox';

export interface BackendContext {
  now: () => number;
  /** the data folder (sales.db, catalog.db, device key, printer.json) */
  dataDir: string;
  /** called once a sale has committed (prints the receipt); must not throw */
  afterSale: (orderId: string) => void;
  cloudUrl: string;
  dbs: Databases;
  cloud: CloudClient;
  device: DeviceBinding;
  deviceStore: DeviceStore;
  session: SessionHolder;
  /** verifiers left by online logins, for offline login (auth/offline-credentials.ts) */
  offlineCredentials: OfflineCredentials;
  cart: CartState;
  catalog: CatalogStore;
  catalogSync: ReturnType<typeof createCatalogSync>;
  checkout: ReturnType<typeof createCheckout>;
  outbox: Outbox;
  sync: SyncEngine;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** ask the background loop to push soon (after a checkout); `catalog`: pull the catalog first */
  kickSync: (p?: { catalog?: boolean }) => void;
  log: (msg: string, e?: unknown) => void;
}
