// Members (internet cafés) at the counter: stored-value cards found offline from the snapshot, top-ups,
// new cards, history and refunds online. Handlers: electron/backend/members/handlers.ts.
import { z } from 'zod';
import { halfWidth, zMobile } from '../input';
import { zFen } from '../money';
import { method, type MethodSpec } from './method';

/** A member (internet café) as the counter sees it: the snapshot from the change feed, with the balance
 *  this device can vouch for. */
export const zMemberView = z.object({
  id: z.string(),
  cardNo: z.string(),
  phone: z.string().nullable(),
  name: z.string(),
  level: z.string(),
  /** 10000 = no discount, 9500 = 5% off */
  discountBps: z.number().int().min(0).max(10000),
  /** the cloud's last synced balance minus this device's member spends it does not reflect yet; may be negative */
  balance: z.number().int(),
  /** those spends (already subtracted from balance) */
  unsyncedSpend: zFen,
  /** how far below zero the member may spend while the cloud cannot be reached */
  offlineAllowance: zFen,
});
export type MemberView = z.infer<typeof zMemberView>;

export const MEMBER_HISTORY_KINDS = [
  'topup',
  'spend',
  'refund',
  'correction',
  'overdraft',
  'repay',
  'writeoff',
  'close',
  'other',
] as const;
/** One money movement of a member (cloud GET /v1/members/:id/history), with what the card held after it. */
export const zMemberHistoryEntry = z.object({
  id: z.string(),
  kind: z.enum(MEMBER_HISTORY_KINDS),
  /** + onto the card, − off it (a spend's overdraft part counts against the member) */
  amount: z.number().int(),
  /** the balance after this movement (derived from the live balance, walking back through newer movements) */
  balanceAfter: z.number().int(),
  /** e.g. "order:<id>" for a sale paid from the card */
  ref: z.string().nullable(),
  at: z.number().int(),
  /** a spend: what a refund may still give back (0 once fully refunded); null for every other kind */
  refundable: zFen.nullable(),
});
export type MemberHistoryEntry = z.infer<typeof zMemberHistoryEntry>;

/** The member's level discount on a subtotal, rounded DOWN to the fen (never more than the level promises). */
export function memberDiscountFen(subtotal: number, discountBps: number): number {
  return Math.floor((subtotal * (10000 - discountBps)) / 10000);
}

export const MEMBER_METHODS = {
  /** by card number (exact: a card reader types it + Enter), phone (exact, or its last 4+ digits) or name; offline too */
  'member.find': method({
    // a card reader or an IME in full-width mode types ０-９ / Ａ-Ｚ: the same member as its ASCII twin
    input: z
      .object({
        query: z
          .string()
          .overwrite((s) => halfWidth(s).trim())
          .min(1)
          .max(64),
      })
      .strict(),
    output: z.object({ members: z.array(zMemberView) }),
    auth: 'session',
    permission: 'member.manage',
  }),
  'member.get': method({
    input: z.object({ id: z.string().uuid() }).strict(),
    output: zMemberView,
    auth: 'session',
    permission: 'member.manage',
  }),
  /** cash taken at the counter onto the member's stored value (online only). clientId: retry key, as virtual.submit's */
  'member.topup': method({
    input: z
      .object({
        memberId: z.string().uuid(),
        amount: zFen.refine((n) => n > 0, 'must be positive'),
        tendered: zFen,
        clientId: z.string().uuid().optional(),
      })
      .strict(),
    output: z.object({ member: zMemberView, amount: zFen, tendered: zFen, change: zFen }),
    auth: 'session',
    permission: 'member.manage',
  }),
  /** 办卡: a new card made in the cloud (online only), at once in this counter's snapshot. clientId: retry key
   *  (becomes the member's id; a repeat answers 'exists'); a card number in use is CONFLICT */
  'member.create': method({
    input: z
      .object({
        cardNo: z
          .string()
          .overwrite((s) => halfWidth(s).trim())
          .min(1)
          .max(32),
        name: z.string().trim().min(1).max(64),
        phone: zMobile.optional(),
        level: z.string().trim().min(1).max(32).optional(),
        discountBps: z.number().int().min(0).max(10000).optional(),
        clientId: z.string().uuid().optional(),
      })
      .strict(),
    output: z.object({ result: z.enum(['ok', 'exists']), member: zMemberView }),
    auth: 'session',
    permission: 'member.manage',
  }),
  /** 记录: the member's money movements as the cloud holds them, newest first (online only) */
  'member.history': method({
    input: z.object({ memberId: z.string().uuid() }).strict(),
    output: z.object({ member: zMemberView, entries: z.array(zMemberHistoryEntry) }),
    auth: 'session',
    permission: 'member.manage',
  }),
  /** 退款: gives (part of) a stored-value payment back onto the card (online only); never more than the
   *  payment's refundable rest (VALIDATION). clientId: retry key */
  'member.refund': method({
    input: z
      .object({
        memberId: z.string().uuid(),
        spendId: z.string().uuid(),
        amount: zFen.refine((n) => n > 0, 'must be positive'),
        clientId: z.string().uuid().optional(),
      })
      .strict(),
    output: z.object({ result: z.enum(['ok', 'exists']), member: zMemberView }),
    auth: 'session',
    permission: 'member.manage',
  }),
} as const satisfies Record<string, MethodSpec>;
