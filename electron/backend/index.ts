// Runtime: plain Node (never imports 'electron'). Builds the POS engine on one data folder and returns
// the Backend seam that a transport (Electron utilityProcess or web-host) puts in front of the renderer.
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import { combineHandlers } from './api';
import { createAuditLog } from './audit/chain';
import { authHandlers } from './auth/handlers';
import { createOfflineCredentials } from './auth/offline-credentials';
import { createStaffCards } from './auth/staff-cards';
import { createSessionHolder } from './auth/session';
import { catalogHandlers } from './catalog/handlers';
import { createCatalogStore } from './catalog/store';
import { createCatalogSync } from './catalog/sync';
import type { App, BackendContext } from './context';
import { openDatabases } from './db/open';
import { openDeviceBinding, refreshRecord } from './device/binding';
import { deviceHandlers } from './device/handlers';
import { osMachineIdentity } from './device/identity';
import { createDeviceStore, deviceTimeZone } from './device/store';
import { wipeLocalData } from './device/reset';
import { createReceipts, printHandlers } from './print/handlers';
import { createReceiptOrders } from './print/receipt-orders';
import { createRouter } from './router';
import { createCart } from './sales/cart';
import { createCheckout } from './sales/checkout';
import { salesHandlers } from './sales/handlers';
import { createOverrides, overrideHandlers } from './sales/overrides';
import { createMoneyCap } from './shifts/money-cap';
import { createDrawer } from './shifts/drawer';
import { createShiftStore } from './shifts/store';
import { parkedHandlers } from './sales/parked-handlers';
import { createParkedStore } from './sales/parked';
import { returnHandlers } from './sales/returns-handlers';
import { createReturnsStore } from './sales/returns-store';
import { createSalePlanner } from './sales/sale-plan';
import { createPayments } from './payments/index';
import { createJournal } from './payments/journal';
import { payHandlers } from './payments/handlers';
import { createCloudClient } from './sync/cloud-client';
import { createSyncEngine } from './sync/engine';
import { syncHandlers } from './sync/handlers';
import { virtualHandlers } from './virtual/handlers';
import { createVirtualStore } from './virtual/store';
import { createMembersCloud } from './members/cloud-members';
import { createCounterMembers } from './members/counter';
import { memberHandlers } from './members/handlers';
import { memberAdminHandlers } from './members/admin-handlers';
import { createMemberAdminStore } from './members/admin-store';
import { createMemberStore } from './members/store';
import { catalogAdminHandlers } from './catalog-admin/handlers';
import { ownerHandlers } from './owner/handlers';
import { shiftHandlers } from './shifts/handlers';
import { agentHandlers } from './agent/handlers';
import { PUSH_EVERY_MS, startSyncLoop } from './sync/loop';
import { createHandshake } from './sync/handshake';
import { createSafety } from './updates/safety';
import { createUpdateService, type UpdateService } from './updates/service';
import { updateHandlers } from './updates/handlers';
import { storedCloudUrl } from './device/cloud-config';
import pkg from '../../package.json' with { type: 'json' };
import { createOutbox } from './sync/outbox';
import type { Backend, BackendEventListener, BackendOptions } from './types';

export type { Backend, BackendOptions, KeyStore, MachineIdentitySource } from './types';
export { nodeFileKeyStore } from './device/keystore-file';

