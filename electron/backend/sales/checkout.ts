// Checkout: the order, its lines, its cash payment and its outbox row are written in ONE transaction in
// sales.db. Either all of them exist or none; the cart is cleared by the caller only after commit.
import type { Cart, CompletedOrder } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { fen, type Fen } from '../../../shared/money';
import { zOrderWire, type OrderWire } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';
import type { Outbox } from '../sync/outbox';
import { appendAudit } from '../audit/chain';

/** "20250131" in the outlet's time zone: the receipt's day is the shop's day, not UTC's. */
export function localDay(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(epochMs);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
}

export function createCheckout(db: Db, outbox: Outbox) {
  const bump = db.prepare(`INSERT INTO order_counters (day, last) VALUES (?, 1)
    ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`).pluck();
  const insOrder = db.prepare(`INSERT INTO orders (id, number, created_at, employee_id, subtotal, discount, total)
    VALUES (@clientOrderId, @number, @createdAt, @employeeId, @subtotal, @discount, @total)`);
  const insLine = db.prepare(`INSERT INTO order_lines (order_id, line_no, product_id, sku, name, unit, qty, unit_price, line_total)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insPayment = db.prepare('INSERT INTO payments (order_id, method, amount, tendered, change) VALUES (?, ?, ?, ?, ?)');
  const deviceId = db.prepare('SELECT device_id FROM device WHERE singleton = 1').pluck();

  const write = db.transaction((order: OrderWire, units: string[], now: number) => {
    insOrder.run(order);
    order.lines.forEach((l, i) => insLine.run(order.clientOrderId, l.lineNo, l.productId, l.sku, l.name, units[i], l.qty, l.unitPrice, l.lineTotal));
    for (const p of order.payments) insPayment.run(order.clientOrderId, p.method, p.amount, p.tendered ?? null, p.change ?? null);
    // The sale's audit row is part of the sale: it commits with it or not at all
    // (written before the outbox row, so a failure there rolls this row back too).
    appendAudit(db, {
      at: now, actorId: order.employeeId, deviceId: (deviceId.get() as string | undefined) ?? null, action: 'sale.checkout', target: order.clientOrderId, outcome: 'ok',
      details: { number: order.number, total: order.total, lines: order.lines.length, payments: order.payments.map((p) => ({ method: p.method, amount: p.amount })) },
    });
    outbox.enqueueOrder(order, now);
  });

  return function checkout(p: { cart: Cart; tendered: Fen; employeeId: string; timeZone: string; now: number }): CompletedOrder {
    const { cart, tendered, now } = p;
    if (cart.lines.length === 0) throw new AppError('EMPTY_CART', 'The cart is empty');
    if (tendered < cart.total) {
      throw new AppError('INSUFFICIENT_TENDER', 'Cash tendered is less than the total', { total: cart.total, tendered });
    }
    const change = fen(tendered - cart.total);
    const id = newId();
    const day = localDay(now, p.timeZone);
    let completed!: CompletedOrder;
    // The number comes from the counter inside the same transaction, so numbers never repeat even
    // if the write below fails (it rolls back with it).
    db.transaction(() => {
      const seq = bump.get(day) as number;
      const number = `${day}-${String(seq).padStart(4, '0')}`;
      const order = zOrderWire.parse({
        clientOrderId: id,
        number,
        createdAt: now,
        employeeId: p.employeeId,
        lines: cart.lines.map((l, i) => ({ lineNo: i + 1, productId: l.productId, sku: l.sku, name: l.name, qty: l.qty, unitPrice: l.unitPrice, lineTotal: l.lineTotal })),
        subtotal: cart.subtotal,
        discount: fen(0),
        total: cart.total,
        payments: [{ method: 'cash', amount: cart.total, tendered, change }],
      } satisfies OrderWire);
      write(order, cart.lines.map((l) => l.unit), now);
      completed = { id, number, createdAt: now, total: cart.total, tendered, change, lines: cart.lines };
    })();
    return completed;
  };
}
