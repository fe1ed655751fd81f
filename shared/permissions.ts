// The fixed permission catalog. Every backend method and cloud route names one of these (or none).
import { z } from 'zod';

export const PERMISSIONS = [
  'sale.sell',
  'sale.discount',
  'sale.refund', // returns and voids of a sale with its receipt (and the override that stands in for them)
  'sale.refund_no_receipt', // a return without the original receipt (无单退货): a separate, rarer right
  'sale.static_code', // take a payment on the shop's own QR code (收款码), confirmed by this employee seeing it arrive
  'drawer.open', // open the cash drawer without a sale (开钱箱): audited with the employee, a classic theft path
  'product.edit', // product and price edits
  'cost.view', // see cost prices (what the outlet pays for a top-up or a sourced product); cashiers do not
  'stock.manage',
  'member.manage',
  'member.balance', // member stored-value changes
  'money.transfer', // moving prepaid balance
  'money.deposit',
  'report.view',
  'shift.manage',
  'employee.manage',
  'device.manage',
  'security.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const zPermission = z.enum(PERMISSIONS);
/**
 * Permissions as another party reports them (a login answer, an employee list): a newer cloud may grant one
 * this build does not know yet — it is dropped here (nothing in this build can use it) instead of refusing
 * the whole answer. What a person asks to GRANT stays strict (zPermission).
 */
export const zGrantedPermissions = z
  .array(z.string())
  .transform((ps) => ps.filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p)));

/** Acts that need the super password at the time of use and are always audited. */
export const SENSITIVE_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  'sale.refund',
  'product.edit',
  'member.balance',
  'money.transfer',
  'money.deposit',
  'employee.manage',
  'device.manage',
  'security.manage',
]);

export const ROLE_TEMPLATES = {
  cashier: ['sale.sell', 'shift.manage'],
  /** an internet café's counter: sells, and finds, tops up and takes payment from members' cards */
  cafeCashier: ['sale.sell', 'shift.manage', 'member.manage'],
  finance: ['money.transfer', 'money.deposit', 'report.view', 'cost.view'],
  merchandising: ['product.edit', 'stock.manage', 'cost.view'],
  memberAdmin: ['member.manage', 'member.balance'],
  manager: [
    'sale.sell',
    'sale.discount',
    'sale.refund',
    'stock.manage',
    'member.manage',
    'report.view',
    'shift.manage',
    'cost.view',
    'sale.static_code',
    'drawer.open',
  ],
} as const satisfies Record<string, readonly Permission[]>;
export type RoleTemplate = keyof typeof ROLE_TEMPLATES;

export function hasPermission(granted: readonly string[], needed: Permission): boolean {
  return granted.includes(needed);
}

/** What an employee may do: a master account holds every permission, anyone else what was granted. */
export function employeeCan(
  employee: { isMaster: boolean; permissions: readonly string[] },
  needed: Permission,
): boolean {
  return employee.isMaster || hasPermission(employee.permissions, needed);
}
