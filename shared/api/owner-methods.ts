// The owner's back office (店长后台) and password recovery, as renderer↔backend methods. Spread into API in
// contract.ts. All of them are online only: the backend calls for each the cloud route declared in
// owner-routes.ts, signed with the device key and carrying the session; the cloud is where permissions, second
// factors, caps and the audit are enforced — the permission here mirrors the route's so the till refuses
// early and audits the refusal locally too.
// Second factors: `superPassword` / `totpCode` travel to the cloud as headers (x-super-password
// percent-encoded, x-totp-code) and are never stored or logged by the POS. Where the cloud route is
// always sensitive the method is `sensitive: true` and superPassword is required; where the cloud asks
// for it only sometimes (a grant that adds a sensitive permission) it is optional and the cloud answers
// SUPER_PASSWORD_REQUIRED when it is missing.
// Long on purpose: the back office's methods are declarations only (schema, permission, cloud route), one per act the
// owner can do; grouped by screen below.
import { z } from 'zod';
import { zMultiline, zText } from '../text';
import { MEMBER_TOPUP_MAX_CEILING_FEN } from '../limits';
import { AUDIT_KINDS } from '../audit';
import { zFen } from '../money';
import { isCidr } from '../net/cidr';
import { PERMISSIONS, ROLE_TEMPLATES, zGrantedPermissions, zPermission } from '../permissions';
import { zPassword, zUsername } from '../sync/protocol';
import { zStaffCard } from '../staff-card';
import type { MethodSpec } from './method';
import { zFlaggedList, zFlaggedListInput } from './flagged-orders';
import { zShiftList, zShiftListInput } from './shift-report';
import {
  zLateRefundFailures,
  zLateRefundFailuresQuery,
  zReconciliationQuery,
  zReconciliationReport,
  zTakingsQuery,
  zTakingsReport,
} from '../payments/owner';

const empty = z.object({}).strict();
const zFactors = {
  superPassword: zText().min(1).max(128).optional(),
  totpCode: zText()
    .regex(/^\d{6}$/)
    .optional(),
};
const zRequiredFactors = {
  superPassword: zText().min(1).max(128),
  totpCode: zText()
    .regex(/^\d{6}$/)
    .optional(),
};
const zId = z.uuid();
const zSmsCode = {
  smsCode: zText()
    .regex(/^\d{6}$/)
    .optional(),
};
/** one IP allowlist entry: IPv4 or IPv6 address, optionally with /prefix (shared/net/cidr.ts; the cloud normalises) */
export const zCidr = zText().trim().min(1).max(64).refine(isCidr, 'not an IP address or CIDR block');
export const MAX_CIDRS = 32;

export const ROLE_TEMPLATE_NAMES = Object.keys(ROLE_TEMPLATES) as (keyof typeof ROLE_TEMPLATES)[];

export const zOwnerEmployee = z.object({
  id: zText(),
  username: zText(),
  name: zText(),
  isMaster: z.boolean(),
  permissions: zGrantedPermissions,
  limits: z.object({
    maxDiscountFen: z.number().int(),
    dailyTransferCapFen: z.number().int(),
    /** the till's discount share (basis points off) and refund limits (absent from an older cloud) */
    maxDiscountBps: z.number().int().optional(),
    maxRefundFen: z.number().int().optional(),
  }),
  disabled: z.boolean(),
  superPasswordSet: z.boolean(),
  totpEnrolled: z.boolean(),
  phoneVerified: z.boolean(),
  emailVerified: z.boolean(),
  /** IP binding: the CIDR blocks the account may be used from; empty = any address */
  ipAllowlist: z.array(zText()).default([]),
  /** the staff card's last 4 characters (员工卡 尾号 1234), null without a card; absent from a cloud older than cards */
  cardHint: zText().nullable().optional(),
});
export type OwnerEmployee = z.infer<typeof zOwnerEmployee>;

const zPermissionChange = z.object({
  employee: zOwnerEmployee,
  added: z.array(zPermission),
  removed: z.array(zPermission),
});

export const zCopyPreview = z.object({
  from: z.object({ id: zText(), username: zText() }),
  to: z.object({ id: zText(), username: zText() }),
  result: z.array(zPermission),
  added: z.array(zPermission),
  removed: z.array(zPermission),
  sensitiveAdded: z.array(zPermission),
  needsSuperPassword: z.boolean(),
  /** permissions the actor does not hold and so cannot grant or take away (the copy would be refused) */
  notAllowed: z.array(zPermission),
});
export type CopyPreview = z.infer<typeof zCopyPreview>;

