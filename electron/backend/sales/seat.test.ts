// Seat numbers (internet cafés): an optional seat on a sale is stored with the order in sales.db, carried
// in the order wire to the cloud, and printed on the receipt; a bad seat is a typed error that writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabases } from '../db/open';
import { receiptMarkup } from '../print/receipt';
import type { FakeCloud } from '../testing/fake-cloud';
import { closeTill, openRegisteredTill, type TestPos, type Till } from '../testing/harness';

let cloud: FakeCloud;
let t: TestPos;
let dir: Till['dir'];

beforeEach(async () => {
  ({ cloud, dir, t } = await openRegisteredTill());
});
afterEach(async () => {
  await closeTill(t, { cloud, dir });
});

describe('seat numbers', () => {
  it('stores the seat with the order, sends it in the wire and prints it', async () => {
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const { order } = await t.pos.call('sale.checkout', { tendered: 500, seat: ' A23 ' });
    expect(order.seat).toBe('A23');
    const dbs = openDatabases(dir.dir);
    expect(dbs.sales.prepare('SELECT seat FROM orders WHERE id = ?').pluck().get(order.id)).toBe('A23');
    dbs.close();
    const text = (await t.pos.call('receipt.preview', { orderId: order.id })).svg.replace(/<[^>]+>/g, '');
    expect(text).toContain('座位号');
    expect(text).toContain('A23');
    await t.pos.call('sync.now', {});
    expect(JSON.parse(cloud.orders.get(order.id)!.payload)).toMatchObject({ seat: 'A23' });
  });

  it('a counter sale has no seat line; a seat over 8 characters is refused and writes nothing', async () => {
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const bad = await t.backend.call('sale.checkout', { tendered: 500, seat: 'A234567890' });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    expect((await t.pos.call('cart.get', {})).itemCount).toBe(1);
    const { order } = await t.pos.call('sale.checkout', { tendered: 500 });
    expect(order.seat).toBeNull();
    await t.pos.call('sync.now', {});
    expect(JSON.parse(cloud.orders.get(order.id)!.payload)).not.toHaveProperty('seat');
  });

  it('receipt markup: the seat escaped, member payments without cash lines, the discount shown', () => {
    const base = {
      number: '20250101-0001',
      createdAt: 0,
      lines: [{ name: '可乐', qty: 1, unitPrice: 300, lineTotal: 300 }],
      total: 270,
      tendered: 0,
      change: 0,
    };
    const ctx = { outletName: '网吧', timeZone: 'Asia/Shanghai', cpl: 32 as const };
    const m = receiptMarkup({ ...base, seat: 'B|7', discount: 30, memberPaid: true }, ctx);
    expect(m).toContain('座位号 | "^B\\|7');
    expect(m).toContain('会员折扣 | -¥0.30|');
    expect(m).toContain('会员余额支付 | ¥2.70|');
    expect(m).not.toContain('实收现金');
    expect(receiptMarkup(base, ctx)).not.toContain('座位号');
  });
});
