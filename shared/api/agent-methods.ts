// The agent's (区代) back office on an agent PC, as renderer↔backend methods. Spread into API in contract.ts.
// Each method calls one cloud route (declared in agent-routes.ts), signed with the
// device key and carrying the session (electron/backend/agent/handlers.ts). The cloud is where the agent's
// ownership of an outlet, the super password and the audit are enforced; the permission here mirrors the
// route's so the PC refuses early. Writes are `sensitive: true`: the super password is required and travels
// as a header only (x-super-password), never stored or logged.
//
// Which methods a PC may call follows the kind of organisation it is registered to (device.orgKind, the
// cloud's register answer): `orgKindsOf` below, checked by the backend router after the device status.
// An agent PC neither sells nor syncs — the cloud refuses an agent device the catalog feed, orders, virtual
// goods and members — so everything but the account, the owner's employee/device/security/audit tabs and
// agent.* is outlet-only; agent.* is agent-only. A method added later is outlet-only unless listed here,
// like a signed cloud route without `config.orgKinds`.
import { z } from 'zod';
import { zText } from '../text';
import { zFen } from '../money';
import { zCategory, type OrgKind } from '../sync/protocol';
import type { MethodSpec } from './method';

/** the first reads of a tab: from an address the account has not used before, the cloud wants the super password
 *  once (SUPER_PASSWORD_REQUIRED, reason NEW_IP) — these take it so the screen can ask and read again */
