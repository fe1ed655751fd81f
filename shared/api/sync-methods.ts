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
});
export type SyncStatus = z.infer<typeof zSyncStatus>;

export const SYNC_METHODS = {
  'sync.status': method({ input: empty, output: zSyncStatus, auth: 'device' }),
  'sync.now': method({ input: empty, output: zSyncStatus, auth: 'device' }),
} as const satisfies Record<string, MethodSpec>;
