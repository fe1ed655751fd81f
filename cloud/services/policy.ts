// Runtime: Node. Device policy handed to the POS at registration and login. Fixed for now; per-outlet
// settings can replace it without changing the wire.
import type { z } from 'zod';
import type { zDevicePolicy } from '../../shared/sync/protocol';

export function devicePolicy(): z.input<typeof zDevicePolicy> {
  return { offlineWindowHours: 72, offlineSalesCapFen: 5_000_000 };
}

export const LOCKOUT = { maxFailures: 5, lockMs: 15 * 60 * 1000 } as const;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
