// The kinds of cash movement in a till's drawer, declared once. The drawer (electron/backend/shifts/drawer.ts),
// the shift methods' and the shift wire's cash-by-kind (shared/api/shift-methods.ts, shared/sync/protocol.ts),
// the shift panel and report, and sales.db's rules (the `kinds` table seeded from this list at every open,
// enforced by triggers: electron/backend/db/kinds.ts) all come from here. A new kind is one entry here
// (and its label in renderer/i18n): no table rebuild.
//
// Changing this list changes the shift wire (cashByKind names every kind): update the cloud before the tills.

export interface CashKindSpec {
  /** +1: cash into the drawer (amount > 0); −1: out of it (amount < 0) */
  sign: 1 | -1;
  /** put in or taken out by hand: no ref, a reason required */
  manual?: boolean;
  /** a member's money: member_id required (and only then) */
  member?: boolean;
  /** at most one movement per ref (a retry finds it and writes nothing); sales.db index cash_movements_once */
  once?: boolean;
  /** the shift wire version that added the kind: older tills' closed shifts lack it (0) */
  since?: number;
}

export const CASH_MOVEMENT_KINDS = {
  /** a physical sale paid in cash, net of change (ref: the order id) */
  sale: { sign: 1, once: true },
  /** cash taken for a top-up / game card / bill, at submit (ref: the client order id) */
  virtual_sale: { sign: 1 },
  /** that cash handed back: the order failed, or the cloud refused it (ref: the client order id) */
  virtual_refund: { sign: -1 },
  /** cash put on a member's stored value (ref: the top-up's client id) */
  member_topup: { sign: 1, member: true, once: true },
  /** cash handed back for a return or void of a sale (退货/作废; ref: the return's id). Newer than the shift
   *  wire's first version: a closed shift from an older till has none (read as 0). */
  sale_return: { sign: -1, once: true, since: 2 },
  /** cash put in by hand (备用金, 买零钱 …) with a reason */
  pay_in: { sign: 1, manual: true },
  /** cash taken out by hand (取现 …, a closed card's stored value handed back) with a reason */
  pay_out: { sign: -1, manual: true },
} as const satisfies Record<string, CashKindSpec>;

export type CashKind = keyof typeof CASH_MOVEMENT_KINDS;
/** every kind, in the order the shift panel and report list them */
export const CASH_KINDS = Object.keys(CASH_MOVEMENT_KINDS) as [CashKind, ...CashKind[]];
