// Hold and recall (挂单 / 取单): baskets in sales.db survive logout and a restart, are sold or discarded only by
// a decision, never lost by a cleared cart, and a shift cannot close over one.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabases } from '../db/open';
import { closeTill, openPos, openRegisteredTill, type Till } from '../testing/harness';

let till: Till;
afterEach(async () => closeTill(till.t, till));

const WATER = '6921168509256';
const audits = () => {
  const dbs = openDatabases(till.dir.dir);
  try {
    return dbs.sales.prepare("SELECT action, target FROM audit_log WHERE action LIKE 'park.%' ORDER BY id").all();
  } finally {
    dbs.close();
  }
};

describe('parked baskets', () => {
  it('park, start another sale, recall across logout and a restart, and sell it', async () => {
    till = await openRegisteredTill({ login: { username: 'disc', password: 'disc123' } });
    let { pos } = till.t;
    await pos.call('cart.scan', { code: WATER });
    await pos.call('cart.scan', { code: WATER });
    const chips = (await pos.call('catalog.search', { query: '薯片', limit: 1 })).items[0]!.id;
    await pos.call('cart.add', { productId: chips, qty: 1 });
    await pos.call('cart.adjustLine', { productId: chips, discount: { kind: 'amount', fen: 50 } });
    const { basket, cart } = await pos.call('park.save', { seat: 'A23', note: '去拿烟' });
    expect(cart.lines).toHaveLength(0);
    expect(basket).toMatchObject({ seat: 'A23', note: '去拿烟', itemCount: 3, total: 400 + 700 });
    expect(basket.lines).toEqual([
      { name: '农夫山泉饮用天然水 550ml', qty: 2 },
      { name: '乐事薯片 原味 70g', qty: 1 },
    ]);
    expect((await pos.try('park.save', {})).ok).toBe(false); // nothing to park

    // another customer meanwhile
    await pos.call('cart.scan', { code: WATER });
    expect(!(await pos.try('park.recall', { id: basket.id })).ok).toBe(true); // cart not empty
    await pos.call('sale.checkout', { tendered: 200 });

    await pos.call('auth.logout', {}).catch(() => undefined); // unsent orders may refuse the logout
    await till.t.backend.close();
    till.t = await openPos({ dataDir: till.dir.dir, cloudUrl: till.cloud.url });
    pos = till.t.pos;
    // another cashier may see and recall it, but the discount in it is checked against whoever sells it:
    // the same cashier comes back to finish it
    await pos.call('auth.login', { username: 'disc', password: 'disc123' });
    const { baskets } = await pos.call('park.list', {});
    expect(baskets.map((b) => b.id)).toEqual([basket.id]);
    expect(baskets[0]!.parkedByName).toBeTruthy();

    const recalled = await pos.call('park.recall', { id: basket.id });
    expect(recalled.seat).toBe('A23');
    expect(recalled.cart).toMatchObject({ itemCount: 3, total: 1100 });
    expect(recalled.cart.lines[1]).toMatchObject({ discount: 50, lineTotal: 700 });
    expect((await pos.call('park.list', {})).baskets).toEqual([]); // in the cart, off the list
    const { order } = await pos.call('sale.checkout', { tendered: 1100, seat: 'A23' });
    expect(order.total).toBe(1100);
    expect((await pos.call('park.list', {})).baskets).toEqual([]);
    const dbs = openDatabases(till.dir.dir);
    expect(dbs.sales.prepare('SELECT outcome, order_id FROM parked_baskets').get()).toEqual({
      outcome: 'sold',
      order_id: order.id,
    });
    dbs.close();
    expect(audits()).toEqual([
      { action: 'park.save', target: basket.id },
      { action: 'park.recall', target: basket.id },
    ]);
  });

  it('a recalled basket comes back when the cart is cleared or the till restarts; discard needs a reason', async () => {
    till = await openRegisteredTill({ login: { username: 'clerk', password: 'clerk123' } });
    const { pos } = till.t;
    await pos.call('cart.scan', { code: WATER });
    const { basket } = await pos.call('park.save', {});
    await pos.call('park.recall', { id: basket.id });
    await pos.call('cart.clear', {});
    expect((await pos.call('park.list', {})).baskets.map((b) => b.id)).toEqual([basket.id]);

    // recalled, then the process dies: at the next start it is waiting again
    await pos.call('park.recall', { id: basket.id });
    await till.t.backend.close();
    till.t = await openPos({ dataDir: till.dir.dir, cloudUrl: till.cloud.url });
    await till.t.pos.call('auth.login', { username: 'clerk', password: 'clerk123' });
    expect((await till.t.pos.call('park.list', {})).baskets.map((b) => b.id)).toEqual([basket.id]);

    // the shift cannot close over it
    await till.t.pos.call('shift.open', { openingFloat: 0 });
    const close = await till.t.pos.try('shift.close', { countedCash: 0 });
    expect(!close.ok && close.error).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'PARKED_BASKETS', count: 1 },
    });
    expect((await till.t.pos.try('park.discard', { id: basket.id, reason: '' })).ok).toBe(false);
    expect((await till.t.pos.call('park.discard', { id: basket.id, reason: '顾客走了' })).baskets).toEqual([]);
    expect((await till.t.pos.try('park.recall', { id: basket.id })).ok).toBe(false);
    expect((await till.t.pos.call('shift.close', { countedCash: 0 })).shift.closedAt).not.toBeNull();
    expect(audits().map((a) => (a as { action: string }).action)).toEqual([
      'park.save',
      'park.recall',
      'park.recall',
      'park.discard',
    ]);
  });
});
