// The fixed permission catalog. Every backend method and cloud route names one of these (or none).
import { z } from 'zod';

export const PERMISSIONS = [
  'sale.sell',
  'sale.discount',
  'sale.refund', // returns and voids of a sale with its receipt (and the override that stands in for them)
  'sale.refund_no_receipt', // a return without the original receipt (无单退货): a separate, rarer right
  'product.edit', // product and price edits
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
  finance: ['money.transfer', 'money.deposit', 'report.view'],
  merchandising: ['product.edit', 'stock.manage'],
  memberAdmin: ['member.manage', 'member.balance'],
  manager: [
    'sale.sell',
    'sale.discount',
    'sale.refund',
    'stock.manage',
    'member.manage',
    'report.view',
    'shift.manage',
  ],
} as const satisfies Record<string, readonly Permission[]>;
export type RoleTemplate = keyof typeof ROLE_TEMPLATES;

export function hasPermission(granted: readonly string[], needed: Permission): boolean {
  return granted.includes(needed);
}
