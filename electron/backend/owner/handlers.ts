// The owner's back office (店长后台) and password recovery: each method is one cloud route declared in
// shared/api/owner-routes.ts (OWNER_ROUTES), called through owner-cloud.ts with the device signature and, but for
// recovery, the session. Nothing here decides who may do what — the router checks the method's permission first,
// the cloud checks it again with the second factors, caps and audit — and nothing is kept: the answer is parsed
// with the route's schema (off the protocol: CLOUD_ERROR) and returned, second factors go out as headers only.
import { OWNER_ROUTES as R } from '../../../shared/api/owner-routes';
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import { createOwnerCloud, splitFactors as split, type OwnerCloud } from './owner-cloud';

export function ownerHandlers(
  ctx: Pick<BackendContext, 'cloudUrl' | 'device' | 'cloud' | 'session'>,
  deps: { cloud?: OwnerCloud } = {},
): HandlerGroup {
  const c = deps.cloud ?? createOwnerCloud(ctx);

  return {
    'owner.employees': () => c.route(R['owner.employees']),
    'owner.employeeCreate': (input) => {
      const [body, f] = split(input);
      return c.route(R['owner.employeeCreate'], { body }, f);
    },
    'owner.employeePermissions': (input) => {
      const [{ id, ...body }, f] = split(input);
      return c.route(R['owner.employeePermissions'], { params: { id }, body }, f);
    },
    'owner.copyPreview': ({ id, fromEmployeeId }) =>
      c.route(R['owner.copyPreview'], { params: { id }, body: { fromEmployeeId } }),
    'owner.copyPermissions': (input) => {
      const [{ id, ...body }, f] = split(input);
      return c.route(R['owner.copyPermissions'], { params: { id }, body }, f);
    },
    'owner.employeeLimits': (input) => {
      const [{ id, ...body }, f] = split(input);
      return c.route(R['owner.employeeLimits'], { params: { id }, body }, f);
    },
    'owner.employeeDisable': ({ id, ...f }) => c.route(R['owner.employeeDisable'], { params: { id }, body: {} }, f),
    'owner.employeeEnable': ({ id, ...f }) => c.route(R['owner.employeeEnable'], { params: { id }, body: {} }, f),
    'owner.employeeCard': (input) => {
      const [{ id, ...body }, f] = split(input);
      return c.route(R['owner.employeeCard'], { params: { id }, body }, f);
    },
    'owner.employeeCardRemove': ({ id, ...f }) =>
      c.route(R['owner.employeeCardRemove'], { params: { id }, body: {} }, f),
    'owner.me': ({ superPassword }) => c.route(R['owner.me'], {}, { superPassword }),
    // The route's own body names the new super password and the current one; the token code rides as a header.
    'owner.setSuperPassword': ({ totpCode, ...body }) => c.route(R['owner.setSuperPassword'], { body }, { totpCode }),
    // The cloud's answer carries the bare secret too; the route's schema keeps only what the screen shows.
    'owner.totpEnroll': (f) => c.route(R['owner.totpEnroll'], { body: {} }, f),
    'owner.totpConfirm': (body) => c.route(R['owner.totpConfirm'], { body }),
    'owner.phoneStart': (input) => {
      const [body, f] = split(input);
      return c.route(R['owner.phoneStart'], { body }, f);
    },
    'owner.phoneVerify': (body) => c.route(R['owner.phoneVerify'], { body }),
    'owner.emailStart': (input) => {
      const [body, f] = split(input);
      return c.route(R['owner.emailStart'], { body }, f);
    },
    'owner.emailVerify': (body) => c.route(R['owner.emailVerify'], { body }),
    'owner.smsCode': () => c.route(R['owner.smsCode'], { body: {} }),
    'owner.setIpAllowlist': (input) => {
      const [{ id, ...body }, f] = split(input);
      return c.route(R['owner.setIpAllowlist'], { params: { id }, body }, f);
    },
    'owner.devices': () => c.route(R['owner.devices']),
    'owner.deviceApprove': ({ id, ...f }) => c.route(R['owner.deviceApprove'], { params: { id }, body: {} }, f),
    'owner.deviceRevoke': ({ id, ...f }) => c.route(R['owner.deviceRevoke'], { params: { id }, body: {} }, f),
    'owner.securitySettings': () => c.route(R['owner.securitySettings']),
    'owner.setSecuritySettings': (input) => {
      const [body, f] = split(input);
      return c.route(R['owner.setSecuritySettings'], { body }, f);
    },
    'owner.moneyLimits': () => c.route(R['owner.moneyLimits']),
    'owner.setMoneyLimits': (input) => {
      const [body, f] = split(input);
      return c.route(R['owner.setMoneyLimits'], { body }, f);
    },
    'owner.transfer': (input) => {
      const [body, f] = split(input);
      return c.route(R['owner.transfer'], { body }, f);
    },
    'owner.balance': () => c.route(R['owner.balance']),
    'owner.shifts': (query) => c.route(R['owner.shifts'], { query }),
    'owner.takings': ({ from, to }) => c.route(R['owner.takings'], { query: { from, to } }),
    'owner.reconciliation': ({ date }) => c.route(R['owner.reconciliation'], { query: { date } }),
    'owner.reconciliationFetch': ({ date }) => c.route(R['owner.reconciliationFetch'], { body: { date } }),
    'owner.failedRefunds': ({ limit }) => c.route(R['owner.failedRefunds'], { query: { limit } }),
    'owner.flaggedOrders': (query) => c.route(R['owner.flaggedOrders'], { query }),
    'owner.reviewFlaggedOrder': ({ orderId }) =>
      c.route(R['owner.reviewFlaggedOrder'], { params: { id: orderId }, body: {} }),
    'owner.depositChannels': () => c.route(R['owner.depositChannels']),
    'owner.depositStart': (input) => {
      const [body, f] = split(input);
      return c.route(R['owner.depositStart'], { body }, f);
    },
    'owner.deposits': () => c.route(R['owner.deposits']),
    'owner.audit': (query) => c.route(R['owner.audit'], { query }),
    'owner.auditVerify': () => c.route(R['owner.auditVerify']),
    'owner.alerts': () => c.route(R['owner.alerts']),
    'auth.recoveryStart': (body) => c.route(R['auth.recoveryStart'], { body }),
    'auth.recoveryReset': (body) => c.route(R['auth.recoveryReset'], { body }),
  };
}
