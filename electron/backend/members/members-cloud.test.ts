// Members end to end: the real POS backend (real SQLite files, signed HTTP) against the real cloud
// (Fastify on PGlite, seeded demo, real ledger), with a switchable proxy between them to drop the network.
// A member created in the cloud reaches the counter through the change feed; a cash top-up at the counter
// lands on the member's stored value once; a stored-value sale online is limited by the live balance; a
// sale offline may go past the balance up to the member's offline allowance; the push applies it, the
// cloud records the overdraft and flags it, and no sale is ever lost or applied twice.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import type { CloudDb } from '../../../cloud/db/types';
import { checkLedgerInvariants } from '../../../cloud/ledger';
import { memberBalance } from '../../../cloud/members/ledger';
import { createMember, zNewMember } from '../../../cloud/members/store';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { ROLE_TEMPLATES } from '../../../shared/permissions';
import { demoFulfilment } from '../../../cloud/virtual/fulfilment';
import { memberDiscountFen } from '../../../shared/api/contract';
import { openTillAt, type tempDir, type TestPos } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';

const ALLOWANCE = 2_000; // ¥20.00 below zero while offline

describe('members: POS backend against the real cloud', () => {
  let db: CloudDb;
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let memberId: string;
  // A physical product priced ¥3.00 or more, sold by quantity to hit the amounts below.
  const snack = demoCatalog().products.find(
    (p) => p.kind === 'physical' && p.active && p.price >= 300 && p.price <= 1_000,
  )!;

  const cloudBalance = async () => (await memberBalance(db, memberId)).balance;
  const cloudOrder = async (clientOrderId: string) =>
    (
      await db.query<{ payload: { payments: unknown[]; discount: number; total: number } }>(
        'SELECT payload FROM orders WHERE client_order_id = $1',
        [clientOrderId],
      )
    ).rows;
  const sell = async (qty: number, extra: Record<string, unknown> = {}) => {
    await t.pos.call('cart.clear', {});
    await t.pos.call('cart.add', { productId: snack.id, qty });
    return t.backend.call('sale.checkout', { payment: 'member', memberId, ...extra });
  };
  /** what qty× the snack costs this member (their level discount applied) */
  const priceOf = (qty: number) => snack.price * qty - memberDiscountFen(snack.price * qty, 9_000);

  beforeAll(async () => {
    cloud = await startCloud({ port: 0, fulfilment: demoFulfilment({ seed: 1, latencyMs: 50 }), fulfilmentTickMs: 0 });
    db = cloud.db;
    proxy = await startToggleProxy(cloud.url);
    // The member is made in the cloud (the owner's screen there), not on the counter.
    const input = zNewMember.parse({
      cardNo: 'VIP8001',
      phone: '13912345678',
      name: '张三丰',
      level: '金卡',
      discountBps: 9_000,
      offlineAllowance: ALLOWANCE,
    });
    memberId = (await db.tx((q) => createMember(q, DEMO.outletId, input, Date.now()))).id;
    ({ t, dir } = await openTillAt(proxy.url, { deviceName: '网吧前台', login: DEMO.master }));
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('the member arrives with the feed: found by card, phone, last phone digits and name', async () => {
    for (const query of ['VIP8001', '13912345678', '5678', '张三', '张三丰']) {
      const { members } = await t.pos.call('member.find', { query });
      expect(
        members.map((m) => m.id),
        query,
      ).toEqual([memberId]);
    }
    expect(await t.pos.call('member.get', { id: memberId })).toMatchObject({
      cardNo: 'VIP8001',
      name: '张三丰',
      level: '金卡',
      discountBps: 9_000,
      balance: 0,
      offlineAllowance: ALLOWANCE,
    });
    expect((await t.pos.call('member.find', { query: 'NOBODY' })).members).toEqual([]);
  });

  it('a cash top-up lands on the stored value once, with change; a retry moves nothing', async () => {
    const clientId = uuidv7();
    const r = await t.pos.call('member.topup', { memberId, amount: 5_000, tendered: 10_000, clientId });
    expect(r).toMatchObject({
      amount: 5_000,
      tendered: 10_000,
      change: 5_000,
      member: { id: memberId, balance: 5_000 },
    });
    expect(
      (await t.pos.call('member.topup', { memberId, amount: 5_000, tendered: 5_000, clientId })).member.balance,
    ).toBe(5_000);
    expect(await cloudBalance()).toBe(5_000);
    const short = await t.backend.call('member.topup', { memberId, amount: 5_000, tendered: 4_000 });
    expect(!short.ok && short.error.code).toBe('INSUFFICIENT_TENDER');
    await t.pos.call('catalog.sync', {});
    expect((await t.pos.call('member.get', { id: memberId })).balance).toBe(5_000);
  });

  it('online: pays by stored value with the level discount; refused past the live balance, writing nothing', async () => {
    const r = await sell(3, { seat: 'A23' });
    expect(r.ok).toBe(true);
    const { order } = (
      r as {
        ok: true;
        value: {
          order: {
            id: string;
            total: number;
            discount: number;
            method: string;
            subtotal: number;
            member: { balance: number };
          };
        };
      }
    ).value;
    expect(order).toMatchObject({
      method: 'member',
      subtotal: snack.price * 3,
      total: priceOf(3),
      discount: snack.price * 3 - priceOf(3),
    });
    expect(order.member.balance).toBe(5_000 - priceOf(3));
    // Not pushed yet: the counter already counts the spend.
    expect((await t.pos.call('member.get', { id: memberId })).balance).toBe(5_000 - priceOf(3));
    // Past the live balance (no allowance online): typed, nothing written, the cart kept.
    const left = 5_000 - priceOf(3);
    const qtyOver = Math.floor(left / priceOf(1)) + 1;
    const over = await sell(qtyOver);
    expect(!over.ok && over.error.code).toBe('MEMBER_BALANCE_LOW');
    expect(!over.ok && over.error.details).toMatchObject({ mode: 'online', available: left });
    expect((await t.pos.call('cart.get', {})).itemCount).toBe(qtyOver);
    await t.pos.call('sync.now', {});
    const rows = await cloudOrder(order.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload.payments).toEqual([{ method: 'member', amount: priceOf(3), memberId }]);
    expect(rows[0]!.payload).toMatchObject({ discount: snack.price * 3 - priceOf(3), seat: 'A23' });
    expect(await cloudBalance()).toBe(left);
  });

  it('offline: sells past the balance within the allowance, refuses beyond; the push flags the overdraft, once', async () => {
    const before = await cloudBalance();
    proxy.setDown(true);
    let offlineOrder: string;
    try {
      expect((await t.pos.call('member.get', { id: memberId })).balance).toBe(before);
      // Beyond balance + allowance: refused, nothing written.
      const tooMuch = Math.floor((before + ALLOWANCE) / priceOf(1)) + 1;
      const refused = await sell(tooMuch);
      expect(!refused.ok && refused.error.code).toBe('MEMBER_BALANCE_LOW');
      expect(!refused.ok && refused.error.details).toMatchObject({ mode: 'offline', available: before + ALLOWANCE });
      // Past the balance, within the allowance: sold.
      const qty = Math.floor((before + ALLOWANCE) / priceOf(1));
      expect(priceOf(qty)).toBeGreaterThan(before);
      const r = await sell(qty);
      expect(r.ok).toBe(true);
      offlineOrder = (r as { ok: true; value: { order: { id: string } } }).value.order.id;
      expect((await t.pos.call('member.get', { id: memberId })).balance).toBe(before - priceOf(qty));
      expect((await t.pos.call('sync.status', {})).unsent).toBe(1);
      // A top-up needs the cloud.
      const topup = await t.backend.call('member.topup', { memberId, amount: 1_000, tendered: 1_000 });
      expect(!topup.ok && topup.error.code).toBe('OFFLINE');
      const spent = priceOf(qty);
      proxy.setDown(false);
      await t.pos.call('sync.now', {});
      await t.pos.call('sync.now', {}); // a second push finds nothing to send: applied once
      expect((await t.pos.call('sync.status', {})).unsent).toBe(0);
      expect(await cloudOrder(offlineOrder)).toHaveLength(1);
      expect(await cloudBalance()).toBe(before - spent);
      const od = await db.query<{ amount: string; beyond_allowance: boolean; resolved_at: string | null }>(
        'SELECT amount, beyond_allowance, resolved_at FROM member_overdrafts WHERE member_id = $1',
        [memberId],
      );
      expect(od.rows).toHaveLength(1);
      expect(od.rows[0]).toMatchObject({ beyond_allowance: false, resolved_at: null });
      expect(Number(od.rows[0]!.amount)).toBe(spent - before);
      expect(await checkLedgerInvariants(db)).toEqual([]);
      // The counter's figure agrees with the cloud once the feed is read again.
      await t.pos.call('catalog.sync', {});
      expect((await t.pos.call('member.get', { id: memberId })).balance).toBe(before - spent);
    } finally {
      proxy.setDown(false);
    }
  });

  it('a cashier without member.manage cannot attach a member', async () => {
    // a shop's cashier (the demo café's has member.manage)
    await db.query('UPDATE employees SET permissions = $1 WHERE id = $2', [
      [...ROLE_TEMPLATES.cashier],
      DEMO.cashier.id,
    ]);
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect((await t.backend.call('member.find', { query: 'VIP8001' })).ok).toBe(false);
    await t.pos.call('cart.add', { productId: snack.id, qty: 1 });
    const r = await t.backend.call('sale.checkout', { tendered: 10_000, memberId });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    // paying from a member's balance is member work too: refused for the permission before anything else
    const bad = await t.backend.call('sale.checkout', { payment: 'member' });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'member.manage' } });
  });
});
