// Member administration in the back office (会员 tab): the members as the cloud holds them (live balance,
// debt, closed or not), the overdrafts offline sales left behind and their resolution, writing a debt off,
// and closing a member (销卡). Spread into API in contract.ts; handlers in
// electron/backend/members/admin-handlers.ts. All online only: each method is one cloud route
// (cloud/members/routes.ts), forwarded with the device signature and the session; the cloud enforces the
// permission again with the super password, and audits.
// Collecting a debt is the ordinary member top-up (member.topup at the counter): a top-up repays the debt
// first, and once it is repaid in full the overdrafts are resolved 'collected' by whoever took the cash.
import { z } from 'zod';
import { zText } from '../text';
import { zFen } from '../money';
import { cloudRoute, MEMBER_PATHS, type CloudRoute } from './cloud-routes';
import type { MethodSpec } from './method';

const zFactors = {
  superPassword: zText().min(1).max(128),
  totpCode: zText()
    .regex(/^\d{6}$/)
    .optional(),
};
const zReason = zText().trim().min(1).max(100);

/** A member as the cloud holds it (GET /v1/members): balance = storedValue − owed; closedAt once closed (销卡). */
export const zAdminMember = z.object({
  id: zText(),
  cardNo: zText(),
  phone: zText().nullable(),
  name: zText(),
  level: zText(),
  balance: z.number().int(),
  storedValue: z.number().int(),
  owed: z.number().int(),
  closedAt: z.number().nullable(),
});
export type AdminMember = z.infer<typeof zAdminMember>;

export const OVERDRAFT_STATUSES = ['open', 'resolved', 'all'] as const;
export const OVERDRAFT_RESOLUTIONS = ['collected', 'written_off'] as const;

/** An offline spend the stored value did not cover, found at sync (GET /v1/members/overdrafts). */
export const zOverdraft = z.object({
  id: zText(),
  memberId: zText(),
  cardNo: zText(),
  name: zText(),
  amountFen: z.number().int(),
  /** the sale it came from, e.g. "order P01-000123" */
  ref: zText(),
  /** more than the member's offline allowance: the till should not have let it happen */
  beyondAllowance: z.boolean(),
  detectedAt: z.number(),
  resolvedAt: z.number().nullable(),
  resolution: z.enum(OVERDRAFT_RESOLUTIONS).nullable(),
  resolvedBy: z.object({ id: zText(), name: zText() }).nullable(),
  memberClosed: z.boolean(),
});
export type Overdraft = z.infer<typeof zOverdraft>;

const zMoved = z.enum(['ok', 'exists']);

export const MEMBER_ADMIN_METHODS = {
  /** GET /v1/members?q=&closed=1: card, phone or name; closed members too when asked */
  'memberAdmin.search': {
    input: z.object({ query: zText().trim().min(1).max(64), includeClosed: z.boolean().default(false) }).strict(),
    output: z.object({ members: z.array(zAdminMember) }),
    auth: 'session',
    permission: 'member.manage',
  },
  /** GET /v1/members/overdrafts?status=: open ones first (default), or resolved ones with who/when/how */
  'memberAdmin.overdrafts': {
    input: z.object({ status: z.enum(OVERDRAFT_STATUSES).default('open') }).strict(),
    output: z.object({ overdrafts: z.array(zOverdraft) }),
    auth: 'session',
    permission: 'member.manage',
  },
  /**
   * POST /v1/members/:id/write-off: the outlet absorbs the member's debt. amountFen is what the owner saw
   * owed: another figure (a top-up or a sync moved it) is CONFLICT with details.owedFen. clientId is the
   * retry key: a repeat answers 'exists' and moves nothing.
   */
  'memberAdmin.writeOff': {
    input: z
      .object({
        memberId: z.uuid(),
        clientId: z.uuid(),
        amountFen: zFen.refine((n) => n > 0, 'must be positive'),
        reason: zReason,
        ...zFactors,
      })
      .strict(),
    output: z.object({ result: zMoved, member: zAdminMember }),
    auth: 'session',
    permission: 'member.balance',
    sensitive: true,
  },
  /**
   * POST /v1/members/:id/close (销卡): refused with MEMBER_HAS_BALANCE while stored value is left, unless
   * refundCashFen equals it (the cash handed back from this till's drawer, recorded as a pay-out); refused
   * with MEMBER_OVERDRAFT_OPEN while a debt is open. The card then leaves every till's snapshot.
   */
  'memberAdmin.close': {
    input: z
      .object({
        memberId: z.uuid(),
        clientId: z.uuid(),
        refundCashFen: zFen.optional(),
        reason: zReason.optional(),
        ...zFactors,
      })
      .strict(),
    output: z.object({ result: zMoved, refundedFen: zFen, member: zAdminMember }),
    auth: 'session',
    permission: 'member.manage',
    sensitive: true,
  },
} as const satisfies Record<string, MethodSpec>;

const M = MEMBER_ADMIN_METHODS;
/** The cloud route behind each method. The cloud's answer is the method's output, so one schema checks both. */
export const MEMBER_ADMIN_ROUTES = {
  'memberAdmin.search': cloudRoute('GET', MEMBER_PATHS.members, M['memberAdmin.search'].output),
  'memberAdmin.overdrafts': cloudRoute('GET', MEMBER_PATHS.overdrafts, M['memberAdmin.overdrafts'].output),
  'memberAdmin.writeOff': cloudRoute('POST', MEMBER_PATHS.writeOff, M['memberAdmin.writeOff'].output),
  'memberAdmin.close': cloudRoute('POST', MEMBER_PATHS.close, M['memberAdmin.close'].output),
} as const satisfies Record<keyof typeof MEMBER_ADMIN_METHODS, CloudRoute>;
