// Shifts (开班/交班) and the cash drawer, as renderer↔backend methods. Spread into API in contract.ts;
// handlers in electron/backend/shifts/handlers.ts. Entirely local (sales.db), so they work offline.
// Every cash movement (sales, top-ups, game cards, member top-ups, hand-backs, pay-in/out) lands in the
// open shift; a sale made while no shift is open opens one itself (float 0, `autoOpened`).
// All need 'shift.manage' (cashiers and managers hold it). A pay-out is not `sensitive`: the cash is in
// front of the cashier and every pay-in/out is written to the till's audit chain with its reason.
import { zTakingsByMethod } from '../payments/methods';
import { z } from 'zod';
import { zMultiline, zText } from '../text';
import { CASH_KINDS } from '../cash';
import { MAX_FEN, zFen } from '../money';
import type { MethodSpec } from './method';

const empty = z.object({}).strict();
const zSigned = z.number().int();
const zNote = zText().trim().max(200);

/** the cash kinds, in display order (shared/cash.ts) */
export const SHIFT_CASH_KINDS = CASH_KINDS;

/** signed fen per kind of movement (hand-backs and pay-outs negative), 0 where nothing moved */
export const zCashByKind = z.object(
  Object.fromEntries(SHIFT_CASH_KINDS.map((k) => [k, zSigned])) as Record<
    (typeof SHIFT_CASH_KINDS)[number],
    typeof zSigned
  >,
);
export type CashByKind = z.infer<typeof zCashByKind>;

/** What was changed and undone in a shift (issue 11): discounts given, returns by tender, voids, overrides. */
export const zShiftSaleChanges = z.object({
  /** line discounts and price cuts below the catalog price, and whole-order discounts (the cashiers' choice) */
  discountsGiven: zSigned,
  /** the members' level discounts */
  memberDiscounts: zSigned,
  /** 抹零 */
  rounding: zSigned,
  returnsCount: z.number().int(),
  /** what returns gave back, per tender (voids included) */
  refundsByMethod: z.record(zText(), zSigned),
  voidsCount: z.number().int(),
  voidsTotal: zSigned,
  /** supervisor overrides on sales and returns of the shift */
  overridesCount: z.number().int(),
});
export type ShiftSaleChanges = z.infer<typeof zShiftSaleChanges>;

/** One employee who covered (代班) a shift of another: when they chose to, the sales and cash they made in it. */
export const zShiftCover = z.object({
  employeeId: zText(),
  name: zText().nullable(),
  at: z.number().int(),
  salesCount: z.number().int(),
  salesTotal: zSigned,
  /** the net cash they moved in the drawer (sales, top-ups, pay-in/out, returns) */
  cash: zSigned,
});
export type ShiftCover = z.infer<typeof zShiftCover>;

export const zShiftSummary = z.object({
  id: zText(),
  openedBy: zText(),
  /** the employee's name as this till knows it (from a login here), else null */
  openedByName: zText().nullable(),
  openedAt: z.number().int(),
  openingFloat: zFen,
  /** opened by the first sale or cash movement because nobody had opened a shift (float 0) */
  autoOpened: z.boolean(),
  /** sales made in the shift, whatever they were paid with, and their total */
  salesCount: z.number().int(),
  salesTotal: zSigned,
  cashByKind: zCashByKind,
  /** what the shift's sales took per payment method (WeChat, Alipay, UnionPay, static codes, member balance
   *  apart; the drawer expects only the cash part) */
  takingsByMethod: zTakingsByMethod,
  /** opening float + every movement: what the drawer should hold */
  expectedCash: zSigned,
  closedAt: z.number().int().nullable(),
  closedBy: zText().nullable(),
  closedByName: zText().nullable(),
  countedCash: zFen.nullable(),
  /** counted − expected: negative = cash missing, positive = cash over */
  difference: zSigned.nullable(),
  note: zText().nullable(),
  saleChanges: zShiftSaleChanges.optional(),
  /** opened by a sale and its float not given yet: the till asks for it (shift.setFloat) */
  needsFloat: z.boolean().optional(),
  /** who acted within this shift of another (代班), since when, and what they did in it */
  covers: z.array(zShiftCover).optional(),
});
export type ShiftSummary = z.infer<typeof zShiftSummary>;

