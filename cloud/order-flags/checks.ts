// Runtime: Node. The checks an order meets as it arrives — after it is accepted, in its own transaction, so
// it is flagged iff it is stored. The till decides offline and fast; the cloud does not refuse what was sold,
// it marks for the owner what it cannot vouch for:
//  - discount_over_limit: what the cashier gave away by choice (shared/sale/pricing.ts `discretionary`: price
//    cuts below the catalog price, line and order discounts) beyond their limits (max_discount_fen,
//    max_discount_bps; the master has none), with no 'discount' override by a supervisor holding sale.discount;
//  - member_discount: a member (level) discount larger than the paying member's level gives — or, with no
//    member paying, larger than the best level any open member of the outlet has (the wire names no member
//    for a cash sale, so that is all the cloud can tell);
//  - rounding: 抹零 of a whole unit or more of the outlet's rule (none: nothing; jiao: < 10 fen; yuan: < 100);
//  - price_mismatch: a line whose catalog price — the one charged, or the one a 改价 started from — was not
//    the catalog's at any moment of the PRICE_GRACE_MS before the sale (product_prices, 0019): a till
//    learns a new price with its next catalog pull, so a sale just after a change is not a mismatch.
// Batch-friendly: a few queries per push, whatever its size (order ingest is benched).
import { hasPermission } from '../../shared/permissions';
import type { FlagReason } from '../../shared/api/flagged-orders';
import { BPS, beyondLimits, percentOf } from '../../shared/sale/pricing';
import type { OrderWire } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import { effectivePermissions } from '../auth/accounts';

/** A till hears of a new price with its next catalog pull: the price before a change still counts this long. */
export const PRICE_GRACE_MS = 15 * 60_000;
const ROUNDING_UNIT = { none: 1, jiao: 10, yuan: 100 } as const;

export interface Accepted {
  serverOrderId: string;
  order: OrderWire;
}
export interface Flagged {
  serverOrderId: string;
  order: OrderWire;
  reasons: FlagReason[];
}

interface EmployeeLimits {
  id: string;
  is_master: boolean;
  permissions: string[];
  max_discount_fen: number;
  max_discount_bps: number;
}

/** Flags the accepted orders that need it (rows in order_flags); returns them for the owner's alert. */
export async function flagAccepted(
  q: Queryable,
  outletId: string,
  accepted: Accepted[],
  now: number,
): Promise<Flagged[]> {
  if (accepted.length === 0) return [];
  const facts = await factsFor(q, outletId, accepted);
  const flagged: Flagged[] = [];
  for (const a of accepted) {
    const reasons = judge(a.order, facts);
    if (reasons.length > 0) flagged.push({ ...a, reasons });
  }
  if (flagged.length > 0) {
    await q.query(
      `INSERT INTO order_flags (order_id, outlet_id, reasons, flagged_at)
       SELECT x.id, $1, x.reasons, $2 FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, reasons jsonb)
       ON CONFLICT (order_id) DO NOTHING`,
      [outletId, now, JSON.stringify(flagged.map((f) => ({ id: f.serverOrderId, reasons: f.reasons })))],
    );
  }
  return flagged;
}

interface Facts {
  employees: Map<string, EmployeeLimits>;
  /** per product: its current price and its history, oldest first */
  prices: Map<string, { current: number; history: { from: number; price: number }[] }>;
  memberBps: Map<string, number>;
  /** the best (lowest) level any open member of the outlet has; BPS when none */
  bestMemberBps: number;
  rounding: keyof typeof ROUNDING_UNIT;
}

async function factsFor(q: Queryable, outletId: string, accepted: Accepted[]): Promise<Facts> {
  const orders = accepted.map((a) => a.order);
  const people = [...new Set(orders.flatMap((o) => [o.employeeId, ...(o.overrides ?? []).map((x) => x.supervisorId)]))];
  const products = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.productId)))];
  const payers = [...new Set(orders.flatMap((o) => o.payments.flatMap((p) => (p.memberId ? [p.memberId] : []))))];
  const [emps, current, history, members, outlet] = await Promise.all([
    q.query<EmployeeLimits>(
      'SELECT id, is_master, permissions, max_discount_fen, max_discount_bps FROM employees WHERE org_id = $1 AND id = ANY($2::uuid[])',
      [outletId, people],
    ),
    q.query<{ id: string; price: number }>(
      'SELECT id, price FROM products WHERE outlet_id = $1 AND id = ANY($2::uuid[])',
      [outletId, products],
    ),
    q.query<{ product_id: string; valid_from: number; price: number }>(
      'SELECT product_id, valid_from, price FROM product_prices WHERE product_id = ANY($1::uuid[]) ORDER BY product_id, valid_from',
      [products],
    ),
    q.query<{ id: string; discount_bps: number }>(
      'SELECT id, discount_bps FROM members WHERE outlet_id = $1 AND id = ANY($2::uuid[])',
      [outletId, payers],
    ),
    q.query<{ rounding_rule: Facts['rounding']; best: number | null }>(
      `SELECT o.rounding_rule,
              (SELECT min(discount_bps) FROM members m WHERE m.outlet_id = o.id AND m.closed_at IS NULL) AS best
         FROM organizations o WHERE o.id = $1`,
      [outletId],
    ),
  ]);
  const prices: Facts['prices'] = new Map(current.rows.map((r) => [r.id, { current: Number(r.price), history: [] }]));
  for (const h of history.rows)
    prices.get(h.product_id)?.history.push({ from: Number(h.valid_from), price: Number(h.price) });
  return {
    employees: new Map(
      emps.rows.map((e) => [
        e.id,
        { ...e, max_discount_fen: Number(e.max_discount_fen), max_discount_bps: Number(e.max_discount_bps) },
      ]),
    ),
    prices,
    memberBps: new Map(members.rows.map((m) => [m.id, Number(m.discount_bps)])),
    bestMemberBps: outlet.rows[0]?.best == null ? BPS : Number(outlet.rows[0].best),
    rounding: outlet.rows[0]?.rounding_rule ?? 'none',
  };
}

