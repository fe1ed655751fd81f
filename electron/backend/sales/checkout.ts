// Checkout: the order, its lines (with their price changes and discounts), the supervisor overrides, its payments
// (cash, a member's stored value, payment codes paid through the cloud, static QR codes — split tender), its cash movement in
// the drawer (shifts/drawer.ts; the shift is opened automatically when none is) and its outbox row are
// written in ONE transaction in sales.db. Either all of them exist or none; the cart is cleared by the
// caller only after commit. A member payment's limit is checked inside that transaction, so two spends of
// one member can never both pass on the same figure.
import { memberDiscountFen, type Cart, type CompletedOrder } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { fen, type Fen } from '../../../shared/money';
import type { PaymentMethod } from '../../../shared/payments/methods';
import type { OverrideRecord } from '../../../shared/sale/overrides';
import { zOrderWire, type OrderWire } from '../../../shared/sync/protocol';
import { dayKey } from '../../../shared/time';
import type { Db } from '../db/open';
import type { Outbox } from '../sync/outbox';
import { appendAudit } from '../audit/chain';
import { createDrawer } from '../shifts/drawer';

/** "20250131" in the outlet's time zone: the receipt's day is the shop's day, not UTC's. */
export const localDay = (epochMs: number, timeZone: string): string => dayKey(epochMs, timeZone);

