// The owner's back office (店长后台) and password recovery: each method is one cloud route, forwarded with
// the device signature and the session (owner-cloud.ts). Nothing here decides who may do what — the
// router checks the method's permission first, the cloud checks it again with the second factors, caps and
// audit — and nothing is kept: answers pass through, second factors go out as headers only.
import { cloudPath, STAFF_CARD_PATHS } from '../../../shared/api/cloud-routes';
import { FAILED_REFUNDS_ROUTE } from '../../../shared/api/owner-methods';
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import { createOwnerCloud, type Factors, type OwnerCloud } from './owner-cloud';

const enc = encodeURIComponent;
/** the factors of an input, split from the act's own fields (which go in the body) */
function split<T extends Factors>(input: T): [Omit<T, 'superPassword' | 'totpCode' | 'smsCode'>, Factors] {
  const { superPassword, totpCode, smsCode, ...rest } = input;
  return [rest, { superPassword, totpCode, smsCode }];
}

// The handlers return the cloud's JSON as it came; the router checks it against each method's output schema
// (a cloud that answers something else becomes INTERNAL there, never a malformed value on screen).
type Out = never;

export function ownerHandlers(
  ctx: Pick<BackendContext, 'cloudUrl' | 'device' | 'cloud' | 'session'>,
  deps: { cloud?: OwnerCloud } = {},
): HandlerGroup {
  const c = deps.cloud ?? createOwnerCloud(ctx);
  const s = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, f?: Factors) =>
    (await c.session(method, path, body, f)) as Out;

  return {
    'owner.employees': () => s('GET', '/v1/employees'),
    'owner.employeeCreate': (input) => {
      const [body, f] = split(input);
      return s('POST', '/v1/employees', body, f);
    },
    'owner.employeePermissions': (input) => {
      const [{ id, ...body }, f] = split(input);
      return s('PUT', `/v1/employees/${enc(id)}/permissions`, body, f);
    },
    'owner.copyPreview': ({ id, fromEmployeeId }) =>
      s('POST', `/v1/employees/${enc(id)}/copy-permissions/preview`, { fromEmployeeId }),
    'owner.copyPermissions': (input) => {
      const [{ id, ...body }, f] = split(input);
      return s('POST', `/v1/employees/${enc(id)}/copy-permissions`, body, f);
    },
    'owner.employeeLimits': (input) => {
      const [{ id, ...body }, f] = split(input);
      return s('PUT', `/v1/employees/${enc(id)}/limits`, body, f);
    },
    'owner.employeeDisable': ({ id, ...f }) => s('POST', `/v1/employees/${enc(id)}/disable`, {}, f),
    'owner.employeeEnable': ({ id, ...f }) => s('POST', `/v1/employees/${enc(id)}/enable`, {}, f),
    'owner.employeeCard': (input) => {
      const [{ id, ...body }, f] = split(input);
      return s('PUT', cloudPath(STAFF_CARD_PATHS.card, { id }), body, f);
    },
    'owner.employeeCardRemove': ({ id, ...f }) => s('POST', cloudPath(STAFF_CARD_PATHS.remove, { id }), {}, f),
    'owner.me': ({ superPassword }) => s('GET', '/v1/me', undefined, { superPassword }),
    // The route's own body names the new super password and the current one; the token code rides as a header.
    'owner.setSuperPassword': ({ totpCode, ...body }) => s('PUT', '/v1/me/super-password', body, { totpCode }),
    'owner.totpEnroll': async (input) => {
      const r = (await c.session('POST', '/v1/me/totp/enroll', {}, input)) as { uri: string; qrDataUrl: string };
      // The bare secret is in the URI already; only what the screen shows goes on.
      return { uri: r.uri, qrDataUrl: r.qrDataUrl };
    },
    'owner.totpConfirm': (body) => s('POST', '/v1/me/totp/confirm', body),
    'owner.phoneStart': (input) => {
      const [body, f] = split(input);
      return s('POST', '/v1/me/phone', body, f);
    },
    'owner.phoneVerify': (body) => s('POST', '/v1/me/phone/verify', body),
    'owner.emailStart': (input) => {
      const [body, f] = split(input);
      return s('POST', '/v1/me/email', body, f);
    },
    'owner.emailVerify': (body) => s('POST', '/v1/me/email/verify', body),
    'owner.smsCode': () => s('POST', '/v1/me/sms-code', {}),
    'owner.setIpAllowlist': (input) => {
      const [{ id, ...body }, f] = split(input);
      return s('PUT', `/v1/employees/${enc(id)}/ip-allowlist`, body, f);
    },
    'owner.devices': () => s('GET', '/v1/devices'),
    'owner.deviceApprove': ({ id, ...f }) => s('POST', `/v1/devices/${enc(id)}/approve`, {}, f),
    'owner.deviceRevoke': ({ id, ...f }) => s('POST', `/v1/devices/${enc(id)}/revoke`, {}, f),
    'owner.securitySettings': () => s('GET', '/v1/security/settings'),
    'owner.setSecuritySettings': (input) => {
      const [body, f] = split(input);
      return s('PUT', '/v1/security/settings', body, f);
    },
    'owner.moneyLimits': () => s('GET', '/v1/security/money-limits'),
    'owner.setMoneyLimits': (input) => {
      const [body, f] = split(input);
      return s('PUT', '/v1/security/money-limits', body, f);
    },
    'owner.transfer': (input) => {
      const [body, f] = split(input);
      return s('POST', '/v1/money/transfers', body, f);
    },
    'owner.balance': () => s('GET', '/v1/money/balance'),
    'owner.shifts': (f) => {
      const q = new URLSearchParams(
        Object.entries(f)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]): [string, string] => [k, String(v)]),
      );
      return s('GET', `/v1/shifts?${q.toString()}`);
    },
    'owner.takings': ({ from, to }) => s('GET', `/v1/payments/takings?${new URLSearchParams({ from, to }).toString()}`),
    'owner.reconciliation': ({ date }) => s('GET', `/v1/payments/reconciliation?date=${enc(date)}`),
    'owner.reconciliationFetch': ({ date }) => s('POST', '/v1/payments/reconciliation', { date }),
    'owner.failedRefunds': ({ limit }) =>
      s(FAILED_REFUNDS_ROUTE.method, cloudPath(FAILED_REFUNDS_ROUTE.path, {}, { limit })),
    'owner.flaggedOrders': (f) => {
      const q = new URLSearchParams(
        Object.entries(f)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]): [string, string] => [k, String(v)]),
      );
      return s('GET', `/v1/orders/flagged?${q.toString()}`);
    },
    'owner.reviewFlaggedOrder': ({ orderId }) =>
      s('POST', `/v1/orders/flagged/${encodeURIComponent(orderId)}/review`, {}),
    'owner.depositChannels': () => s('GET', '/v1/deposits/channels'),
    'owner.depositStart': (input) => {
      const [body, f] = split(input);
      return s('POST', '/v1/deposits', body, f);
    },
    'owner.deposits': () => s('GET', '/v1/deposits'),
    'owner.audit': (f) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(f)) if (v !== undefined) q.set(k, String(v));
      return s('GET', `/v1/audit?${q.toString()}`);
    },
    'owner.auditVerify': () => s('GET', '/v1/audit/verify'),
    'owner.alerts': () => s('GET', '/v1/security/emails'),
    'auth.recoveryStart': async (body) => (await c.device('POST', '/v1/auth/recovery/start', body)) as Out,
    'auth.recoveryReset': async (body) => (await c.device('POST', '/v1/auth/recovery/reset', body)) as Out,
  };
}
