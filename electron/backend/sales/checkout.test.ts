import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeCloud } from '../testing/fake-cloud';
import { closeTill, openRegisteredTill, type TestPos, type Till } from '../testing/harness';
import { openDatabases } from '../db/open';
import { localDay } from './checkout';

let cloud: FakeCloud;
let t: TestPos;
let dir: Till['dir'];

beforeEach(async () => {
  ({ cloud, dir, t } = await openRegisteredTill());
});
afterEach(async () => {
  await closeTill(t, { cloud, dir });
});

function counts() {
  const dbs = openDatabases(dir.dir);
  const c = (table: string) => dbs.sales.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const r = { orders: c('orders'), lines: c('order_lines'), payments: c('payments'), outbox: c('outbox') };
  dbs.close();
  return r;
}

describe('sale.checkout', () => {
  it('writes order, lines, cash payment and outbox row together and clears the cart', async () => {
    await t.pos.call('cart.scan', { code: '6921168509256' }); // 2.00
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const { items } = await t.pos.call('catalog.search', { query: '薯片', limit: 1 });
    await t.pos.call('cart.add', { productId: items[0]!.id, qty: 3 }); // 3 × 7.50
    const cart = await t.pos.call('cart.get', {});
    expect(cart.total).toBe(2650);
    expect(cart.itemCount).toBe(5);

    const { order } = await t.pos.call('sale.checkout', { tendered: 5000 });
    expect(order.total).toBe(2650);
    expect(order.change).toBe(2350);
    expect(order.number).toMatch(/^\d{8}-0001$/);
    expect(order.lines).toHaveLength(2);
    expect((await t.pos.call('cart.get', {})).lines).toHaveLength(0);
    expect(counts()).toEqual({ orders: 1, lines: 2, payments: 1, outbox: 1 });

    await t.pos.call('cart.scan', { code: '6921168509256' });
    const second = await t.pos.call('sale.checkout', { tendered: 200 });
    expect(second.order.number).toMatch(/-0002$/);
    expect(second.order.change).toBe(0);
    const status = await t.pos.call('sync.status', {});
    expect(status.unsent).toBe(2);
    expect(status.oldestUnsentAt).toBe(order.createdAt);
  });

  it('writes nothing when the cash tendered is short, and keeps the cart', async () => {
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const r = await t.pos.try('sale.checkout', { tendered: 199 });
    expect(!r.ok && r.error.code).toBe('INSUFFICIENT_TENDER');
    expect(counts()).toEqual({ orders: 0, lines: 0, payments: 0, outbox: 0 });
    expect((await t.pos.call('cart.get', {})).lines).toHaveLength(1);
  });

  it('is all-or-nothing: a failure writing the outbox row rolls the order back', async () => {
    const dbs = openDatabases(dir.dir);
    dbs.sales.exec("CREATE TRIGGER boom BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    dbs.close();
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const r = await t.pos.try('sale.checkout', { tendered: 1000 });
    expect(!r.ok && r.error.code).toBe('INTERNAL');
    expect(!r.ok && r.error.message).not.toMatch(/disk on fire/);
    expect(counts()).toEqual({ orders: 0, lines: 0, payments: 0, outbox: 0 });
    expect((await t.pos.call('cart.get', {})).lines).toHaveLength(1);
    const d2 = openDatabases(dir.dir);
    d2.sales.exec('DROP TRIGGER boom');
    d2.close();
    // the counter rolled back too: the next successful order is still number 0001
    expect((await t.pos.call('sale.checkout', { tendered: 1000 })).order.number).toMatch(/-0001$/);
  });

  it('refuses virtual goods at the counter for now, and unknown scans leave the cart alone', async () => {
    const { items } = await t.pos.call('catalog.search', { query: '话费' });
    const r = await t.pos.try('cart.add', { productId: items[0]!.id, qty: 1 });
    expect(!r.ok && r.error.code).toBe('VALIDATION');
    expect(!r.ok && (r.error.details as { reason: string }).reason).toBe('VIRTUAL_GOODS_NOT_SUPPORTED');
    const scan = await t.pos.call('cart.scan', { code: '0000000' });
    expect(scan.item).toBeNull();
    expect(scan.cart.lines).toHaveLength(0);
  });

  it('setQty 0 removes the line; logout never waits for unsent orders, which go after it', async () => {
    const { item } = await t.pos.call('cart.scan', { code: '6921168509256' });
    expect((await t.pos.call('cart.setQty', { productId: item!.id, qty: 0 })).lines).toHaveLength(0);
    await t.pos.call('cart.scan', { code: '6921168509256' });
    await t.pos.call('sale.checkout', { tendered: 200 });
    expect((await t.pos.call('sync.status', {})).unsent).toBe(1);
    expect((await t.pos.try('auth.logout', {})).ok).toBe(true);
    // the order belongs to the device: it goes with no one logged in
    expect(await t.pos.call('sync.now', {})).toMatchObject({ unsent: 0 });
    expect(cloud.orders.size).toBe(1);
  });
});

describe('localDay', () => {
  it('uses the outlet time zone', () => {
    const t0 = Date.UTC(2025, 0, 31, 17, 0); // 01:00 on 1 Feb in Shanghai
    expect(localDay(t0, 'Asia/Shanghai')).toBe('20250201');
    expect(localDay(t0, 'UTC')).toBe('20250131');
  });
});
