// `3*` then a scan at the counter: cart.scan takes the quantity typed ahead; and catalog.search pages on
// through the router (offset, hasMore). A fake cloud and a registered till with the sample catalog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegisteredTill, type Till } from '../testing/harness';

describe('quantity ahead of a scan, and search pages', () => {
  let till: Till;
  beforeAll(async () => {
    till = await openRegisteredTill();
  });
  afterAll(async () => {
    await till.t.backend.close();
    await till.cloud.close();
    till.dir.cleanup();
  });

  it('scans 3 of a product at once, and 1 when no quantity is given', async () => {
    const { pos } = till.t;
    const r = await pos.call('cart.scan', { code: '6921168509256', qty: 3 });
    expect(r.cart.lines).toMatchObject([{ sku: 'NFSQ550', qty: 3 }]);
    expect((await pos.call('cart.scan', { code: '6921168509256' })).cart.lines[0]!.qty).toBe(4);
    const bad = await till.t.backend.call('cart.scan', { code: '6921168509256', qty: 0 });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    await pos.call('cart.clear', {});
  });

  it('a barcode typed through a full-width IME (６９２１…) is the same barcode', async () => {
    const { pos } = till.t;
    const r = await pos.call('cart.scan', { code: '６９２１１６８５０９２５６' });
    expect(r.item).toMatchObject({ sku: 'NFSQ550' });
    expect(r.cart.lines).toMatchObject([{ sku: 'NFSQ550', qty: 1 }]);
    await pos.call('cart.clear', {});
  });

  it('a search says whether more results follow, and gives them from an offset', async () => {
    const { pos } = till.t;
    const first = await pos.call('catalog.search', { query: '薯片', limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.hasMore).toBe(true);
    const next = await pos.call('catalog.search', { query: '薯片', limit: 1, offset: 1 });
    expect(next.items[0]!.id).not.toBe(first.items[0]!.id);
    expect(next.hasMore).toBe(false);
  });
});