export const zOwnerDevice = z.object({
  id: zText(),
  name: zText(),
  platform: zText(),
  status: zText(),
  createdAt: z.number(),
  registeredBy: zText().nullable(),
});
export const zDeposit = z.object({
  id: zText(),
  channelId: zText(),
  amountFen: z.number().int(),
  feeFen: z.number().int(),
  creditFen: z.number().int(),
  status: zText(),
  channelRef: zText().nullable(),
  createdAt: z.number(),
  resolvedAt: z.number().nullable(),
});
/** GET /v1/money/balance: the outlet's prepaid account from the ledger and its newest entries (cloud/security/balance.ts) */
export const zPrepaidEntry = z.object({
  id: zText(),
  code: zText(),
  amountFen: z.number().int(),
  direction: z.enum(['in', 'out']),
  kind: z.enum(['single', 'pending', 'post_pending', 'void_pending']),
  at: z.number(),
});
export type PrepaidEntry = z.infer<typeof zPrepaidEntry>;
export const zPrepaidStatement = z.object({
  accountId: zText(),
  postedFen: z.number().int(),
  reservedFen: z.number().int(),
  incomingFen: z.number().int(),
  availableFen: z.number().int(),
  entries: z.array(zPrepaidEntry),
});
export const zAuditEntry = z.object({
  id: z.number(),
  at: z.number(),
  actor_id: zText().nullable(),
  device_id: zText().nullable(),
  ip: zText().nullable(),
  action: zText(),
  target: zText().nullable(),
  outcome: z.enum(['ok', 'refused']),
  error_code: zText().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof zAuditEntry>;
export const zAlertEmail = z.object({
  id: z.coerce.number(),
  to_address: zText(),
  subject: zText(),
  body: zMultiline(),
  kind: zText(),
  created_at: z.coerce.number(),
});
export type AlertEmail = z.infer<typeof zAlertEmail>;

export const OWNER_METHODS = {
  // ---- employees and permissions (/v1/employees) ----
  'owner.employees': {
    input: empty,
    output: z.object({ employees: z.array(zOwnerEmployee) }),
    auth: 'session',
    permission: 'employee.manage',
  },
  /** POST /v1/employees: from a role template plus extra permissions; the cloud wants the super password when any is sensitive */
  'owner.employeeCreate': {
    input: z
      .object({
        username: zUsername,
        name: zText().trim().min(1).max(64),
        password: zPassword,
        role: z
          .enum(ROLE_TEMPLATE_NAMES as [keyof typeof ROLE_TEMPLATES, ...(keyof typeof ROLE_TEMPLATES)[]])
          .optional(),
        permissions: z.array(zPermission).max(PERMISSIONS.length).default([]),
        ...zFactors,
      })
      .strict(),
    output: z.object({ employee: zOwnerEmployee }),
    auth: 'session',
    permission: 'employee.manage',
  },
  /** PUT /v1/employees/:id/permissions: the whole new set; granting a sensitive one needs the super password */
  'owner.employeePermissions': {
    input: z.object({ id: zId, permissions: z.array(zPermission).max(PERMISSIONS.length), ...zFactors }).strict(),
    output: zPermissionChange,
    auth: 'session',
    permission: 'employee.manage',
  },
  /** POST /v1/employees/:id/copy-permissions/preview: exactly what copying would grant and take away */
  'owner.copyPreview': {
    input: z.object({ id: zId, fromEmployeeId: zId }).strict(),
    output: zCopyPreview,
    auth: 'session',
    permission: 'employee.manage',
  },
  'owner.copyPermissions': {
    input: z.object({ id: zId, fromEmployeeId: zId, ...zFactors }).strict(),
    output: zPermissionChange,
    auth: 'session',
    permission: 'employee.manage',
  },
  /** PUT /v1/employees/:id/limits: maximum discount, daily money-movement cap, the till's discount share
   *  (basis points off) and refund limit */
  'owner.employeeLimits': {
    input: z
      .object({
        id: zId,
        maxDiscountFen: zFen,
        dailyTransferCapFen: zFen,
        maxDiscountBps: z.number().int().min(0).max(10_000).optional(),
        maxRefundFen: zFen.optional(),
        ...zRequiredFactors,
      })
      .strict(),
    output: z.object({ employee: zOwnerEmployee }),
    auth: 'session',
    permission: 'employee.manage',
    sensitive: true,
  },
  /** POST /v1/employees/:id/disable: the account stops working at once (its sessions end) — a cashier who
   *  leaves, or is caught. /enable lets it log in again with the same password and permissions. */
  'owner.employeeDisable': {
    input: z.object({ id: zId, ...zRequiredFactors }).strict(),
    output: z.object({ ok: z.literal(true) }),
    auth: 'session',
    permission: 'employee.manage',
    sensitive: true,
  },
  'owner.employeeEnable': {
    input: z.object({ id: zId, ...zRequiredFactors }).strict(),
    output: z.object({ ok: z.literal(true) }),
    auth: 'session',
    permission: 'employee.manage',
    sensitive: true,
  },
  /** PUT /v1/employees/:id/card (shared/api/cloud-routes.ts STAFF_CARD_PATHS): binds the scanned staff card, replacing
   *  the one the employee had; a card another employee holds is refused (CONFLICT CARD_TAKEN). */
  'owner.employeeCard': {
    input: z.object({ id: zId, card: zStaffCard, ...zRequiredFactors }).strict(),
    output: z.object({ employee: zOwnerEmployee }),
    auth: 'session',
    permission: 'employee.manage',
    sensitive: true,
  },
  /** POST /v1/employees/:id/card/remove: the card approves nothing any more (挂失 / 解绑); tills forget it at their
   *  next pull of the feed */
  'owner.employeeCardRemove': {
    input: z.object({ id: zId, ...zRequiredFactors }).strict(),
    output: z.object({ employee: zOwnerEmployee }),
    auth: 'session',
    permission: 'employee.manage',
    sensitive: true,
  },
  // ---- my security (/v1/me/*), any logged-in employee ----
  /** superPassword: only to confirm a network address the cloud has not seen this employee use (NEW_IP) */
  'owner.me': {
    input: z.object({ superPassword: zFactors.superPassword }).strict(),
    output: z.object({ employee: zOwnerEmployee }),
    auth: 'session',
  },
  /** PUT /v1/me/super-password: needs the login password; changing an existing one needs the current one */
  'owner.setSuperPassword': {
    input: z
      .object({
        password: zPassword,
        superPassword: zText().min(6).max(128),
        currentSuperPassword: zText().min(1).max(128).optional(),
        totpCode: zFactors.totpCode,
      })
      .strict(),
    output: z.object({ ok: z.literal(true) }),
    auth: 'session',
  },
  /** POST /v1/me/totp/enroll: a fresh secret as otpauth:// URI and QR picture; active after confirm */
  'owner.totpEnroll': {
    input: z.object(zFactors).strict(),
    output: z.object({ uri: zText(), qrDataUrl: zText() }),
    auth: 'session',
  },
  'owner.totpConfirm': {
    input: z.object({ code: zText().regex(/^\d{6}$/) }).strict(),
    output: z.object({ ok: z.literal(true) }),
    auth: 'session',
  },
  /** POST /v1/me/phone, /v1/me/email: a code to the new number / address; verify binds it. Changing a verified
   *  one needs the super password (+ token) and the SMS code sent to the current phone. */
  'owner.phoneStart': {
    input: z
      .object({
        phone: zText()
          .trim()
          .regex(/^\+?\d{6,15}$/),
        ...zFactors,
        smsCode: zText()
          .regex(/^\d{6}$/)
          .optional(),
      })
      .strict(),
    output: z.object({ sent: z.literal(true) }),
    auth: 'session',
  },
  'owner.phoneVerify': {
    input: z.object({ code: zText().regex(/^\d{6}$/) }).strict(),
    output: z.object({ ok: z.literal(true) }),
    auth: 'session',
  },
  'owner.emailStart': {
    input: z
      .object({
        email: z.email().max(200),
        ...zFactors,
        smsCode: zText()
          .regex(/^\d{6}$/)
          .optional(),
      })
      .strict(),
    output: z.object({ sent: z.literal(true) }),
    auth: 'session',
  },
  'owner.emailVerify': {
    input: z.object({ code: zText().regex(/^\d{6}$/) }).strict(),
    output: z.object({ ok: z.literal(true) }),
    auth: 'session',
  },
  /** POST /v1/me/sms-code: a code to the verified phone for the act about to be confirmed */
  'owner.smsCode': { input: empty, output: z.object({ sent: z.literal(true) }).passthrough(), auth: 'session' },
  /** PUT /v1/employees/:id/ip-allowlist: the whole new list (empty = unbound). Super password always; the SMS
   *  code too when the acting account has a verified phone (SMS_CODE_REQUIRED otherwise). The current list
   *  is read from owner.employees / owner.me (ipAllowlist). The owner may bind their own account. */
  'owner.setIpAllowlist': {
    input: z.object({ id: zId, cidrs: z.array(zCidr).max(MAX_CIDRS), ...zRequiredFactors, ...zSmsCode }).strict(),
    output: z.object({ employee: zOwnerEmployee }),
    auth: 'session',
    permission: 'security.manage',
    sensitive: true,
  },
  // ---- devices (/v1/devices) ----
  'owner.devices': {
    input: empty,
    output: z.object({ devices: z.array(zOwnerDevice) }),
    auth: 'session',
    permission: 'device.manage',
  },
  'owner.deviceApprove': {
    input: z.object({ id: zId, ...zRequiredFactors }).strict(),
    output: z.object({ id: zText(), status: zText() }),
    auth: 'session',
    permission: 'device.manage',
    sensitive: true,
  },
  'owner.deviceRevoke': {
    input: z.object({ id: zId, ...zRequiredFactors }).strict(),
    output: z.object({ id: zText(), status: zText() }),
    auth: 'session',
    permission: 'device.manage',
    sensitive: true,
  },
  /** GET /v1/security/settings: the outlet's security settings (新设备需批准) */
  'owner.securitySettings': {
    input: empty,
    output: z.object({ newDevicesNeedApproval: z.boolean() }),
    auth: 'session',
    permission: 'security.manage',
  },
  /** PUT /v1/security/settings: super password always, the SMS code when the actor has a verified phone */
  'owner.setSecuritySettings': {
    input: z.object({ newDevicesNeedApproval: z.boolean(), ...zRequiredFactors, ...zSmsCode }).strict(),
    output: z.object({ newDevicesNeedApproval: z.boolean() }),
    auth: 'session',
    permission: 'security.manage',
    sensitive: true,
  },
  /** GET /v1/security/money-limits: the outlet's maximum for one member top-up (shared/limits.ts) */
  'owner.moneyLimits': {
    input: empty,
    output: z.object({ memberTopupMaxFen: zFen }),
    auth: 'session',
    permission: 'security.manage',
  },
  /** PUT /v1/security/money-limits: the super password (and TOTP when enrolled); tills learn it at their next login */
  'owner.setMoneyLimits': {
    input: z
      .object({
        memberTopupMaxFen: zFen.refine((n) => n > 0 && n <= MEMBER_TOPUP_MAX_CEILING_FEN, {
          message: `between 1 and ${MEMBER_TOPUP_MAX_CEILING_FEN} fen`,
        }),
        ...zRequiredFactors,
      })
      .strict(),
    output: z.object({ memberTopupMaxFen: zFen }),
    auth: 'session',
    permission: 'security.manage',
    sensitive: true,
  },
  // ---- money (/v1/money/transfers, /v1/deposits) ----
  /** POST /v1/money/transfers: out of the outlet's prepaid balance to another outlet's prepaid account, under the daily cap */
  'owner.transfer': {
    input: z
      .object({
        toAccountId: zId,
        amountFen: zFen.refine((n) => n > 0, 'must be positive'),
        memo: zText().max(200).optional(),
        ...zRequiredFactors,
      })
      .strict(),
    output: z.object({ transferId: zText(), movedTodayFen: z.number().int(), capFen: z.number().int().nullable() }),
    auth: 'session',
    permission: 'money.transfer',
    sensitive: true,
  },
  /** GET /v1/money/balance: 预付款余额 — available, reserved by pending top-ups, posted, and the last 20 entries */
  'owner.balance': { input: empty, output: zPrepaidStatement, auth: 'session', permission: 'report.view' },
  /** GET /v1/shifts: 交班记录 — every till's closed shifts with their cash difference, newest first (shift-report.ts) */
  'owner.shifts': { input: zShiftListInput, output: zShiftList, auth: 'session', permission: 'report.view' },
  /** GET /v1/payments/takings: 资金 — takings by payment method over Beijing days (≤ 92), each day's sales */
  'owner.takings': { input: zTakingsQuery, output: zTakingsReport, auth: 'session', permission: 'report.view' },
  /** GET /v1/payments/reconciliation: 对账 — the providers' bills of a Beijing day against the cloud's payments */
  'owner.reconciliation': {
    input: zReconciliationQuery,
    output: zReconciliationReport,
    auth: 'session',
    permission: 'report.view',
  },
  /** POST /v1/payments/reconciliation: download that day's bills now (else the cloud does daily at 10:00), then compare */
  'owner.reconciliationFetch': {
    input: zReconciliationQuery,
    output: zReconciliationReport,
    auth: 'session',
    permission: 'report.view',
  },
  /** GET /v1/payments/refunds/failed: 资金 → 退款失败 — code refunds that failed after the cloud accepted them */
  'owner.failedRefunds': {
    input: zLateRefundFailuresQuery,
    output: zLateRefundFailures,
    auth: 'session',
    permission: 'report.view',
  },
  /** GET /v1/orders/flagged: 待核对订单 — orders whose discounts or prices the cloud could not vouch for (flagged-orders.ts) */
  'owner.flaggedOrders': { input: zFlaggedListInput, output: zFlaggedList, auth: 'session', permission: 'report.view' },
  /** POST /v1/orders/flagged/:id/review: marked reviewed (once; a second review answers 'exists') */
  'owner.reviewFlaggedOrder': {
    input: z.object({ orderId: zId }).strict(),
    output: z.object({ result: z.enum(['ok', 'exists']), reviewedAt: z.number().int() }),
    auth: 'session',
    permission: 'report.view',
  },
  'owner.depositChannels': {
    input: empty,
    output: z.object({
      channels: z.array(
        z.object({
          id: zText(),
          name: zText(),
          feeBps: z.number(),
          feeFixed: z.number(),
          minAmount: z.number(),
          active: z.boolean(),
        }),
      ),
    }),
    auth: 'session',
    permission: 'money.deposit',
  },
  /** POST /v1/deposits: clientId is the retry key (the same id never starts two deposits) */
  'owner.depositStart': {
    input: z
      .object({
        clientId: zId,
        channelId: zText().min(1).max(32),
        amountFen: zFen.refine((n) => n > 0, 'must be positive'),
        ...zRequiredFactors,
      })
      .strict(),
    output: z.object({ deposit: zDeposit }),
    auth: 'session',
    permission: 'money.deposit',
    sensitive: true,
  },
  'owner.deposits': {
    input: empty,
    output: z.object({ deposits: z.array(zDeposit) }),
    auth: 'session',
    permission: 'money.deposit',
  },
  // ---- audit and alerts ----
  /** GET /v1/audit: newest first; from/to are epoch ms (to exclusive) */
  'owner.audit': {
    input: z
      .object({
        actorId: zId.optional(),
        action: zText().trim().min(1).max(100).optional(),
        kind: z.enum(AUDIT_KINDS).optional(),
        outcome: z.enum(['ok', 'refused']).optional(),
        from: z.number().int().min(0).optional(),
        to: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ rows: z.array(zAuditEntry) }),
    auth: 'session',
    permission: 'security.manage',
  },
  'owner.auditVerify': {
    input: empty,
    output: z.object({
      ok: z.boolean(),
      rows: z.number().int(),
      brokenAt: z.number().optional(),
      reason: zText().optional(),
    }),
    auth: 'session',
    permission: 'security.manage',
  },
  /** GET /v1/security/emails: the alert e-mails the cloud sent to this organisation (newest first) */
  'owner.alerts': {
    input: empty,
    output: z.object({ emails: z.array(zAlertEmail) }),
    auth: 'session',
    permission: 'security.manage',
  },
  // ---- password recovery on the login screen (signed device routes, no session) ----
  /** POST /v1/auth/recovery/start: a code to the account's verified phone; the same answer whether or not it exists */
  'auth.recoveryStart': {
    input: z.object({ username: zUsername }).strict(),
    output: z.object({ sent: z.literal(true) }),
    auth: 'device',
  },
  'auth.recoveryReset': {
    input: z.object({ username: zUsername, code: zText().regex(/^\d{6}$/), newPassword: zPassword }).strict(),
    output: z.object({ ok: z.literal(true) }),
    auth: 'device',
  },
} as const satisfies Record<string, MethodSpec>;

/** The permissions that open the back office (any one of them). */
export const BACK_OFFICE_PERMISSIONS = [
  'employee.manage',
  'device.manage',
  'money.transfer',
  'money.deposit',
  'security.manage',
  'report.view',
  'member.manage',
  'member.balance',
  'product.edit',
] as const;