/** Whose the open shift is, as every seller needs to know it (the handover question at login). */
export const zShiftStatus = z.object({
  shift: z
    .object({
      id: zText(),
      openedBy: zText(),
      openedByName: zText().nullable(),
      openedAt: z.number().int(),
      autoOpened: z.boolean(),
      needsFloat: z.boolean(),
    })
    .nullable(),
  /** the open shift is the logged-in employee's own (or none is open) */
  mine: z.boolean(),
  /** they chose to act within another's open shift (代班) */
  covering: z.boolean(),
});
export type ShiftStatus = z.infer<typeof zShiftStatus>;

export const SHIFT_METHODS = {
  /** whose the open shift is: asked at login; a seller may not make cash acts in another's shift until they hand
   *  it over (交班) or cover it (代班, shift.cover) — CONFLICT reason SHIFT_OF_ANOTHER otherwise */
  'shift.status': {
    input: empty,
    output: zShiftStatus,
    auth: 'session',
    permission: 'sale.sell',
  },
  /** 代班: act within the open shift of another employee; every movement is marked as such, and audited */
  'shift.cover': {
    input: empty,
    output: zShiftStatus,
    auth: 'session',
    permission: 'shift.manage',
  },
  /** the float of a shift a sale opened by itself (float 0), counted now: once per shift (CONFLICT FLOAT_SET after) */
  'shift.setFloat': {
    input: z.object({ openingFloat: zFen }).strict(),
    output: z.object({ shift: zShiftSummary }),
    auth: 'session',
    permission: 'shift.manage',
  },
  /** the open shift with its running expected cash by kind; null when none is open */
  'shift.current': {
    input: empty,
    output: z.object({ shift: zShiftSummary.nullable() }),
    auth: 'session',
    permission: 'shift.manage',
  },
  /** 开班: opening float counted into the drawer. CONFLICT (details.reason SHIFT_OPEN) while one is open. */
  'shift.open': {
    input: z.object({ openingFloat: zFen }).strict(),
    output: z.object({ shift: zShiftSummary }),
    auth: 'session',
    permission: 'shift.manage',
  },
  /** cash put in (amount > 0) or taken out (amount < 0) by hand, with a reason; a pay-out may not take more than the drawer should hold */
  'shift.payInOut': {
    input: z
      .object({
        amount: z
          .number()
          .int()
          .min(-MAX_FEN)
          .max(MAX_FEN)
          .refine((n) => n !== 0, 'must not be 0'),
        reason: zText().trim().min(1).max(100),
      })
      .strict(),
    output: z.object({ shift: zShiftSummary }),
    auth: 'session',
    permission: 'shift.manage',
  },
  /** 交班: closes the open shift with the cash counted; the summary carries expected and difference. NOT_FOUND when none is open. */
  'shift.close': {
    input: z.object({ countedCash: zFen, note: zNote.optional() }).strict(),
    output: z.object({ shift: zShiftSummary }),
    auth: 'session',
    permission: 'shift.manage',
  },
  /** recently closed shifts, newest first */
  'shift.history': {
    input: z.object({ limit: z.number().int().min(1).max(100).default(20) }).strict(),
    output: z.object({ shifts: z.array(zShiftSummary) }),
    auth: 'session',
    permission: 'shift.manage',
  },
  /** prints a shift's report (交班单) on the receipt printer; works offline. PRINTER_ERROR when none is set up. */
  'shift.print': {
    input: z.object({ id: zText().uuid() }).strict(),
    output: z.object({ printed: z.literal(true) }),
    auth: 'session',
    permission: 'shift.manage',
  },
  /** the same report as an SVG picture, for the screen */
  'shift.preview': {
    input: z.object({ id: zText().uuid() }).strict(),
    output: z.object({ svg: zMultiline() }),
    auth: 'session',
    permission: 'shift.manage',
  },
} as const satisfies Record<string, MethodSpec>;
