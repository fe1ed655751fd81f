// What the shift acts (handlers.ts) read and write in sales.db besides the drawer itself (drawer.ts): what
// changed in a shift's sales (discounts, returns by tender, voids, overrides), the baskets still parked, each
// act's audit row — and the one transaction an act runs in, so its shift row, its cash movement, its audit
// row and (at close) its outbox row commit together or not at all.
import type { ShiftSaleChanges } from '../../../shared/api/shift-methods';
import { appendAudit, type AuditEntry } from '../audit/chain';
import type { Db } from '../db/open';
import { openBaskets } from '../sales/parked';

export interface ShiftStore {
  /** runs `act` in one sales.db transaction (a savepoint inside a caller's); a throw rolls the whole act back */
  transaction<T>(act: () => T): T;
  /** appends the act's row to the audit chain (inside the act's transaction) */
  audit(entry: AuditEntry): void;
  /** discounts, returns by tender, voids and overrides of the shift (shared/api/shift-methods.ts) */
  saleChanges(shiftId: string): ShiftSaleChanges;
  /** baskets parked (挂单) and not yet sold or discarded, on the list or in a cart */
  openBaskets(): number;
}

export function createShiftStore(db: Db): ShiftStore {
  const orders = db.prepare(`SELECT coalesce(sum(o.order_discount), 0) AS od, coalesce(sum(o.member_discount), 0) AS md,
        coalesce(sum(o.rounding), 0) AS rd,
        coalesce(sum((SELECT sum(max(0, coalesce(l.list_price, l.unit_price) * l.qty - l.line_total))
          FROM order_lines l WHERE l.order_id = o.id)), 0) AS ld
      FROM orders o WHERE o.shift_id = ?`);
  const returns = db.prepare(`SELECT count(*) AS n, coalesce(sum(reason = 'void'), 0) AS voids,
        coalesce(sum(CASE WHEN reason = 'void' THEN total END), 0) AS voidsTotal FROM returns WHERE shift_id = ?`);
  const refunds =
    db.prepare(`SELECT x.method, sum(x.amount) AS total FROM return_refunds x JOIN returns r ON r.id = x.return_id
      WHERE r.shift_id = ? GROUP BY x.method`);
  const overrides = db
    .prepare(
      `SELECT count(*) FROM overrides v WHERE v.ref IN (SELECT id FROM orders WHERE shift_id = ?)
        OR v.ref IN (SELECT id FROM returns WHERE shift_id = ?)`,
    )
    .pluck();

  return {
    transaction: (act) => db.transaction(act)(),
    audit: (entry) => appendAudit(db, entry),
    saleChanges(shiftId) {
      const o = orders.get(shiftId) as { od: number; md: number; rd: number; ld: number };
      const r = returns.get(shiftId) as { n: number; voids: number; voidsTotal: number };
      const refundsByMethod: Record<string, number> = {};
      for (const x of refunds.all(shiftId) as { method: string; total: number }[]) refundsByMethod[x.method] = x.total;
      return {
        discountsGiven: o.od + o.ld,
        memberDiscounts: o.md,
        rounding: o.rd,
        returnsCount: r.n,
        refundsByMethod,
        voidsCount: r.voids,
        voidsTotal: r.voidsTotal,
        overridesCount: overrides.get(shiftId, shiftId) as number,
      };
    },
    openBaskets: () => openBaskets(db),
  };
}
