// The owner's view of closed shifts (交班记录) from every till, as the cloud answers GET /v1/shifts and the
// POS method owner.shifts passes it on. Amounts are integer fen; difference < 0 is 短款 (cash missing).
import { z } from 'zod';
import { zTakingsByMethod } from '../payments/methods';
import { zShiftCashByKind } from '../sync/protocol';

export const SHIFT_LIST_MAX = 200;

/** closedAt range (epoch ms, inclusive from, exclusive to), one till, and the page after `cursor` (newest first) */
export const zShiftListQuery = z
  .object({
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    deviceId: z.uuid().optional(),
    cursor: z
      .string()
      .regex(/^\d{1,16}_[0-9a-f-]{36}$/, 'a cursor from the previous page')
      .optional(),
    limit: z.coerce.number().int().min(1).max(SHIFT_LIST_MAX).default(50),
  })
  .strict();
export type ShiftListQuery = z.infer<typeof zShiftListQuery>;
/** the same filters as the POS method owner.shifts takes them (numbers, not query strings) */
export const zShiftListInput = z
  .object({
    from: z.number().int().min(0).optional(),
    to: z.number().int().min(0).optional(),
    deviceId: z.uuid().optional(),
    cursor: z
      .string()
      .regex(/^\d{1,16}_[0-9a-f-]{36}$/)
      .optional(),
    limit: z.number().int().min(1).max(SHIFT_LIST_MAX).default(50),
  })
  .strict();

export const zShiftRecord = z.object({
  id: z.uuid(),
  clientShiftId: z.uuid(),
  deviceId: z.uuid(),
  deviceName: z.string(),
  openedBy: z.uuid(),
  openedByName: z.string(),
  openedAt: z.number().int(),
  openingFloat: z.number().int(),
  autoOpened: z.boolean(),
  closedBy: z.uuid(),
  closedByName: z.string(),
  closedAt: z.number().int(),
  cashByKind: zShiftCashByKind,
  expectedCash: z.number().int(),
  countedCash: z.number().int(),
  /** counted − expected: negative = 短款, positive = 长款 */
  difference: z.number().int(),
  salesCount: z.number().int(),
  salesTotal: z.number().int(),
  note: z.string().nullable(),
  receivedAt: z.number().int(),
  /** takings per payment method as the till closed them; null from tills before methods version 2 */
  takingsByMethod: zTakingsByMethod.nullable().optional(),
});
export type ShiftRecord = z.infer<typeof zShiftRecord>;

export const zShiftList = z.object({
  shifts: z.array(zShiftRecord),
  /** pass as `cursor` for the next (older) page; null on the last page */
  nextCursor: z.string().nullable(),
  /** a shortfall at least this large e-mailed the owner (cash_shortfall alert) */
  shortfallAlertFen: z.number().int(),
});
export type ShiftList = z.infer<typeof zShiftList>;