const zOptionalFactors = {
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
const zName = zText().trim().min(1).max(64);
/** the kinds the screens name; the answers accept any (a supplier kind added in the cloud must not break the PC) */
export const SOURCE_KINDS = ['topup', 'gamecard', 'utility', 'physical'] as const;
const zSourceKind = zText().min(1).max(32);

/** GET /v1/agent/outlets */
export const zAgentOutlet = z.object({ id: zText(), name: zText(), timezone: zText() });
export type AgentOutlet = z.infer<typeof zAgentOutlet>;

/** the markup rule in force for a source: its own (scope 'source'), else its kind's, else none (a seeded figure) */
export const zAgentRule = z.object({
  scope: z.enum(['source', 'kind']),
  basis: z.enum(['fixed', 'bps']),
  value: z.number().int(),
});
/** GET /v1/agent/sources: a goods source with the agent's supply price, resolved markup and cost (all fen) */
export const zAgentSource = z.object({
  id: zText(),
  kind: zSourceKind,
  name: zText(),
  carrier: zText().nullable(),
  faceValue: zFen.nullable(),
  supplyPrice: zFen,
  markup: zFen,
  /** supplyPrice + markup: what the agent's outlets pay */
  cost: zFen,
  rule: zAgentRule.nullable(),
});
export type AgentSource = z.infer<typeof zAgentSource>;

/** GET /v1/agent/outlets/:id/sources: a source as one outlet sees it */
export const zOutletSource = zAgentSource.extend({
  /** the source is on shelf (an off-shelf one cannot be chosen) */
  active: z.boolean(),
  /** the outlet sells it now */
  chosen: z.boolean(),
  /** the outlet's product that sells it, if any */
  productId: zText().nullable(),
  retailPrice: zFen.nullable(),
});
export type OutletSource = z.infer<typeof zOutletSource>;

/** PUT /v1/agent/markup-rules: fixed = fen (≤ ¥10,000); bps = basis points of the supply price (≤ 100 %) */
const zMarkupRuleInput = z
  .object({
    scope: z.enum(['source', 'kind']),
    target: zText().min(1).max(64),
    basis: z.enum(['fixed', 'bps']),
    value: z.number().int().min(0).max(1_000_000),
    ...zRequiredFactors,
  })
  .strict()
  // which kinds a kind rule may target is the cloud's to say (VALIDATION there)
  .refine((r) => r.basis !== 'bps' || r.value <= 10_000, {
    message: 'a percentage markup is at most 100 %',
    path: ['value'],
  });

const zCategoryAnswer = z.object({ category: zCategory, path: z.array(zText()) });

export const AGENT_METHODS = {
  'agent.outlets': {
    input: z.object(zOptionalFactors).strict(),
    output: z.object({ outlets: z.array(zAgentOutlet) }),
    auth: 'session',
    permission: 'product.edit',
  },
  'agent.sources': {
    input: z.object(zOptionalFactors).strict(),
    output: z.object({ sources: z.array(zAgentSource) }),
    auth: 'session',
    permission: 'product.edit',
  },
  /** rewrites the resolved markups of the sources the rule touches and republishes every outlet's affected products */
  'agent.setMarkupRule': {
    input: zMarkupRuleInput,
    output: z.object({
      rule: z.object({
        scope: z.enum(['source', 'kind']),
        target: zText(),
        basis: z.enum(['fixed', 'bps']),
        value: z.number().int(),
      }),
      sources: z.number().int(),
      products: z.number().int(),
    }),
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
  'agent.outletSources': {
    input: z.object({ outletId: zId }).strict(),
    output: z.object({ sources: z.array(zOutletSource) }),
    auth: 'session',
    permission: 'product.edit',
  },
  /** PUT /v1/agent/outlets/:id/sources/:sourceId: choose (or drop) a source for the outlet; choosing a top-up of a
   *  carrier and face value the outlet already sells from another source switches supplier (replacedSourceId) */
  'agent.setOutletSource': {
    input: z.object({ outletId: zId, sourceId: zId, enabled: z.boolean(), ...zRequiredFactors }).strict(),
    output: z.object({ source: zOutletSource, replacedSourceId: zText().nullable() }),
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
  /** GET /v1/agent/outlets/:id/categories: the whole tree, flat (parentId), parents before children per level */
  'agent.categories': {
    input: z.object({ outletId: zId }).strict(),
    output: z.object({ categories: z.array(zCategory) }),
    auth: 'session',
    permission: 'product.edit',
  },
  'agent.createCategory': {
    input: z
      .object({
        outletId: zId,
        parentId: zId.nullable(),
        name: zName,
        sort: z.number().int().optional(),
        ...zRequiredFactors,
      })
      .strict(),
    output: zCategoryAnswer,
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
  /** rename and/or move under another parent (null = top level); the cloud refuses a cycle */
  'agent.updateCategory': {
    input: z
      .object({
        outletId: zId,
        categoryId: zId,
        parentId: zId.nullable().optional(),
        name: zName.optional(),
        sort: z.number().int().optional(),
        ...zRequiredFactors,
      })
      .strict(),
    output: zCategoryAnswer,
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
} as const satisfies Record<string, MethodSpec>;

/** Methods that serve both kinds of PC: the device and the account, and the owner's tabs the cloud opens to agents. */
const BOTH_KINDS: ReadonlySet<string> = new Set([
  'app.status',
  'device.register',
  'device.setCloud',
  'device.reset',
  'auth.login',
  'auth.logout',
  'auth.recoveryStart',
  'auth.recoveryReset',
  'sync.status',
  'owner.employees',
  'owner.employeeCreate',
  'owner.employeePermissions',
  'owner.copyPreview',
  'owner.copyPermissions',
  'owner.employeeLimits',
  'owner.me',
  'owner.setSuperPassword',
  'owner.totpEnroll',
  'owner.totpConfirm',
  'owner.phoneStart',
  'owner.phoneVerify',
  'owner.emailStart',
  'owner.emailVerify',
  'owner.smsCode',
  'owner.setIpAllowlist',
  'owner.devices',
  'owner.deviceApprove',
  'owner.deviceRevoke',
  'owner.securitySettings',
  'owner.setSecuritySettings',
  'owner.audit',
  'owner.auditVerify',
  'owner.alerts',
  // the cloud answers an agent's PC with the agent's commission account
  'owner.balance',
  // every PC updates itself (shared/api/update-methods.ts)
  'update.status',
  'update.install',
  'update.postpone',
  'update.check',
  'update.settings',
]);

/** The kinds of PC a method serves: agent.* agent PCs only; the shared set both; everything else outlet tills only. */
export function orgKindsOf(method: string): readonly OrgKind[] {
  if (method.startsWith('agent.')) return ['agent'];
  return BOTH_KINDS.has(method) ? ['outlet', 'agent'] : ['outlet'];
}
