// Updates at the counter: what is coming and its notes, the download's progress, when it will install and
// what it waits for; the cashier's 立即安装 / 稍后提醒; the owner's moment (shift close, a night time, or
// only when asked). Also what the cloud does not take yet (the capability handshake) and whether this till
// is below the cloud's minimum version. Handlers: electron/backend/updates/handlers.ts.
import { z } from 'zod';
import { zUpdateOffer } from '../updates/protocol';
import { empty, method, type MethodSpec } from './method';

export const UPDATE_PHASES = [
  'idle',
  'checking',
  'none',
  'downloading',
  'downloaded',
  'installing',
  'error',
  'unavailable',
] as const;
export const INSTALL_MOMENTS = ['shift-close', 'night', 'prompt'] as const;
export const UPDATE_SCHEDULERS = ['cashier', 'shift-close', 'night', 'forced'] as const;
/** why an accepted install has not started: an open cart, a parked basket, a payment or virtual order waiting, unsent records */
export const UPDATE_WAITS = ['cart', 'parked', 'payment', 'virtual', 'outbox'] as const;

export const zUpdateSettings = z
  .object({
    moment: z.enum(INSTALL_MOMENTS),
    /** HH:MM in the outlet's time zone */
    nightTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 00:00–23:59'),
  })
  .strict();

export const zUpdateStatus = z.object({
  currentVersion: z.string(),
  /** what the cloud offers this till now (null: nothing, or not known yet) */
  offer: zUpdateOffer.nullable(),
  phase: z.enum(UPDATE_PHASES),
  /** the version being downloaded or downloaded */
  version: z.string().nullable(),
  percent: z.number().min(0).max(100).nullable(),
  error: z.string().nullable(),
  /** the prompt (notes, 立即安装 / 稍后提醒) is on screen */
  prompt: z.boolean(),
  forced: z.boolean(),
  scheduled: z.object({ at: z.number().int(), by: z.enum(UPDATE_SCHEDULERS) }).nullable(),
  waitingFor: z.array(z.enum(UPDATE_WAITS)),
  postponedUntil: z.number().int().nullable(),
  settings: zUpdateSettings,
  /** the capability handshake: when the cloud last answered, what it does not take, whether this till is too old */
  cloud: z.object({
    checkedAt: z.number().int().nullable(),
    heldKinds: z.array(z.string()),
    belowMinimum: z.boolean(),
    minimumTillVersion: z.string().nullable(),
  }),
});
export type UpdateStatus = z.output<typeof zUpdateStatus>;

export const UPDATE_METHODS = {
  'update.status': method({ input: empty, output: zUpdateStatus, auth: 'none', polled: true }),
  /** 立即安装: at the first safe moment (after the current sale) */
  'update.install': method({ input: empty, output: zUpdateStatus, auth: 'session' }),
  /** 稍后提醒: the prompt comes back in an hour or at the next moment (a forced update cannot be put off) */
  'update.postpone': method({ input: empty, output: zUpdateStatus, auth: 'session' }),
  'update.check': method({ input: empty, output: zUpdateStatus, auth: 'session' }),
  'update.settings': method({
    input: zUpdateSettings,
    output: zUpdateStatus,
    auth: 'session',
    permission: 'device.manage',
  }),
} as const satisfies Record<string, MethodSpec>;
