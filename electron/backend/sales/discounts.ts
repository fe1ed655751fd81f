// Who may give a discount (shared/sale/pricing.ts): an employee holding sale.discount, up to their limits
// (maxDiscountFen and maxDiscountBps of the sale's list total, from the cloud at login); beyond that, or
// without the permission, a supervisor's override (shared/sale/overrides.ts) up to the SUPERVISOR's limits and
// to the amount the cart held when they approved it — a cashier cannot add more discount after the
// supervisor walked away. The master account has no limit. Refusals name the override that would approve.
import { AppError } from '../../../shared/errors';
import { hasPermission } from '../../../shared/permissions';
import { beyondLimits, NO_DISCRETION, type DiscountLimits, type PricedOrder } from '../../../shared/sale/pricing';
import type { Employee } from '../../../shared/sync/protocol';

/** A supervisor's approval of the discounts on a cart, up to the discretionary amount the cart had then. */
export interface DiscountApproval {
  supervisor: Employee;
  at: number;
  upTo: number;
}

export function discountLimitsOf(e: Employee): DiscountLimits | null {
  if (e.isMaster) return null; // no limit
  if (!hasPermission(e.permissions, 'sale.discount')) return NO_DISCRETION;
  return e.limits ?? NO_DISCRETION;
}

/** Whether this employee may give this discount by their own authority. */
export function mayDiscount(e: Employee, p: Pick<PricedOrder, 'discretionary' | 'listTotal'>): boolean {
  const limits = discountLimitsOf(e);
  return limits === null || beyondLimits(limits, p) === null;
}

/**
 * Passes when the cashier may give the cart's discretionary discount, or the approval covers it; otherwise
 * FORBIDDEN (the cashier lacks sale.discount) or LIMIT_EXCEEDED, with `details.override = 'discount'`.
 */
export function authorizeDiscount(
  cashier: Employee,
  approval: DiscountApproval | null,
  p: Pick<PricedOrder, 'discretionary' | 'listTotal'>,
): void {
  if (mayDiscount(cashier, p)) return;
  if (approval && p.discretionary <= approval.upTo && mayDiscount(approval.supervisor, p)) return;
  const figures = { discretionary: p.discretionary, listTotal: p.listTotal };
  if (approval && p.discretionary <= approval.upTo)
    throw new AppError('LIMIT_EXCEEDED', "The discount is beyond the approving supervisor's own limit", {
      override: 'discount',
      reason: 'SUPERVISOR_LIMIT',
      ...figures,
    });
  if (!cashier.isMaster && !hasPermission(cashier.permissions, 'sale.discount'))
    throw new AppError('FORBIDDEN', 'Your account lacks the permission sale.discount: a supervisor can approve it', {
      permission: 'sale.discount',
      override: 'discount',
      ...figures,
    });
  const limits = discountLimitsOf(cashier) ?? NO_DISCRETION;
  throw new AppError('LIMIT_EXCEEDED', 'The discount is beyond your limit: a supervisor can approve it', {
    override: 'discount',
    reason: beyondLimits(limits, p) ?? 'AMOUNT',
    maxDiscountFen: limits.maxDiscountFen,
    maxDiscountBps: limits.maxDiscountBps,
    ...figures,
  });
}
