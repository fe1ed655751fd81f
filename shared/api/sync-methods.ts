// The outbox's state as the indicator at the top of the screen shows it, and "sync now".
// Handlers: electron/backend/sync/handlers.ts.
import { z } from 'zod';
import { empty, method, type MethodSpec } from './method';

export const SYNC_STATES = ['online', 'offline', 'syncing', 'error'] as const;
export const zSyncStatus = z.object({
  state: z.enum(SYNC_STATES),
  unsent: z.number().int().min(0),
  /** createdAt of the oldest order not yet acknowledged by the cloud */
  oldestUnsentAt: z.number().int().nullable(),
  lastSyncAt: z.number().int().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** when the head of the outbox is next tried (capped exponential backoff); null when nothing waits */
  nextAttemptAt: z.number().int().nullable().optional(),
  /** record kinds this till holds back because its cloud does not take them yet (the capability handshake) */
  heldKinds: z.array(z.string()).optional(),
  /** of `unsent`, the records parked with the cloud's (or this till's) refusal: they hold nothing back, wait
   *  for a person (sync.parked), and keep only a device reset waiting */
  parked: z.number().int().min(0).optional(),
});
export type SyncStatus = z.infer<typeof zSyncStatus>;

/** A record the cloud refused (or this till could not send as it is), parked in the outbox with its reason. */
export const zParkedRecord = z.object({
  /** the outbox row */
  id: z.number().int(),
  /** a kind of shared/sync/records.ts (order, shift …) */
  kind: z.string(),
  /** the record's own id (an order's clientOrderId …) */
  ref: z.string(),
  /** an order's receipt number, when the record is an order */
  number: z.string().nullable(),
  createdAt: z.number().int(),
  parkedAt: z.number().int(),
  reason: z.object({ code: z.string(), message: z.string() }),
  /** worth another try once the cloud is fixed (its own fault); false: the record itself was refused */
  retryable: z.boolean(),
});
export type ParkedRecord = z.infer<typeof zParkedRecord>;

export const SYNC_METHODS = {
  'sync.status': method({ input: empty, output: zSyncStatus, auth: 'device' }),
  'sync.now': method({ input: empty, output: zSyncStatus, auth: 'device' }),
  /** 未能上传的记录: the records parked in this till's outbox, newest first, with the reason (owner's 设备 tab) */
  'sync.parked': method({
    input: empty,
    output: z.object({ records: z.array(zParkedRecord) }),
    auth: 'session',
    permission: 'device.manage',
  }),
  /** puts a retryable parked record back in the queue (after the cloud was fixed); NOT_FOUND otherwise */
  'sync.retryParked': method({
    input: z.object({ id: z.number().int().min(1) }).strict(),
    output: zSyncStatus,
    auth: 'session',
    permission: 'device.manage',
  }),
} as const satisfies Record<string, MethodSpec>;