export function createCheckout(db: Db, outbox: Outbox) {
  const bump = db
    .prepare(
      `INSERT INTO order_counters (day, last) VALUES (?, 1)
    ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`,
    )
    .pluck();
  const insOrder =
    db.prepare(`INSERT INTO orders (id, number, created_at, employee_id, subtotal, discount, total, seat, shift_id,
      member_discount, order_discount, rounding)
    VALUES (@clientOrderId, @number, @createdAt, @employeeId, @subtotal, @discount, @total, @seat, @shiftId,
      @memberDiscount, @orderDiscount, @rounding)`);
  const insLine =
    db.prepare(`INSERT INTO order_lines (order_id, line_no, product_id, sku, name, unit, qty, unit_price, list_price,
      discount, line_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insOverride = db.prepare(
    'INSERT INTO overrides (ref, act, supervisor_id, cashier_id, at) VALUES (?, ?, ?, ?, ?)',
  );
  const insPayment = db.prepare(`INSERT INTO payments (order_id, method, amount, tendered, change, member_id,
      payment_id, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const deviceId = db.prepare('SELECT device_id FROM device WHERE singleton = 1').pluck();
  const soldBasket = db.prepare(`UPDATE parked_baskets SET closed_at = ?, closed_by = ?, outcome = 'sold', order_id = ?
    WHERE id = ? AND closed_at IS NULL`);
  const drawer = createDrawer(db);

  const write = db.transaction((order: OrderWire, units: string[], now: number, parkedId: string | null): string => {
    // A shift belongs to a person: no sale into another's open shift unless they chose to cover it (代班).
    drawer.assertMayUse(order.employeeId);
    const coveringFor = drawer.coveringFor(order.employeeId);
    const shift = drawer.shiftFor(order.employeeId, now);
    const parts = order.discounts ?? { member: order.discount, order: 0, rounding: 0 };
    insOrder.run({
      ...order,
      seat: order.seat ?? null,
      shiftId: shift.id,
      memberDiscount: parts.member,
      orderDiscount: parts.order,
      rounding: parts.rounding,
    });
    order.lines.forEach((l, i) =>
      insLine.run(
        order.clientOrderId,
        l.lineNo,
        l.productId,
        l.sku,
        l.name,
        units[i],
        l.qty,
        l.unitPrice,
        l.listPrice ?? null,
        l.discount ?? 0,
        l.lineTotal,
      ),
    );
    // a basket recalled from the list (挂单) is sold with this sale, in its transaction
    if (parkedId) soldBasket.run(now, order.employeeId, order.clientOrderId, parkedId);
    for (const o of order.overrides ?? [])
      insOverride.run(order.clientOrderId, o.act, o.supervisorId, order.employeeId, o.at);
    for (const p of order.payments)
      insPayment.run(
        order.clientOrderId,
        p.method,
        p.amount,
        p.tendered ?? null,
        p.change ?? null,
        p.memberId ?? null,
        p.paymentId ?? null,
        p.confirmedBy ?? null,
      );
    // What stays in the drawer is the cash handed over minus the change given back (= the cash paid).
    const cashIn = order.payments
      .filter((p) => p.method === 'cash')
      .reduce((a, p) => a + (p.tendered ?? p.amount) - (p.change ?? 0), 0);
    drawer.record({ kind: 'sale', amount: cashIn, ref: order.clientOrderId, employeeId: order.employeeId, now });
    // Whatever it was paid with, the sale counts in its shift's totals: they must stay within the shift
    // wire's limits, or the shift could never be sent (VALIDATION naming the field rolls the sale back).
    drawer.assertFits(shift);
    // The sale's audit row is part of the sale: it commits with it or not at all
    // (written before the outbox row, so a failure there rolls this row back too).
    appendAudit(db, {
      at: now,
      actorId: order.employeeId,
      deviceId: (deviceId.get() as string | undefined) ?? null,
      action: 'sale.checkout',
      target: order.clientOrderId,
      outcome: 'ok',
      details: {
        number: order.number,
        total: order.total,
        discount: order.discount,
        ...(order.discounts ? { discounts: order.discounts } : {}),
        // what the cashier changed, and who approved it (both employees are in the row)
        ...(order.lines.some((l) => l.listPrice !== undefined || l.discount)
          ? {
              changed: order.lines
                .filter((l) => l.listPrice !== undefined || l.discount)
                .map((l) => ({
                  lineNo: l.lineNo,
                  ...(l.listPrice !== undefined ? { listPrice: l.listPrice, unitPrice: l.unitPrice } : {}),
                  ...(l.discount ? { discount: l.discount } : {}),
                })),
            }
          : {}),
        ...(order.overrides ? { overrides: order.overrides } : {}),
        // 代班: sold within the open shift of this employee
        ...(coveringFor ? { coveringFor } : {}),
        lines: order.lines.length,
        payments: order.payments.map((p) => ({
          method: p.method,
          amount: p.amount,
          ...(p.memberId ? { memberId: p.memberId } : {}),
          ...(p.paymentId ? { paymentId: p.paymentId } : {}),
          // who confirmed a static QR code's money arriving (the employee is in the row's details)
          ...(p.confirmedBy ? { confirmedBy: p.confirmedBy } : {}),
        })),
      },
    });
    outbox.enqueue('order', order, now);
    return shift.id;
  });

  return function checkout(p: CheckoutInput): CompletedOrder {
    const { cart, now } = p;
    const method = p.payment ?? 'cash';
    const tendered = p.tendered ?? fen(0);
    if (cart.lines.length === 0) throw new AppError('EMPTY_CART', 'The cart is empty');
    // The cart is priced by shared/sale/pricing.ts (member, order discount, 抹零); a cart view without those
    // parts (older callers) is priced here with the member's level alone, as before.
    const parts = {
      member: fen(cart.memberDiscount ?? (p.member ? memberDiscountFen(cart.subtotal, p.member.discountBps) : 0)),
      order: fen(cart.orderDiscount ?? 0),
      rounding: fen(cart.rounding ?? 0),
    };
    const discount = fen(parts.member + parts.order + parts.rounding);
    const total = fen(cart.subtotal - discount);
    const itemised = parts.order > 0 || parts.rounding > 0;
    // Split tender: the parts taken before (a tender's: member balance, payment codes already paid, static
    // codes), then the rest in cash or from the member. Parts never pay more than the total; change is given
    // only from cash.
    const taken = p.parts ?? [];
    const rest = fen(total - taken.reduce((a, x) => a + x.amount, 0));
    if (rest < 0)
      throw new AppError('VALIDATION', 'The payments taken are more than the total', [
        { path: 'payments', message: 'payments exceed the total' },
      ]);
    if (rest > 0 && method === 'cash' && tendered < rest) {
      throw new AppError('INSUFFICIENT_TENDER', 'Cash tendered is less than the total', { total: rest, tendered });
    }
    const memberPaying = (rest > 0 && method === 'member') || taken.some((x) => x.method === 'member');
    if (memberPaying && (!p.member || !p.memberLimit))
      throw new AppError('VALIDATION', 'A member payment needs the member', [
        { path: 'memberId', message: 'required for payment member' },
      ]);
    const cashLine = rest > 0 && method === 'cash';
    const change = cashLine ? fen(tendered - rest) : fen(0);
    const payments: OrderWire['payments'] = taken.map((x) => ({
      method: x.method,
      amount: x.amount,
      ...(x.method === 'member' ? { memberId: p.member!.id } : {}),
      ...(x.paymentId ? { paymentId: x.paymentId } : {}),
      ...(x.confirmedBy ? { confirmedBy: x.confirmedBy } : {}),
    }));
    if (rest > 0) {
      const own = payments.find((x) => x.method === 'member');
      if (method === 'member' && own)
        own.amount = fen(own.amount + rest); // one line per member
      else if (method === 'member') payments.push({ method: 'member', amount: rest, memberId: p.member!.id });
      else payments.push({ method: 'cash', amount: rest, tendered, change });
    }
    const memberTotal = payments.filter((x) => x.method === 'member').reduce((a, x) => a + x.amount, 0);
    const largest = payments.reduce((a, x) => (x.amount > a.amount ? x : a), payments[0]!);
    const id = newId();
    const day = localDay(now, p.timeZone);
    let completed!: CompletedOrder;
    // The number comes from the counter inside the same transaction, so numbers never repeat even
    // if the write below fails (it rolls back with it).
    db.transaction(() => {
      if (memberTotal > 0) {
        const available = p.memberLimit!.available();
        if (memberTotal > available) {
          throw new AppError('MEMBER_BALANCE_LOW', "The member's balance does not cover this sale", {
            total: memberTotal,
            available: Math.max(0, available),
            mode: p.memberLimit!.mode,
          });
        }
      }
      const seq = bump.get(day) as number;
      const number = `${day}-${String(seq).padStart(4, '0')}`;
      const order = zOrderWire.parse({
        clientOrderId: id,
        number,
        createdAt: now,
        employeeId: p.employeeId,
        lines: cart.lines.map((l, i) => ({
          lineNo: i + 1,
          productId: l.productId,
          sku: l.sku,
          name: l.name,
          qty: l.qty,
          unitPrice: l.unitPrice,
          ...(l.listPrice !== undefined && l.listPrice !== l.unitPrice ? { listPrice: l.listPrice } : {}),
          ...(l.discount ? { discount: l.discount } : {}),
          lineTotal: l.lineTotal,
        })),
        subtotal: cart.subtotal,
        discount,
        total,
        ...(itemised ? { discounts: parts } : {}),
        ...(p.overrides?.length ? { overrides: p.overrides } : {}),
        payments,
        ...(p.seat ? { seat: p.seat } : {}),
      } satisfies OrderWire);
      const shiftId = write(
        order,
        cart.lines.map((l) => l.unit),
        now,
        p.parkedId ?? null,
      );
      // a tender's payment codes become used by this sale, and the tender closes, in the sale's transaction
      p.within?.(order.clientOrderId, shiftId);
      completed = {
        id,
        number,
        createdAt: now,
        total,
        tendered: cashLine ? tendered : fen(0),
        change,
        lines: cart.lines,
        subtotal: cart.subtotal,
        discount,
        discounts: parts,
        method: largest.method,
        payments: payments.map((x) => ({
          method: x.method,
          amount: x.amount,
          ...(x.tendered !== undefined ? { tendered: x.tendered, change: x.change ?? fen(0) } : {}),
          ...tradeNo(taken, x.paymentId),
        })),
        seat: order.seat ?? null,
        ...(p.approvedBy ? { override: p.approvedBy } : {}),
      };
    })();
    return completed;
  };
}

const tradeNo = (taken: PaymentPart[], paymentId: string | undefined): { providerTradeNo?: string } => {
  const no = paymentId ? taken.find((t) => t.paymentId === paymentId)?.providerTradeNo : null;
  return no ? { providerTradeNo: no } : {};
};

/** A part of a split tender taken before the commit (sales/../payments/tender.ts). */
export interface PaymentPart {
  method: PaymentMethod;
  amount: Fen;
  /** payment codes: the cloud payment, paid */
  paymentId?: string;
  providerTradeNo?: string | null;
  /** static codes: the employee who saw the money arrive */
  confirmedBy?: string;
}

export interface CheckoutInput {
  cart: Cart;
  /** cash handed over (cash payments) */
  tendered?: Fen;
  employeeId: string;
  timeZone: string;
  now: number;
  /** parts taken before the commit (a tender's), paid first; the rest is paid by `payment` */
  parts?: PaymentPart[];
  /** what pays the rest (default cash) */
  payment?: 'cash' | 'member';
  /** the member the sale is made to: their level discount applies, whatever the payment */
  member?: { id: string; discountBps: number };
  /** what the member may pay, evaluated inside the transaction (members/counter.ts spendLimit) */
  memberLimit?: { mode: 'online' | 'offline'; available(): number };
  seat?: string;
  /** the parked basket (挂单) this cart was recalled from: closed as sold in the sale's transaction */
  parkedId?: string | null;
  /** the supervisor overrides the sale was made with (recorded on the order and in its audit row) */
  overrides?: OverrideRecord[];
  /** the supervisor who approved, for the completed order's view */
  approvedBy?: { supervisorId: string; supervisorName: string };
  /** runs inside the sale's transaction once its rows are written (order id, shift id); a throw rolls it all back */
  within?: (orderId: string, shiftId: string) => void;
}