export async function createBackend(opts: BackendOptions): Promise<Backend> {
  const now = opts.now ?? Date.now;
  const log = (msg: string, e?: unknown) => console.error(`[backend] ${msg}`, e ?? '');
  // Start-up steps are marked (perf_hooks, a few entries per process) for the cold-start bench
  // (bench/coldstart.ts): what runs before the first scan can be answered, and how long each takes.
  performance.mark('backend: start');
  const dbs = openDatabases(opts.dataDir);
  performance.mark('backend: databases open, migrations checked');
  const appVersion = opts.appVersion ?? pkg.version;
  // The first-run screen's choice (cloud.json in the data folder) wins over the build's URL.
  let cloudUrl = storedCloudUrl(opts.dataDir) ?? opts.cloudUrl;
  try {
    const listeners = new Set<BackendEventListener>();
    const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
      for (const l of listeners) {
        try {
          l(event, payload);
        } catch (e) {
          log('event listener threw', e);
        }
      }
    };

    const deviceStore = createDeviceStore(dbs.sales);
    const device = await openDeviceBinding({
      store: deviceStore,
      keyStore: opts.keyStore,
      identity: opts.identity ?? osMachineIdentity,
    });
    performance.mark('backend: device key loaded');
    const session = createSessionHolder(now, opts.mono ?? (() => performance.now()));
    const cloud = createCloudClient({
      baseUrl: () => cloudUrl,
      now,
      ...(opts.cloudTimeoutMs ? { timeoutMs: opts.cloudTimeoutMs, pushTimeoutMs: opts.cloudTimeoutMs } : {}),
      credentials: () => {
        const r = device.record();
        const k = device.key();
        if (!r || !k || device.mismatch())
          throw new AppError('DEVICE_NOT_REGISTERED', 'This computer is not registered yet');
        return { deviceId: r.deviceId, privateKey: k.privateKey };
      },
    });
    const catalog = createCatalogStore(dbs.catalog, { sales: dbs.sales });
    const outbox = createOutbox(dbs.sales);
    // An agent's (区代) back-office PC has no catalog feed and no orders (the cloud refuses an agent device
    // both): the loop, the kicks after login and the push engine leave it alone, so nothing shows an error.
    const deviceActive = () => !device.mismatch() && device.record()?.status === 'active';
    // The capability handshake (sync/handshake.ts): what the cloud takes, and whether this till is too old.
    const handshake = createHandshake({
      cloud,
      appVersion,
      cloudUrl: () => cloudUrl,
      now,
      log,
      onChange: () => {
        sync.emit();
        updates?.noteHandshake();
      },
    });
    // Below the cloud's minimum version nothing syncs until the update installs (it may be a security fix).
    const canSync = () => deviceActive() && device.record()?.orgKind !== 'agent' && !handshake.belowMinimum();
    const sync = createSyncEngine({
      outbox,
      cloud,
      now,
      canSync,
      sessionToken: () => session.get()?.token,
      onStatus: (s) => emit('sync.status', s),
      takes: handshake.takes,
      lastPulledAt: () => catalog.syncedAt(),
      blocked: () =>
        handshake.belowMinimum()
          ? {
              code: 'UPDATE_REQUIRED',
              message: `The cloud needs version ${handshake.state().capabilities?.minimumTillVersion} or later: nothing is sent until this till updates`,
            }
          : null,
      onDeviceRefused: (code) =>
        refreshRecord(device, deviceStore, { status: code === 'DEVICE_REVOKED' ? 'revoked' : 'pending' }),
      log,
    });
    const offlineCredentials = createOfflineCredentials(dbs.sales);
    const staffCards = createStaffCards(dbs.sales);
    const catalogSync = createCatalogSync({
      store: catalog,
      cloud,
      now,
      onProgress: (p) => emit('catalog.progress', p),
      log,
      onEmployeeLogins: ({ disabledEmployees, passwordChanges, staffCards: cards }) => {
        staffCards.replace(cards, cloud.clock.now());
        offlineCredentials.forgetEmployees(disabledEmployees);
        const voided = offlineCredentials.forgetLoginsBefore(passwordChanges);
        // A dismissed cashier's session on this till ends now, not at its idle or absolute end; so does an
        // offline session opened with a password changed since.
        const current = session.get();
        if (
          current &&
          (disabledEmployees.includes(current.employee.id) || (current.offline && voided.includes(current.employee.id)))
        )
          session.set(null);
      },
      // A large pull continues in a worker thread with its own catalog.db connection (see catalog/sync.ts).
      worker: () => {
        const r = device.record();
        const k = device.key();
        if (!r || !k || device.mismatch()) return null;
        return {
          dbPath: join(opts.dataDir, 'catalog.db'),
          baseUrl: cloudUrl,
          deviceId: r.deviceId,
          privateKeyDer: k.privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer,
        };
      },
    });

    let loop: ReturnType<typeof startSyncLoop> | null = null;
    let updates: UpdateService | null = null;
    const ctx: BackendContext = {
      now,
      dataDir: opts.dataDir,
      afterSale: (orderId, order) => {
        receipts.afterSale(orderId);
        if (order) app.payments.display.saleDone(order);
      },
      afterShiftClose: () => updates?.shiftClosed(),
      get cloudUrl() {
        return cloudUrl;
      },
      setCloudUrl: (url) => {
        cloudUrl = url;
      },
      audit: createAuditLog(dbs.sales),
      wipeLocalData: () => wipeLocalData(dbs),
      cloud,
      device,
      deviceStore,
      session,
      offlineCredentials,
      staffCards,
      // 抹零 follows the outlet's rule as the cloud last gave it (device policy)
      cart: createCart({ rounding: () => device.record()?.policy.rounding ?? 'none' }),
      catalog,
      catalogSync,
      checkout: createCheckout(dbs.sales, outbox),
      outbox,
      sync,
      emit,
      kickSync: (p) => loop?.kick(p),
      handshake,
      log,
    };

    const receipts = createReceipts(ctx, createReceiptOrders(dbs.sales));
    const membersCloud = createMembersCloud(ctx);
    const members = createCounterMembers({
      catalog: dbs.catalog,
      sales: dbs.sales,
      cloud: membersCloud,
      feedMark: () => catalog.stockAsOf(),
      online: () => ctx.sync.cloudReachable() && !ctx.session.get()?.offline,
      token: () => ctx.session.get()?.token,
    });
    const safety = createSafety({
      now,
      cartEmpty: () => ctx.cart.isEmpty(),
      sales: dbs.sales,
      outbox,
      heldKinds: () => handshake.heldKinds(),
    });
    updates = createUpdateService({
      appVersion,
      updater: opts.updater ?? null,
      now,
      timeZone: () => deviceTimeZone(device.record()),
      dataDir: opts.dataDir,
      safety: safety.snapshot,
      handshake,
      syncIntervalMs: PUSH_EVERY_MS,
      emit: (st) => emit('update.status', st),
      log,
      timer: opts.backgroundSync !== false,
    });
    const overrides = createOverrides(ctx);
    const app: App = Object.assign(ctx, {
      receipts,
      members,
      membersCloud,
      memberAdmin: createMemberAdminStore(dbs.sales),
      memberStore: createMemberStore(dbs),
      drawer: createDrawer(dbs.sales),
      shiftStore: createShiftStore(dbs.sales),
      virtualStore: createVirtualStore(dbs, now),
      parkedStore: createParkedStore(dbs.sales),
      returnsStore: createReturnsStore(dbs),
      overrides,
      moneyCap: createMoneyCap(dbs.sales),
      updates,
      planner: null as unknown as App['planner'],
      payments: null as unknown as App['payments'],
    });
    // The plan/commit of a sale and the payments are built on the app itself (they call its other services).
    app.planner = createSalePlanner(app);
    app.payments = createPayments(app, {
      journal: createJournal(dbs.sales),
      planner: app.planner,
      emit,
      canTalk: () => deviceActive() && device.record()?.orgKind !== 'agent',
    });
    // One handler group per domain, one signature each (HandlerGroupFactory); cross-cutting rules (the
    // offline rules, …) are applied per method where the group registers it.
    const handlers = combineHandlers(app, [
      printHandlers,
      deviceHandlers,
      authHandlers,
      catalogHandlers,
      salesHandlers,
      overrideHandlers,
      parkedHandlers,
      returnHandlers,
      memberHandlers,
      syncHandlers,
      virtualHandlers,
      ownerHandlers,
      agentHandlers,
      shiftHandlers,
      updateHandlers,
      memberAdminHandlers,
      catalogAdminHandlers,
      payHandlers,
    ]);
    const route = createRouter(handlers, ctx);
    // After every call: the cash drawer opens if cash moved (payments/drawer.ts), the customer display follows.
    const call = Object.assign(
      async (...args: Parameters<typeof route>): Promise<Awaited<ReturnType<typeof route>>> => {
        const r = await route(...args);
        try {
          app.payments.drawer.afterCall();
          app.payments.display.refresh();
        } catch (e) {
          log('after-call hooks', e);
        }
        return r;
      },
      { settled: route.settled },
    );
    // A till that stopped mid-payment settles it first (retries until the cloud answers).
    void app.payments.recover();

    if (opts.backgroundSync !== false) {
      loop = startSyncLoop({
        push: () => (canSync() ? sync.push() : Promise.resolve()),
        pullCatalog: async () => {
          // At start and with each pull: what the cloud takes and offers (agent PCs too: they update).
          if (deviceActive()) await handshake.refresh().catch(() => {});
          if (!canSync()) return;
          try {
            await catalogSync.pull();
            sync.noteContact(null);
          } catch (e) {
            sync.noteContact(e);
          }
        },
      });
    }

    let closed = false;
    performance.mark('backend: ready (cloud contact runs in the background)');
    return {
      call: (method, input) =>
        closed
          ? Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'The backend is closed' } })
          : safety.track(method, () => call(method, input)),
      on(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      settled: async () => {
        await Promise.all([call.settled(), sync.settled()]);
      },
      async close() {
        if (closed) return;
        closed = true;
        loop?.stop();
        updates?.stop();
        // Let a push or pull (or a payment's step) in flight settle before the files close under it.
        await Promise.all([sync.settled(), catalogSync.stop(), call.settled(), app.payments.close()]);
        listeners.clear();
        dbs.close();
      },
    };
  } catch (e) {
    dbs.close();
    throw e;
  }
}
