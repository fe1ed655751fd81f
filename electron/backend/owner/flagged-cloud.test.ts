// 待核对订单 through the real POS backend against the real cloud: a till that had not heard of a price change
// for an hour sells at the old price; the order is accepted (the sale happened) and the owner finds it in
// owner.flaggedOrders with both prices, marks it checked (owner.reviewFlaggedOrder), and a cashier cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../../cloud/seed/demo';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { openTillAt, type TestPos } from '../testing/harness';

describe('orders the cloud could not vouch for, in the back office', () => {
  let cloud: RunningCloud;
  let till: Awaited<ReturnType<typeof openTillAt>>;
  let t: TestPos;
  let number: string;

  beforeAll(async () => {
    cloud = await startCloud({ port: 0, seed: true });
    till = await openTillAt(cloud.url, { deviceName: '前台1', login: { username: 'cashier', password: 'cashier123' } });
    t = till.t;
  }, 60_000);
  afterAll(async () => {
    await till?.close();
    await cloud?.close().catch(() => {});
  });

  it('a sale at a price the catalog had left an hour before is accepted and flagged for the owner', async () => {
    const { item } = await t.pos.call('cart.scan', { code: DEMO.sampleBarcode });
    // the outlet raised the price an hour ago; this till never pulled it (it was offline)
    const hourAgo = Date.now() - 3_600_000;
    await cloud.db.query('UPDATE products SET price = price + 100, updated_at = $2 WHERE id = $1', [item!.id, hourAgo]);
    const sold = await t.pos.call('sale.checkout', { tendered: 100_000 });
    number = sold.order.number;
    expect(await t.pos.call('sync.now', {})).toMatchObject({ unsent: 0 });

    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    const list = await t.pos.call('owner.flaggedOrders', {});
    expect(list.openCount).toBe(1);
    expect(list.orders[0]).toMatchObject({
      number,
      deviceName: '前台1',
      reasons: [
        {
          kind: 'price_mismatch',
          lines: [{ productId: item!.id, tillPriceFen: item!.price, catalogPriceFen: item!.price + 100 }],
        },
      ],
      reviewedAt: null,
    });
    const reviewed = await t.pos.call('owner.reviewFlaggedOrder', { orderId: list.orders[0]!.orderId });
    expect(reviewed.result).toBe('ok');
    expect(await t.pos.call('owner.flaggedOrders', { status: 'open' })).toMatchObject({ orders: [], openCount: 0 });
    expect((await t.pos.call('owner.flaggedOrders', { status: 'reviewed' })).orders[0]).toMatchObject({
      number,
      reviewedBy: { id: DEMO.master.id },
    });
  });

  it('a cashier has no such list: the router refuses before the cloud is asked', async () => {
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    const r = await t.pos.try('owner.flaggedOrders', {});
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
  });
});