/** The catalog prices a product had at some moment of [at − PRICE_GRACE_MS, at]. */
function pricesAround(p: { current: number; history: { from: number; price: number }[] }, at: number): Set<number> {
  if (p.history.length === 0) return new Set([p.current]);
  const from = at - PRICE_GRACE_MS;
  const out = new Set<number>();
  let before: number | undefined;
  for (const h of p.history) {
    if (h.from <= from) before = h.price;
    else if (h.from <= at) out.add(h.price);
  }
  // before the first recorded change the first recorded price held (it is recorded from 0)
  out.add(before ?? p.history[0]!.price);
  return out;
}

/** The price valid at `at` (for the owner's list: what the till should have used). */
function priceAt(p: { current: number; history: { from: number; price: number }[] }, at: number): number {
  let price = p.history[0]?.price ?? p.current;
  for (const h of p.history) if (h.from <= at) price = h.price;
  return price;
}

function judge(o: OrderWire, f: Facts): FlagReason[] {
  const reasons: FlagReason[] = [];

  // The cashier's own discounts against their limits (the arithmetic of shared/sale/pricing.ts priceOrder).
  const listOf = (l: OrderWire['lines'][number]) => l.listPrice ?? l.unitPrice;
  const listTotal = o.lines.reduce((s, l) => s + listOf(l) * l.qty, 0);
  const orderDiscount = o.discounts?.order ?? 0;
  const discretionary = o.lines.reduce((s, l) => s + Math.max(0, listOf(l) * l.qty - l.lineTotal), 0) + orderDiscount;
  const cashier = f.employees.get(o.employeeId);
  const approved = (o.overrides ?? []).some((x) => {
    const sup = f.employees.get(x.supervisorId);
    return x.act === 'discount' && !!sup && hasPermission(effectivePermissions(sup), 'sale.discount');
  });
  if (discretionary > 0 && cashier && !cashier.is_master && !approved) {
    const limits = { maxDiscountFen: cashier.max_discount_fen, maxDiscountBps: cashier.max_discount_bps };
    const beyond = beyondLimits(limits as Parameters<typeof beyondLimits>[0], { discretionary, listTotal });
    if (beyond)
      reasons.push({
        kind: 'discount_over_limit',
        discretionaryFen: discretionary,
        listTotalFen: listTotal,
        maxDiscountFen: limits.maxDiscountFen,
        maxDiscountBps: limits.maxDiscountBps,
        beyond,
      });
  }

  // The member's level discount: at most what the paying member's level — or the outlet's best level — gives.
  const memberDiscount = o.discounts ? o.discounts.member : o.discount;
  if (memberDiscount > 0) {
    const payer = o.payments.find((p) => p.memberId !== undefined)?.memberId;
    const bps = (payer !== undefined ? f.memberBps.get(payer) : undefined) ?? f.bestMemberBps;
    const allowed = percentOf(o.subtotal, BPS - bps);
    if (memberDiscount > allowed)
      reasons.push({ kind: 'member_discount', memberDiscountFen: memberDiscount, allowedFen: allowed });
  }

  // 抹零 within the outlet's rule.
  const rounding = o.discounts?.rounding ?? 0;
  if (rounding >= ROUNDING_UNIT[f.rounding])
    reasons.push({ kind: 'rounding', roundingFen: rounding, rule: f.rounding });

  // Catalog prices at the time of sale.
  const off = o.lines.flatMap((l) => {
    const p = f.prices.get(l.productId);
    if (!p || pricesAround(p, o.createdAt).has(listOf(l))) return [];
    return [
      {
        lineNo: l.lineNo,
        productId: l.productId,
        name: l.name,
        tillPriceFen: listOf(l),
        catalogPriceFen: priceAt(p, o.createdAt),
      },
    ];
  });
  if (off.length > 0) reasons.push({ kind: 'price_mismatch', lines: off });
  return reasons;
}
