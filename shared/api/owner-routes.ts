// The cloud routes behind the owner's back office (owner.*) and password recovery (auth.recovery*), declared once:
// the cloud registers each path below (cloud/security/*-routes.ts, cloud/deposits/, cloud/shifts/,
// cloud/payments/, cloud/order-flags/) and the till calls it through OWNER_ROUTES (electron/backend/owner/
// handlers.ts), parsing the cloud's answer with the method's own output schema — the cloud answers exactly what
// the method returns, so one schema checks both and an answer off the protocol is CLOUD_ERROR at the till.
import {
  cloudRoute,
  REFUND_FAILURE_PATHS,
  STAFF_CARD_PATHS,
  type CloudHttpMethod,
  type CloudRoute,
} from './cloud-routes';
import { FLAGGED_PATHS } from './flagged-orders';
import { OWNER_METHODS } from './owner-methods';
import { PAYMENT_OWNER_PATHS } from '../payments/owner';

/** employees and their permissions (cloud/security/employee-routes.ts) */
export const EMPLOYEE_PATHS = {
  list: '/v1/employees',
  create: '/v1/employees',
  permissions: '/v1/employees/:id/permissions',
  copyPreview: '/v1/employees/:id/copy-permissions/preview',
  copy: '/v1/employees/:id/copy-permissions',
  limits: '/v1/employees/:id/limits',
  disable: '/v1/employees/:id/disable',
  enable: '/v1/employees/:id/enable',
} as const;

/** the logged-in employee's own security (cloud/security/me-routes.ts) */
export const ME_PATHS = {
  me: '/v1/me',
  superPassword: '/v1/me/super-password',
  totpEnroll: '/v1/me/totp/enroll',
  totpConfirm: '/v1/me/totp/confirm',
  phone: '/v1/me/phone',
  phoneVerify: '/v1/me/phone/verify',
  email: '/v1/me/email',
  emailVerify: '/v1/me/email/verify',
  smsCode: '/v1/me/sms-code',
} as const;

/** devices, IP binding, audit, alerts and the prepaid money (cloud/security/owner-routes.ts) */
export const OWNER_PATHS = {
  devices: '/v1/devices',
  approve: '/v1/devices/:id/approve',
  revoke: '/v1/devices/:id/revoke',
  ipAllowlist: '/v1/employees/:id/ip-allowlist',
  audit: '/v1/audit',
  auditVerify: '/v1/audit/verify',
  emails: '/v1/security/emails',
  moneyTransfer: '/v1/money/transfers',
  moneyBalance: '/v1/money/balance',
} as const;

/** the outlet's settings (cloud/security/settings-routes.ts) */
export const SETTINGS_PATHS = {
  settings: '/v1/security/settings',
  /** the outlet's limits on money the counter takes in (shared/limits.ts): the maximum for one member top-up */
  moneyLimits: '/v1/security/money-limits',
} as const;

/** prepaid deposits (cloud/deposits/routes.ts); the callback is the channel's, never the till's */
export const DEPOSIT_PATHS = {
  channels: '/v1/deposits/channels',
  deposits: '/v1/deposits',
  callback: '/v1/deposits/callback/:channelId',
} as const;

/** the closed shifts of every till (cloud/shifts/routes.ts) */
export const SHIFT_REPORT_PATHS = { list: '/v1/shifts' } as const;

/** password recovery on the login screen: signed by the device, no session (cloud/security/recovery.ts) */
export const RECOVERY_PATHS = { start: '/v1/auth/recovery/start', reset: '/v1/auth/recovery/reset' } as const;

const M = OWNER_METHODS;
type Name = keyof typeof OWNER_METHODS;
/** the route of one method, answered with that method's own output schema */
const route =
  (method: CloudHttpMethod) =>
  <N extends Name, P extends string>(name: N, path: P): CloudRoute<(typeof M)[N]['output'], P> =>
    cloudRoute(method, path, M[name].output);
const get = route('GET');
const post = route('POST');
const put = route('PUT');

