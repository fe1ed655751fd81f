// The PC itself: what it is registered as (app.status), registering it with the owner's account, and
// forgetting it (device.reset). Handlers: electron/backend/device/handlers.ts.
import { z } from 'zod';
import { zFen } from '../money';
import { ORG_KINDS, zPassword, zUsername } from '../sync/protocol';
import { zSession } from './auth-methods';
import { empty, method, type MethodSpec } from './method';

export const zDeviceState = z.object({
  state: z.enum(['unregistered', 'pending', 'active', 'revoked']),
  deviceId: z.string().nullable(),
  name: z.string().nullable(),
  outletName: z.string().nullable(),
  /** what the PC is registered to (null before registration): 'agent' = an agent's back office, no selling */
  orgKind: z.enum(ORG_KINDS).nullable(),
  cloudUrl: z.string(),
  /** the outlet's time zone every time on this till is shown in (shared/time.ts; Asia/Shanghai by default) */
  timeZone: z.string(),
});
export type DeviceState = z.infer<typeof zDeviceState>;

export const DEVICE_METHODS = {
  'app.status': method({
    input: empty,
    output: z.object({
      device: zDeviceState,
      session: zSession.nullable(),
      catalog: z.object({
        products: z.number().int(),
        cursor: z.number().int(),
        syncedAt: z.number().int().nullable(),
      }),
      /** the outlet's limits on money the counter takes in, from the device policy (shared/limits.ts) */
      limits: z.object({ memberTopupMaxFen: zFen }).optional(),
    }),
    auth: 'none',
  }),
  'device.register': method({
    input: z
      .object({ username: zUsername, password: zPassword, deviceName: z.string().trim().min(1).max(64) })
      .strict(),
    output: zDeviceState,
    auth: 'none',
  }),
  /**
   * Points this PC at another cloud (a private deployment) before it is registered: checked with
   * shared/net/cloud-url.ts (HTTPS, or HTTP on loopback / the shop's LAN) and kept in the data folder.
   * Refused (CONFLICT) once the PC is registered: its device key belongs to the cloud it registered with.
   */
  'device.setCloud': method({
    input: z.object({ cloudUrl: z.string().trim().min(1).max(300) }).strict(),
    output: zDeviceState,
    auth: 'none',
  }),
  /**
   * Forgets this PC's registration and wipes the local data (sales.db, catalog.db, device key). Refused
   * with UNSENT_ORDERS while the cloud has not acknowledged every order; `confirm` must repeat the device name.
   */
  'device.reset': method({
    input: z.object({ confirm: z.string().trim().min(1).max(64) }).strict(),
    output: z.object({ reset: z.literal(true) }),
    auth: 'session',
    permission: 'device.manage',
  }),
} as const satisfies Record<string, MethodSpec>;
