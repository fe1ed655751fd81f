// Members (internet cafés) against the real cloud app: stored value on the ledger (top-up / spend / refund /
// correction with the super password), offline member payments in the order push that overdraw (recorded,
// flagged, never refusing the sale, applied once), repaid by the next top-up, and members in the feed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, zCatalogChangesResponse } from '../../shared/sync/protocol';
import { balance, checkLedgerInvariants, memberStoredValueId } from '../ledger/index';
import { DEMO } from '../seed/demo';
import { ROLE_TEMPLATES } from '../../shared/permissions';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { hashPassword } from '../auth/passwords';
import { makeOrder } from '../test-support/orders';
import { createWorld, type TestWorld } from '../test-support/world';
import { memberOverdraftId, outletMemberCashId } from './ledger';

const SUPER = 'member-super-1';

describe('members', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  let cashier: EmployeeClient;
  let memberId: string;

  beforeAll(async () => {
    w = await createWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.master.id,
    ]);
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    // First use from this address: the super password confirms it once (cloud/security/session-auth.ts).
    expect((await owner.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
    cashier = owner.fork();
    expect((await cashier.login(DEMO.cashier.username, DEMO.cashier.password)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  /** Per outlet: member-cash + Σ stored value + Σ overdraft = 0 (the double entry of cloud/members/ledger.ts). */
  async function outletIdentity(): Promise<number> {
    const { rows } = await w.db.query<{ s: string }>(
      `SELECT coalesce(sum(credits_posted - debits_posted), 0)::text AS s FROM ledger_accounts
        WHERE org_id = $1 AND kind IN ('member_stored_value', 'outlet_member_cash')`,
      [DEMO.outletId],
    );
    return Number(rows[0]!.s);
  }

  it('creates a member and finds it by card, phone and name; a cashier without member.manage is refused', async () => {
    const r = await owner.call('POST', '/v1/members', {
      cardNo: 'VIP0001',
      phone: '13800138000',
      name: '张三',
      level: 'gold',
      discountBps: 9500,
      offlineAllowance: 2000,
    });
    expect(r.status).toBe(200);
    memberId = r.body.member.id;
    expect(r.body.member).toMatchObject({ cardNo: 'VIP0001', balance: 0, discountBps: 9500, offlineAllowance: 2000 });
    expect((await owner.call('POST', '/v1/members', { cardNo: 'VIP0001', name: '重复' })).body.error.code).toBe(
      'CONFLICT',
    );
    for (const q of ['VIP0001', '13800138000', '张'])
      expect(
        (await owner.call('GET', `/v1/members?q=${encodeURIComponent(q)}`)).body.members.map(
          (m: { id: string }) => m.id,
        ),
      ).toEqual([memberId]);
    // A clientId makes the create retryable: the same till repeating it gets its first answer again (a lost
    // answer must not cost anything: http/answers.ts), another till 'exists'; the id reused for another card is CONFLICT.
    const clientId = randomUUID();
    const made = await owner.call('POST', '/v1/members', { clientId, cardNo: 'VIP0002', name: '李四' });
    expect(made.body).toMatchObject({ result: 'ok', member: { id: clientId, cardNo: 'VIP0002' } });
    expect((await owner.call('POST', '/v1/members', { clientId, cardNo: 'VIP0002', name: '李四' })).body).toEqual(
      made.body,
    );
    expect(
      (await owner.call('POST', '/v1/members', { clientId, cardNo: 'VIP0002', name: '李四', phone: '13800000002' }))
        .body,
    ).toMatchObject({ result: 'exists', member: { id: clientId } });
    expect(
      (await owner.call('POST', '/v1/members', { clientId, cardNo: 'VIP0003', name: '王五' })).body.error.code,
    ).toBe('CONFLICT');
    // a shop's cashier (the demo café's has member.manage)
    await w.db.query('UPDATE employees SET permissions = $1 WHERE id = $2', [
      [...ROLE_TEMPLATES.cashier],
      DEMO.cashier.id,
    ]);
    const denied = await cashier.call('POST', '/v1/members', { cardNo: 'X1', name: '某' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.details.permission).toBe('member.manage');
  });

  it('top-up, spend, refund: idempotent, refused past zero, refunds capped by the spend', async () => {
    const topup = randomUUID();
    expect(
      (await owner.call('POST', `/v1/members/${memberId}/topups`, { clientId: topup, amountFen: 10_000 })).body,
    ).toMatchObject({ result: 'ok', member: { balance: 10_000 } });
    expect(
      (await owner.call('POST', `/v1/members/${memberId}/topups`, { clientId: topup, amountFen: 10_000 })).body,
    ).toMatchObject({ result: 'ok', member: { balance: 10_000 } }); // the first answer again; nothing moved twice
    const spendId = randomUUID();
    expect(
      (
        await owner.call('POST', `/v1/members/${memberId}/spends`, {
          clientId: spendId,
          amountFen: 3_000,
          memo: '上网 3 小时',
        })
      ).body.member.balance,
    ).toBe(7_000);
    const over = await owner.call('POST', `/v1/members/${memberId}/spends`, {
      clientId: randomUUID(),
      amountFen: 7_001,
    });
    expect(over.body.error.code).toBe('INSUFFICIENT_FUNDS');
    expect(
      (
        await owner.call('POST', `/v1/members/${memberId}/refunds`, {
          clientId: randomUUID(),
          spendId,
          amountFen: 1_000,
        })
      ).body.member.balance,
    ).toBe(8_000);
    expect(
      (
        await owner.call('POST', `/v1/members/${memberId}/refunds`, {
          clientId: randomUUID(),
          spendId,
          amountFen: 2_001,
        })
      ).body.error.code,
    ).toBe('VALIDATION');
    expect(
      (await owner.call('POST', `/v1/members/${memberId}/spends`, { clientId: randomUUID(), amountFen: -5 })).body.error
        .code,
    ).toBe('VALIDATION');
    const h = await owner.call('GET', `/v1/members/${memberId}/history`);
    expect(h.body.entries.map((e: { code: string; amount: number }) => [e.code, e.amount]).sort()).toEqual(
      [
        ['member_refund', 1_000],
        ['member_spend', -3_000],
        ['member_topup', 10_000],
      ].sort(),
    );
    expect(h.body.member).toMatchObject({ id: memberId, balance: 8_000 }); // read with the entries, in one transaction
    // The outlet's prepaid account never moved; the member-cash account mirrors the stored value.
    expect((await balance(w.db, outletMemberCashId(DEMO.outletId))).posted).toBe(-8_000);
    expect(await outletIdentity()).toBe(0);
  });

  it('a balance correction needs member.balance and the super password', async () => {
    const body = { clientId: randomUUID(), deltaFen: -500, reason: '误充' };
    expect((await owner.call('POST', `/v1/members/${memberId}/corrections`, body)).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    expect(
      (await owner.call('POST', `/v1/members/${memberId}/corrections`, body, { superPassword: 'wrong-one' })).body.error
        .code,
    ).toBe('SUPER_PASSWORD_INVALID');
    expect(
      (await owner.call('POST', `/v1/members/${memberId}/corrections`, body, { superPassword: SUPER })).body.member
        .balance,
    ).toBe(7_500);
    const { rows } = await w.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'member.balance_correction' AND outcome = 'ok'",
    );
    expect(rows.length).toBe(1);
  });

  it('an offline member payment past the balance is accepted at sync, recorded as an overdraft, applied once, and repaid by the next top-up', async () => {
    const order = makeOrder({}, 1);
    const total = order.total as number;
    const memberPaid = 7_500 + 1_200; // the member's whole balance and ¥12 beyond it (allowance ¥20)
    const cashPart = total; // the rest of the basket in cash keeps the order's arithmetic honest
    const lines = [
      ...(order.lines as object[]),
      {
        lineNo: 2,
        productId: (order.lines as { productId: string }[])[0]!.productId,
        sku: 'x',
        name: '网费',
        qty: 1,
        unitPrice: memberPaid,
        lineTotal: memberPaid,
      },
    ];
    const o = {
      ...order,
      lines,
      subtotal: total + memberPaid,
      total: total + memberPaid,
      payments: [
        { method: 'cash', amount: cashPart },
        { method: 'member', amount: memberPaid, memberId },
      ],
    };
    const r = await owner.call('POST', PATHS.ordersBatch, { orders: [o] });
    expect(r.body.results[0].status).toBe('accepted');
    const again = await owner.call('POST', PATHS.ordersBatch, { orders: [o] });
    expect(again.body.results[0].status).toBe('duplicate');
    const m = (await owner.call('GET', `/v1/members/${memberId}`)).body.member;
    expect(m).toMatchObject({ balance: -1_200, storedValue: 0, owed: 1_200 });
    const od = (await owner.call('GET', '/v1/members/overdrafts')).body.overdrafts;
    expect(od).toHaveLength(1);
    expect(od[0]).toMatchObject({
      memberId,
      amountFen: 1_200,
      beyondAllowance: false,
      orderId: r.body.results[0].serverOrderId,
      resolvedAt: null,
    });

    // Past the allowance: still accepted (the sale happened), flagged beyond_allowance.
    const big = makeOrder({}, 1);
    const line = (big.lines as { unitPrice: number; qty: number; lineTotal: number }[])[0]!;
    line.unitPrice = 5_000;
    line.lineTotal = 5_000 * line.qty;
    const bigOrder = {
      ...big,
      subtotal: line.lineTotal,
      total: line.lineTotal,
      payments: [{ method: 'member', amount: line.lineTotal, memberId }],
    };
    expect((await owner.call('POST', PATHS.ordersBatch, { orders: [bigOrder] })).body.results[0].status).toBe(
      'accepted',
    );
    const od2 = (await owner.call('GET', '/v1/members/overdrafts')).body.overdrafts;
    expect(od2).toHaveLength(2);
    expect(od2.some((x: { beyondAllowance: boolean }) => x.beyondAllowance)).toBe(true);
    const owed = 1_200 + line.lineTotal;

    // Unknown member and a member payment without memberId: rejected as bad input, nothing stored.
    const stranger = makeOrder();
    const bad = await owner.call('POST', PATHS.ordersBatch, {
      orders: [
        { ...stranger, payments: [{ method: 'member', amount: stranger.total, memberId: randomUUID() }] },
        { ...makeOrder(), payments: [{ method: 'member', amount: 1 }] },
      ],
    });
    expect(bad.body.results.map((x: { status: string }) => x.status)).toEqual(['rejected', 'rejected']);
    expect(bad.body.results[0].error.code).toBe('NOT_FOUND');
    // A plain cash order is as valid as before.
    expect((await owner.call('POST', PATHS.ordersBatch, { orders: [makeOrder()] })).body.results[0].status).toBe(
      'accepted',
    );

    const top = await owner.call('POST', `/v1/members/${memberId}/topups`, {
      clientId: randomUUID(),
      amountFen: owed + 5_000,
    });
    expect(top.body.member).toMatchObject({ balance: 5_000, owed: 0 });
    expect((await owner.call('GET', '/v1/members/overdrafts')).body.overdrafts).toHaveLength(0);
    expect(
      (await owner.call('GET', '/v1/members/overdrafts?open=0')).body.overdrafts.every(
        (x: { resolution: string }) => x.resolution === 'collected',
      ),
    ).toBe(true);
    expect((await balance(w.db, memberOverdraftId(memberId))).posted).toBe(0);
    expect((await balance(w.db, memberStoredValueId(memberId))).posted).toBe(5_000);
    expect(await outletIdentity()).toBe(0);
    expect(await checkLedgerInvariants(w.db)).toEqual([]);
  });

  it('members travel to the POS in the change feed with a balance snapshot', async () => {
    const all = [];
    for (let cursor = 0, more = true; more;) {
      const page = zCatalogChangesResponse.parse(
        (await owner.call('GET', `${PATHS.catalogChanges}?cursor=${cursor}&limit=5000`)).body,
      );
      all.push(...page.changes);
      cursor = page.nextCursor;
      more = page.hasMore;
    }
    const snaps = all.filter((c) => c.entity === 'member' && c.op === 'upsert' && c.data.id === memberId);
    expect(snaps.length).toBeGreaterThan(5);
    const last = snaps[snaps.length - 1]!;
    expect(last.entity === 'member' && last.op === 'upsert' && last.data).toMatchObject({
      cardNo: 'VIP0001',
      balance: 5_000,
      discountBps: 9500,
      offlineAllowance: 2000,
    });
  });
});
