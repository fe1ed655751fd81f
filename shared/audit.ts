// Every action the audit chains record — the till's (sales.db, electron/backend/audit) and the cloud's
// (cloud/security/audit.ts) — declared once, each with the kind the owner filters by. The writers are typed
// with AuditAction, so a new act cannot be audited without being listed here; the owner's 审计日志 names
// every one in both languages (renderer/i18n/audit.ts, a test keeps the names complete).
// Two shapes are written that are not listed: the cloud audits a refused request on a route that names no
// action as "METHOD /path" (RouteAction), and the till's router audits a refused call by its API method name.
// Rows written by a newer version may carry codes this list does not know yet: readers show them readably.

export const AUDIT_KINDS = [
  'auth',
  'sale',
  'shift',
  'member',
  'money',
  'employee',
  'device',
  'security',
  'catalog',
  'agent',
  'update',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_ACTIONS = {
  // logging in and out, overrides, password recovery (till and cloud)
  'auth.login': 'auth',
  'auth.logout': 'auth',
  'auth.refresh': 'auth',
  'auth.override': 'auth',
  'auth.recovery.start': 'auth',
  'auth.recovery.reset': 'auth',
  // the till's sales and what changes them
  'sale.checkout': 'sale',
  'sale.return': 'sale',
  'sale.void': 'sale',
  'sale.settings': 'sale',
  'override.grant': 'sale',
  'park.save': 'sale',
  'park.recall': 'sale',
  'park.discard': 'sale',
  'tender.recovered': 'sale',
  'drawer.open': 'sale',
  'order.flag_review': 'sale',
  'printer.set': 'sale',
  // the till's shifts
  'shift.open': 'shift',
  'shift.cover': 'shift',
  'shift.setFloat': 'shift',
  'shift.payIn': 'shift',
  'shift.payOut': 'shift',
  'shift.close': 'shift',
  // members (till and cloud)
  'member.create': 'member',
  'member.update': 'member',
  'member.topup': 'member',
  'member.spend': 'member',
  'member.refund': 'member',
  'member.balance_correction': 'member',
  'member.overdraft_writeoff': 'member',
  'member.close': 'member',
  // the outlet's money
  'money.deposit': 'money',
  'money.transfer': 'money',
  'payments.merchant': 'money',
  // employees and their rights
  'employee.create': 'employee',
  'employee.permissions': 'employee',
  'employee.copy_permissions.preview': 'employee',
  'employee.copy_permissions': 'employee',
  'employee.limits': 'employee',
  'employee.disable': 'employee',
  'employee.enable': 'employee',
  'employee.ip_allowlist': 'employee',
  'employee.card_set': 'employee',
  'employee.card_remove': 'employee',
  // counter PCs
  'device.register': 'device',
  'device.approved': 'device',
  'device.approve': 'device',
  'device.revoke': 'device',
  'device.reset': 'device',
  'signature.refused': 'device',
  // the owner's protections and their own security
  'security.settings': 'security',
  'security.moneyLimits': 'security',
  'security.new_ip': 'security',
  'me.sms_code': 'security',
  'me.super_password': 'security',
  'me.totp.enroll': 'security',
  'me.totp.confirm': 'security',
  'me.phone.start': 'security',
  'me.phone.verify': 'security',
  'me.email.start': 'security',
  'me.email.verify': 'security',
  // goods
  'category.create': 'catalog',
  'category.update': 'catalog',
  'product.create': 'catalog',
  'product.update': 'catalog',
  'product.price': 'catalog',
  'supplier.source.publish': 'catalog',
  // the agent's (区代) back office
  'agent.outlet_source': 'agent',
  'agent.markup_rule': 'agent',
  'agent.category.create': 'agent',
  'agent.category.update': 'agent',
  'agent.update_pin': 'agent',
  // software updates
  'update.release.publish': 'update',
  'update.release.rollout': 'update',
  'update.release.pause': 'update',
  'update.release.resume': 'update',
  'update.release.supersede': 'update',
  'update.release.auto_pause': 'update',
  'update.outlet_settings': 'update',
} as const satisfies Record<string, AuditKind>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_CODES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/** The cloud's name for a refused request on a route that declares no action: "GET /v1/audit". */
export type RouteAction = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

export function isAuditAction(code: string): code is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, code);
}

/** the actions of one kind (the owner's filter) */
export function actionsOfKind(kind: AuditKind): AuditAction[] {
  return AUDIT_ACTION_CODES.filter((a) => AUDIT_ACTIONS[a] === kind);
}