/** The cloud route behind each method of OWNER_METHODS. */
export const OWNER_ROUTES = {
  'owner.employees': get('owner.employees', EMPLOYEE_PATHS.list),
  'owner.employeeCreate': post('owner.employeeCreate', EMPLOYEE_PATHS.create),
  'owner.employeePermissions': put('owner.employeePermissions', EMPLOYEE_PATHS.permissions),
  'owner.copyPreview': post('owner.copyPreview', EMPLOYEE_PATHS.copyPreview),
  'owner.copyPermissions': post('owner.copyPermissions', EMPLOYEE_PATHS.copy),
  'owner.employeeLimits': put('owner.employeeLimits', EMPLOYEE_PATHS.limits),
  'owner.employeeDisable': post('owner.employeeDisable', EMPLOYEE_PATHS.disable),
  'owner.employeeEnable': post('owner.employeeEnable', EMPLOYEE_PATHS.enable),
  'owner.employeeCard': put('owner.employeeCard', STAFF_CARD_PATHS.card),
  'owner.employeeCardRemove': post('owner.employeeCardRemove', STAFF_CARD_PATHS.remove),
  'owner.me': get('owner.me', ME_PATHS.me),
  'owner.setSuperPassword': put('owner.setSuperPassword', ME_PATHS.superPassword),
  'owner.totpEnroll': post('owner.totpEnroll', ME_PATHS.totpEnroll),
  'owner.totpConfirm': post('owner.totpConfirm', ME_PATHS.totpConfirm),
  'owner.phoneStart': post('owner.phoneStart', ME_PATHS.phone),
  'owner.phoneVerify': post('owner.phoneVerify', ME_PATHS.phoneVerify),
  'owner.emailStart': post('owner.emailStart', ME_PATHS.email),
  'owner.emailVerify': post('owner.emailVerify', ME_PATHS.emailVerify),
  'owner.smsCode': post('owner.smsCode', ME_PATHS.smsCode),
  'owner.setIpAllowlist': put('owner.setIpAllowlist', OWNER_PATHS.ipAllowlist),
  'owner.devices': get('owner.devices', OWNER_PATHS.devices),
  'owner.deviceApprove': post('owner.deviceApprove', OWNER_PATHS.approve),
  'owner.deviceRevoke': post('owner.deviceRevoke', OWNER_PATHS.revoke),
  'owner.securitySettings': get('owner.securitySettings', SETTINGS_PATHS.settings),
  'owner.setSecuritySettings': put('owner.setSecuritySettings', SETTINGS_PATHS.settings),
  'owner.moneyLimits': get('owner.moneyLimits', SETTINGS_PATHS.moneyLimits),
  'owner.setMoneyLimits': put('owner.setMoneyLimits', SETTINGS_PATHS.moneyLimits),
  'owner.transfer': post('owner.transfer', OWNER_PATHS.moneyTransfer),
  'owner.balance': get('owner.balance', OWNER_PATHS.moneyBalance),
  'owner.shifts': get('owner.shifts', SHIFT_REPORT_PATHS.list),
  'owner.takings': get('owner.takings', PAYMENT_OWNER_PATHS.takings),
  'owner.reconciliation': get('owner.reconciliation', PAYMENT_OWNER_PATHS.reconciliation),
  'owner.reconciliationFetch': post('owner.reconciliationFetch', PAYMENT_OWNER_PATHS.reconciliation),
  'owner.failedRefunds': get('owner.failedRefunds', REFUND_FAILURE_PATHS.list),
  'owner.flaggedOrders': get('owner.flaggedOrders', FLAGGED_PATHS.list),
  'owner.reviewFlaggedOrder': post('owner.reviewFlaggedOrder', FLAGGED_PATHS.review),
  'owner.depositChannels': get('owner.depositChannels', DEPOSIT_PATHS.channels),
  'owner.depositStart': post('owner.depositStart', DEPOSIT_PATHS.deposits),
  'owner.deposits': get('owner.deposits', DEPOSIT_PATHS.deposits),
  'owner.audit': get('owner.audit', OWNER_PATHS.audit),
  'owner.auditVerify': get('owner.auditVerify', OWNER_PATHS.auditVerify),
  'owner.alerts': get('owner.alerts', OWNER_PATHS.emails),
  'auth.recoveryStart': cloudRoute('POST', RECOVERY_PATHS.start, M['auth.recoveryStart'].output, 'device'),
  'auth.recoveryReset': cloudRoute('POST', RECOVERY_PATHS.reset, M['auth.recoveryReset'].output, 'device'),
} as const satisfies Record<Name, CloudRoute>;
