// Supervisor override (主管授权) at the till, declared once: the acts a supervisor can approve on a cashier's
// screen, and the permission the supervisor must hold for each. The till asks for one when the cashier's role
// or limits do not cover an act (LIMIT_EXCEEDED / FORBIDDEN with `details.override` naming the act); the
// supervisor types their username and password on the cashier's screen (checked by the cloud, or offline
// against the verifier their last online login left on this till); the grant is single-use, short-lived,
// bound to the cashier, and recorded with both employees in the till's audit chain and on the order/return.
import { z } from 'zod';
import type { Permission } from '../permissions';

export const OVERRIDE_ACT_DEFS = {
  /** a discount or price change (改价) beyond the cashier's limits, or by a cashier without sale.discount */
  discount: { permission: 'sale.discount' },
  /** a return (退货) by a cashier without sale.refund, or above their refund limit */
  refund: { permission: 'sale.refund' },
  /** a void (作废) of the last sale by a cashier without sale.refund */
  void: { permission: 'sale.refund' },
  /** a return without the original receipt (无单退货) */
  refund_no_receipt: { permission: 'sale.refund_no_receipt' },
} as const satisfies Record<string, { permission: Permission }>;

export type OverrideAct = keyof typeof OVERRIDE_ACT_DEFS;
export const OVERRIDE_ACTS = Object.keys(OVERRIDE_ACT_DEFS) as [OverrideAct, ...OverrideAct[]];
export const zOverrideAct = z.enum(OVERRIDE_ACTS);
export const overridePermission = (act: OverrideAct): Permission => OVERRIDE_ACT_DEFS[act].permission;

/** How long a granted override waits for the act it was given for. */
export const OVERRIDE_TTL_MS = 2 * 60 * 1000;

/** An override as it is recorded on an order or a return (wire and sales.db). */
export const zOverrideRecord = z
  .object({
    act: zOverrideAct,
    /** the supervisor who approved it */
    supervisorId: z.uuid(),
    at: z.number().int().positive(),
  })
  .strict();
export type OverrideRecord = z.infer<typeof zOverrideRecord>;
