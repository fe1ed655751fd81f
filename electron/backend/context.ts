// Everything a handler may touch, built once by createBackend. Handlers receive it; they never reach
// for globals, which keeps each feature testable on its own data folder.
import type { CompletedOrder, EventName, EventPayload } from '../../shared/api/contract';
import type { OfflineCredentials } from './auth/offline-credentials';
import type { StaffCards } from './auth/staff-cards';
import type { SessionHolder } from './auth/session';
import type { CatalogStore } from './catalog/store';
import type { AuditLog } from './audit/chain';
import type { createCatalogSync } from './catalog/sync';
import type { DeviceBinding } from './device/binding';
import type { DeviceStore } from './device/store';
import type { CartState } from './sales/cart';
import type { createCheckout } from './sales/checkout';
import type { CloudClient } from './sync/cloud-client';
import type { SyncEngine } from './sync/engine';
import type { Handshake } from './sync/handshake';
import type { Outbox } from './sync/outbox';
import type { CounterMembers } from './members/counter';
import type { MembersCloud } from './members/cloud-members';
import type { MemberAdminStore } from './members/admin-store';
import type { MemberStore } from './members/store';
import type { Receipts } from './print/handlers';
import type { UpdateService } from './updates/service';
import type { Overrides } from './sales/overrides';
import type { MoneyCap } from './shifts/money-cap';
import type { Drawer } from './shifts/drawer';
import type { ShiftStore } from './shifts/store';
import type { VirtualStore } from './virtual/store';
import type { ParkedStore } from './sales/parked';
import type { ReturnsStore } from './sales/returns-store';
import type { SalePlanner } from './sales/sale-plan';
import type { Payments } from './payments/index';

export interface BackendContext {
  now: () => number;
  /** the data folder (sales.db, catalog.db, device key, printer.json) */
  dataDir: string;
  /** called once a sale has committed (prints the receipt, shows it on the customer display); must not throw */
  afterSale: (orderId: string, order?: CompletedOrder) => void;
  /** called once a shift close has committed (the update policy's default moment); must not throw */
  afterShiftClose: () => void;
  /** the cloud's URL now (the build's, or the one the first-run screen stored: device/cloud-config.ts) */
  readonly cloudUrl: string;
  /** points the till at another cloud (only before registration: device.setCloud) */
  setCloudUrl: (url: string) => void;
  /** the sales.db audit chain's writer, for acts with no transaction of their own (audit/record.ts) */
  audit: AuditLog;
  /** empties both local files but what must outlive a registration (device/reset.ts): the device reset */
  wipeLocalData: () => void;
  cloud: CloudClient;
  device: DeviceBinding;
  deviceStore: DeviceStore;
  session: SessionHolder;
  /** verifiers left by online logins, for offline login (auth/offline-credentials.ts) */
  offlineCredentials: OfflineCredentials;
  /** the outlet's staff cards as the feed last gave them, for offline overrides (auth/staff-cards.ts) */
  staffCards: StaffCards;
  cart: CartState;
  catalog: CatalogStore;
  catalogSync: ReturnType<typeof createCatalogSync>;
  checkout: ReturnType<typeof createCheckout>;
  outbox: Outbox;
  sync: SyncEngine;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** what the cloud takes and offers (sync/handshake.ts) */
  handshake: Handshake;
  /** ask the background loop to push soon (after a checkout); `catalog`: pull the catalog first */
  kickSync: (p?: { catalog?: boolean }) => void;
  log: (msg: string, e?: unknown) => void;
}

/** Services built on the context and shared by several handler groups (createBackend makes them once). */
export interface BackendServices {
  /** the receipt printer: after a sale, a game card's code slip, and the printer.* / receipt.* handlers */
  receipts: Receipts;
  /** members at the counter: the snapshot, the balance this till can vouch for, the spend limit */
  members: CounterMembers;
  /** the cloud's member routes (top-up, create, history, refund) */
  membersCloud: MembersCloud;
  /** what the back office's member acts leave in sales.db (members/admin-store.ts) */
  memberAdmin: MemberAdminStore;
  /** what the counter's member acts leave: audit rows, a top-up's cash, a new card in the snapshot (members/store.ts) */
  memberStore: MemberStore;
  /** the cash drawer: shifts and cash movements in sales.db (shifts/drawer.ts) */
  drawer: Drawer;
  /** what the shift acts read and write besides the drawer, and the transaction each runs in (shifts/store.ts) */
  shiftStore: ShiftStore;
  /** the virtual goods' journal, prefix table and products (virtual/store.ts) */
  virtualStore: VirtualStore;
  /** parked baskets (挂单), each write with its audit row (sales/parked.ts) */
  parkedStore: ParkedStore;
  /** the sales' history, their returns and voids, the code-refund intents, and the transaction a return commits in (sales/returns-store.ts) */
  returnsStore: ReturnsStore;
  /** the update policy: what is coming, when it installs (updates/service.ts) */
  updates: UpdateService;
  /** supervisor overrides granted on this till (sales/overrides.ts) */
  overrides: Overrides;
  /** each employee's daily money-movement cap and day so far, as the cloud said at login (shifts/money-cap.ts) */
  moneyCap: MoneyCap;
  /** the plan and commit of a sale (sales/sale-plan.ts) */
  planner: SalePlanner;
  /** payment codes, split tender, member top-ups by code, the cash drawer, the customer display (payments/) */
  payments: Payments;
}

/** What a handler group is built from: the context and the shared services. */
export type App = BackendContext & BackendServices;
