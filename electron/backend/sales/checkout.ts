// Checkout: the order, its lines, its payment (cash, or a member's stored value), its cash movement in
// the drawer (shifts/drawer.ts; the shift is opened automatically when none is) and its outbox row are
// written in ONE transaction in sales.db. Either all of them exist or none; the cart is cleared by the
// caller only after commit. A member payment's limit is checked inside that transaction, so two spends of
// one member can never both pass on the same figure.
import { memberDiscountFen, type Cart, type CompletedOrder } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { fen, type Fen } from '../../../shared/money';
import { zOrderWire, type OrderWire } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';
import type { Outbox } from '../sync/outbox';
import { appendAudit } from '../audit/chain';
import { createDrawer } from '../shifts/drawer';

/** "20250131" in the outlet's time zone: the receipt's day is the shop's day, not UTC's. */
export function localDay(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(epochMs);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
}

export function createCheckout(db: Db, outbox: Outbox) {
  const bump = db
    .prepare(
      `INSERT INTO order_counters (day, last) VALUES (?, 1)
    ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`,
    )
    .pluck();
  const insOrder =
    db.prepare(`INSERT INTO orders (id, number, created_at, employee_id, subtotal, discount, total, seat, shift_id)
    VALUES (@clientOrderId, @number, @createdAt, @employeeId, @subtotal, @discount, @total, @seat, @shiftId)`);
  const insLine =
    db.prepare(`INSERT INTO order_lines (order_id, line_no, product_id, sku, name, unit, qty, unit_price, line_total)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insPayment = db.prepare(
    'INSERT INTO payments (order_id, method, amount, tendered, change, member_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const deviceId = db.prepare('SELECT device_id FROM device WHERE singleton = 1').pluck();
  const drawer = createDrawer(db);

  const write = db.transaction((order: OrderWire, units: string[], now: number) => {
    const shift = drawer.shiftFor(order.employeeId, now);
    insOrder.run({ ...order, seat: order.seat ?? null, shiftId: shift.id });
    order.lines.forEach((l, i) =>
      insLine.run(order.clientOrderId, l.lineNo, l.productId, l.sku, l.name, units[i], l.qty, l.unitPrice, l.lineTotal),
    );
    for (const p of order.payments)
      insPayment.run(order.clientOrderId, p.method, p.amount, p.tendered ?? null, p.change ?? null, p.memberId ?? null);
    // What stays in the drawer is the cash handed over minus the change given back (= the cash paid).
    const cashIn = order.payments
      .filter((p) => p.method === 'cash')
      .reduce((a, p) => a + (p.tendered ?? p.amount) - (p.change ?? 0), 0);
    drawer.record({ kind: 'sale', amount: cashIn, ref: order.clientOrderId, employeeId: order.employeeId, now });
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
        lines: order.lines.length,
        payments: order.payments.map((p) => ({
          method: p.method,
          amount: p.amount,
          ...(p.memberId ? { memberId: p.memberId } : {}),
        })),
      },
    });
    outbox.enqueue('order', order, now);
  });

  return function checkout(p: CheckoutInput): CompletedOrder {
    const { cart, now } = p;
    const method = p.payment ?? 'cash';
    const tendered = p.tendered ?? fen(0);
    if (cart.lines.length === 0) throw new AppError('EMPTY_CART', 'The cart is empty');
    const discount = fen(p.member ? memberDiscountFen(cart.subtotal, p.member.discountBps) : 0);
    const total = fen(cart.subtotal - discount);
    if (method === 'cash' && tendered < total) {
      throw new AppError('INSUFFICIENT_TENDER', 'Cash tendered is less than the total', { total, tendered });
    }
    if (method === 'member' && (!p.member || !p.memberLimit))
      throw new AppError('VALIDATION', 'A member payment needs the member', [
        { path: 'memberId', message: 'required for payment member' },
      ]);
    const change = method === 'cash' ? fen(tendered - total) : fen(0);
    const id = newId();
    const day = localDay(now, p.timeZone);
    let completed!: CompletedOrder;
    // The number comes from the counter inside the same transaction, so numbers never repeat even
    // if the write below fails (it rolls back with it).
    db.transaction(() => {
      if (method === 'member') {
        const available = p.memberLimit!.available();
        if (total > available) {
          throw new AppError('MEMBER_BALANCE_LOW', "The member's balance does not cover this sale", {
            total,
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
          lineTotal: l.lineTotal,
        })),
        subtotal: cart.subtotal,
        discount,
        total,
        payments: [
          method === 'member'
            ? { method: 'member', amount: total, memberId: p.member!.id }
            : { method: 'cash', amount: total, tendered, change },
        ],
        ...(p.seat ? { seat: p.seat } : {}),
      } satisfies OrderWire);
      write(
        order,
        cart.lines.map((l) => l.unit),
        now,
      );
      completed = {
        id,
        number,
        createdAt: now,
        total,
        tendered: method === 'cash' ? tendered : fen(0),
        change,
        lines: cart.lines,
        subtotal: cart.subtotal,
        discount,
        method,
        seat: order.seat ?? null,
      };
    })();
    return completed;
  };
}

export interface CheckoutInput {
  cart: Cart;
  /** cash handed over (cash payments) */
  tendered?: Fen;
  employeeId: string;
  timeZone: string;
  now: number;
  /** default cash */
  payment?: 'cash' | 'member';
  /** the member the sale is made to: their level discount applies, whatever the payment */
  member?: { id: string; discountBps: number };
  /** what the member may pay, evaluated inside the transaction (members/counter.ts spendLimit) */
  memberLimit?: { mode: 'online' | 'offline'; available(): number };
  seat?: string;
}
