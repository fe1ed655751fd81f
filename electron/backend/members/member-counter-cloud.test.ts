// 办卡 / 记录 / 退款 at the counter: the real POS backend (real SQLite files, signed HTTP) against the real
// cloud (Fastify on PGlite, seeded demo, real ledger), with a switchable proxy to drop the network. A card
// issued at the counter is usable there at once (found by card and phone, topped up, paid with); its
// history lists every movement newest first with the balance after it; a stored-value payment is refunded
// onto the card in part, never past what it took; retries with the same clientId never make a second card
// or a second refund; bad input and a cashier without member.manage are refused with typed errors.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudDb } from '../../../cloud/db/types';
import { checkLedgerInvariants } from '../../../cloud/ledger';
import { memberBalance } from '../../../cloud/members/ledger';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { ROLE_TEMPLATES } from '../../../shared/permissions';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { memberDiscountFen } from '../../../shared/api/contract';
import { verifyAuditChain } from '../audit/chain';
import { openTillAt, type tempDir, type TestPos } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';

describe('members at the counter (办卡 / 记录 / 退款): POS backend against the real cloud', () => {
  let db: CloudDb;
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let memberId: string;
  let spendId: string;
  const snack = demoCatalog().products.find(
    (p) => p.kind === 'physical' && p.active && p.price >= 300 && p.price <= 1_000,
  )!;
  const paid = snack.price * 2 - memberDiscountFen(snack.price * 2, 9_500);
  const cloudMembers = async (cardNo: string) =>
    (
      await db.query<{ id: string }>('SELECT id FROM members WHERE outlet_id = $1 AND card_no = $2', [
        DEMO.outletId,
        cardNo,
      ])
    ).rows;

  beforeAll(async () => {
    cloud = await startCloud({ port: 0, fulfilmentTickMs: 0 });
    db = cloud.db;
    proxy = await startToggleProxy(cloud.url);
    ({ t, dir } = await openTillAt(proxy.url, { deviceName: '网吧前台', login: DEMO.master }));
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('办卡: the new card is found at once by card and phone; a retry is the same card; a card number in use is CONFLICT', async () => {
    const clientId = uuidv7();
    const input = { cardNo: 'NB7001', name: '王五', phone: '13600001111', level: '银卡', discountBps: 9_500, clientId };
    const made = await t.pos.call('member.create', input);
    expect(made).toMatchObject({
      result: 'ok',
      member: {
        id: clientId,
        cardNo: 'NB7001',
        name: '王五',
        phone: '13600001111',
        level: '银卡',
        discountBps: 9_500,
        balance: 0,
      },
    });
    memberId = made.member.id;
    // Usable on this counter before any pull: the snapshot has it.
    for (const query of ['NB7001', '13600001111', '1111'])
      expect(
        (await t.pos.call('member.find', { query })).members.map((m) => m.id),
        query,
      ).toEqual([memberId]);
    expect((await t.pos.call('member.get', { id: memberId })).name).toBe('王五');
    // The same clientId again (the answer was lost): the first answer again, the same card, nothing new.
    expect(await t.pos.call('member.create', input)).toMatchObject({ result: 'ok', member: { id: memberId } });
    const dup = await t.backend.call('member.create', { cardNo: 'NB7001', name: '赵六' });
    expect(!dup.ok && dup.error).toMatchObject({ code: 'CONFLICT', details: { cardNo: 'NB7001' } });
    expect(await cloudMembers('NB7001')).toEqual([{ id: memberId }]);
    // The pull the create started changes nothing the counter shows.
    await t.pos.call('catalog.sync', {});
    expect((await t.pos.call('member.find', { query: 'NB7001' })).members).toMatchObject([
      { id: memberId, name: '王五', balance: 0 },
    ]);
  });

  it('bad input is VALIDATION and makes nothing', async () => {
    for (const input of [
      { cardNo: '', name: '空卡号' },
      { cardNo: 'NB7002', name: '   ' },
      { cardNo: 'NB7002', name: '号码错', phone: '12345' },
      { cardNo: 'NB7002', name: '折扣错', discountBps: 10_001 },
      { cardNo: 'NB7002', name: '多字段', balance: 100 },
    ]) {
      const r = await t.backend.call('member.create', input as never);
      expect(!r.ok && r.error.code, JSON.stringify(input)).toBe('VALIDATION');
    }
    expect(await cloudMembers('NB7002')).toEqual([]);
    const r = await t.backend.call('member.refund', { memberId, spendId: uuidv7(), amount: 0 });
    expect(!r.ok && r.error.code).toBe('VALIDATION');
    const h = await t.backend.call('member.history', { memberId: 'not-a-uuid' });
    expect(!h.ok && h.error.code).toBe('VALIDATION');
  });

  it('top-up, a payment from the card, then 记录: newest first, kinds, amounts and the balance after each', async () => {
    expect((await t.pos.call('member.topup', { memberId, amount: 5_000, tendered: 5_000 })).member.balance).toBe(5_000);
    await t.pos.call('cart.clear', {});
    await t.pos.call('cart.add', { productId: snack.id, qty: 2 });
    const sale = await t.pos.call('sale.checkout', { payment: 'member', memberId });
    expect(sale.order.total).toBe(paid);
    await t.pos.call('sync.now', {});
    const { member, entries } = await t.pos.call('member.history', { memberId });
    expect(member.balance).toBe(5_000 - paid);
    expect(entries.map((e) => [e.kind, e.amount, e.balanceAfter, e.refundable])).toEqual([
      ['spend', -paid, 5_000 - paid, paid],
      ['topup', 5_000, 5_000, null],
    ]);
    expect(entries[0]!.ref).toBe(
      `order:${(await db.query<{ id: string }>('SELECT id FROM orders WHERE client_order_id = $1', [sale.order.id])).rows[0]!.id}`,
    );
    expect(entries[0]!.at).toBeGreaterThanOrEqual(entries[1]!.at);
    spendId = entries[0]!.id;
  });

  it('退款: part of the payment back onto the card, once per clientId, never past what it took', async () => {
    const clientId = uuidv7();
    const part = Math.floor(paid / 2);
    expect(await t.pos.call('member.refund', { memberId, spendId, amount: part, clientId })).toMatchObject({
      result: 'ok',
      member: { balance: 5_000 - paid + part },
    });
    expect(await t.pos.call('member.refund', { memberId, spendId, amount: part, clientId })).toMatchObject({
      result: 'ok', // the first answer again; nothing moves twice
      member: { balance: 5_000 - paid + part },
    });
    const over = await t.backend.call('member.refund', { memberId, spendId, amount: paid - part + 1 });
    expect(!over.ok && over.error.code).toBe('VALIDATION');
    // A top-up is not a payment: nothing to refund there.
    const { entries } = await t.pos.call('member.history', { memberId });
    const topup = entries.find((e) => e.kind === 'topup')!;
    const notSpend = await t.backend.call('member.refund', { memberId, spendId: topup.id, amount: 1 });
    expect(!notSpend.ok && notSpend.error.code).toBe('NOT_FOUND');
    expect(entries.map((e) => [e.kind, e.amount, e.balanceAfter, e.refundable])).toEqual([
      ['refund', part, 5_000 - paid + part, null],
      ['spend', -paid, 5_000 - paid, paid - part],
      ['topup', 5_000, 5_000, null],
    ]);
    expect((await memberBalance(db, memberId)).balance).toBe(5_000 - paid + part);
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it('offline: a new card is refused OFFLINE with its clientId; the retry makes exactly one card', async () => {
    proxy.setDown(true);
    let clientId: string;
    try {
      const r = await t.backend.call('member.create', { cardNo: 'NB7003', name: '断网办卡' });
      expect(!r.ok && r.error.code).toBe('OFFLINE');
      clientId = (!r.ok && (r.error.details as { clientId: string }).clientId) as string;
      expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
      const h = await t.backend.call('member.history', { memberId });
      expect(!h.ok && h.error.code).toBe('OFFLINE');
    } finally {
      proxy.setDown(false);
    }
    expect((await t.pos.call('member.create', { cardNo: 'NB7003', name: '断网办卡', clientId })).member.id).toBe(
      clientId,
    );
    expect(await t.pos.call('member.create', { cardNo: 'NB7003', name: '断网办卡', clientId })).toMatchObject({
      result: 'ok',
    });
    expect(await cloudMembers('NB7003')).toEqual([{ id: clientId }]);
  });

  it('取单 of a basket parked with a member gives the member back for the member box, balance included', async () => {
    await t.pos.call('cart.clear', {});
    await t.pos.call('cart.setMember', { memberId });
    await t.pos.call('cart.add', { productId: snack.id, qty: 1 });
    const { basket } = await t.pos.call('park.save', { seat: 'B07' });
    expect(basket.memberName).toBe('王五');
    const recalled = await t.pos.call('park.recall', { id: basket.id });
    expect(recalled.seat).toBe('B07');
    expect(recalled.cart.member?.id).toBe(memberId);
    const now = await t.pos.call('member.get', { id: memberId });
    expect(recalled.member).toEqual(now);
    expect(recalled.member).toMatchObject({ id: memberId, cardNo: 'NB7001', name: '王五' });
    await t.pos.call('cart.clear', {});
    // a basket without a member brings none back
    await t.pos.call('cart.add', { productId: snack.id, qty: 1 });
    const plain = (await t.pos.call('park.save', {})).basket;
    expect((await t.pos.call('park.recall', { id: plain.id })).member).toBeNull();
    await t.pos.call('cart.clear', {});
    for (const b of (await t.pos.call('park.list', {})).baskets)
      await t.pos.call('park.discard', { id: b.id, reason: '测试' });
  });

  it('the till audits each card it issued and each refund, once', () => {
    const sales = new Database(join(dir.dir, 'sales.db'), { readonly: true });
    try {
      const rows = sales
        .prepare("SELECT action, target FROM audit_log WHERE action IN ('member.create', 'member.refund') ORDER BY id")
        .all() as { action: string; target: string }[];
      expect(rows.map((r) => r.action)).toEqual(['member.create', 'member.refund', 'member.create']);
      expect(rows[0]!.target).toBe(memberId);
      expect(verifyAuditChain(sales).ok).toBe(true);
    } finally {
      sales.close();
    }
  });

  it('a cashier without member.manage: the router refuses before the cloud is asked', async () => {
    // a shop's cashier (the demo café's has member.manage)
    await db.query('UPDATE employees SET permissions = $1 WHERE id = $2', [
      [...ROLE_TEMPLATES.cashier],
      DEMO.cashier.id,
    ]);
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    for (const [m, input] of [
      ['member.create', { cardNo: 'NB7009', name: '收银员办卡' }],
      ['member.history', { memberId }],
      ['member.refund', { memberId, spendId, amount: 1 }],
    ] as const) {
      const r = await t.backend.call(m, input);
      expect(!r.ok && r.error.code, m).toBe('FORBIDDEN');
    }
    expect(await cloudMembers('NB7009')).toEqual([]);
  });
});
