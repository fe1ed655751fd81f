// Resolving member overdrafts and closing members (销卡), against the real cloud app on a real database:
// a write-off moves exactly what is owed from the outlet's write-off account, once per clientId, needs
// member.balance and the super password, and is audited; a top-up that repays the debt resolves it
// 'collected'; the resolved list says who, when and how. Closing refuses stored value (unless refunded in
// cash, in the same transaction) and an open debt; a closed member is gone from find and from the feed's
// snapshot, refuses spends and top-ups, keeps its history, and an offline spend found after the close still
// lands (as a debt the owner can write off). The ledger invariants are checked after every scenario.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogChange } from '../../shared/sync/protocol';
import { PATHS } from '../../shared/sync/protocol';
import { balance, checkLedgerInvariants, memberStoredValueId } from '../ledger/index';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { hashPassword } from '../auth/passwords';
import { feedAfter } from '../test-support/feed';
import { makeOrder } from '../test-support/orders';
import { createWorld, type TestWorld } from '../test-support/world';
import { memberOverdraftId, outletMemberCashId, outletMemberWriteOffId } from './ledger';

const SUPER = 'member-admin-super-1';

describe('member overdrafts and closing', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  let clerk: EmployeeClient; // member.manage without member.balance
  let clerkId: string;

  beforeAll(async () => {
    w = await createWorld();
    const hash = await hashPassword(SUPER);
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [hash, DEMO.master.id]);
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    expect((await owner.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
    clerkId = randomUUID();
    await w.db.query(
      // member top-ups count against a daily money-movement cap (cloud/members/topup-limits.ts): ¥1,000 a day
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, super_password_hash, created_at, daily_transfer_cap_fen) VALUES ($1, $2, 'ma-clerk', '前台小李', $3, '{member.manage}', $4, 0, 100000)",
      [clerkId, DEMO.outletId, await hashPassword('clerk-pass-1'), hash],
    );
    clerk = owner.fork();
    expect((await clerk.login('ma-clerk', 'clerk-pass-1')).status).toBe(200);
    expect((await clerk.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });
  afterEach(async () => {
    expect(await checkLedgerInvariants(w.db)).toEqual([]);
    expect(await outletIdentity()).toBe(0);
  });

  /** Per outlet: member-cash + write-off + Σ stored value + Σ overdraft = 0 (cloud/members/ledger.ts). */
  async function outletIdentity(): Promise<number> {
    const { rows } = await w.db.query<{ s: string }>(
      `SELECT coalesce(sum(credits_posted - debits_posted), 0)::text AS s FROM ledger_accounts
        WHERE org_id = $1 AND kind IN ('member_stored_value', 'outlet_member_cash')`,
      [DEMO.outletId],
    );
    return Number(rows[0]!.s);
  }

  let cards = 0;
  async function newMember(topUpFen = 0): Promise<string> {
    const r = await owner.call('POST', '/v1/members', {
      cardNo: `MA${(cards += 1)}`,
      phone: `1390000${String(1000 + cards)}`,
      name: `会员${cards}`,
      offlineAllowance: 5_000,
    });
    expect(r.status).toBe(200);
    const id = r.body.member.id as string;
    if (topUpFen > 0)
      expect(
        (await owner.call('POST', `/v1/members/${id}/topups`, { clientId: randomUUID(), amountFen: topUpFen })).body
          .result,
      ).toBe('ok');
    return id;
  }

  /** An offline member payment of `amountFen` pushed at sync (the till's sale; cash covers the rest of the basket). */
  async function offlineSpend(memberId: string, amountFen: number): Promise<void> {
    const order = makeOrder({}, 1);
    const total = order.total as number;
    const productId = (order.lines as { productId: string }[])[0]!.productId;
    const lines = [
      ...(order.lines as object[]),
      { lineNo: 2, productId, sku: 'x', name: '网费', qty: 1, unitPrice: amountFen, lineTotal: amountFen },
    ];
    const o = {
      ...order,
      lines,
      subtotal: total + amountFen,
      total: total + amountFen,
      payments: [
        { method: 'cash', amount: total },
        { method: 'member', amount: amountFen, memberId },
      ],
    };
    expect((await owner.call('POST', PATHS.ordersBatch, { orders: [o] })).body.results[0].status).toBe('accepted');
  }

  const member = async (id: string) => (await owner.call('GET', `/v1/members/${id}`)).body.member;
  const overdrafts = async (status: string) =>
    (await owner.call('GET', `/v1/members/overdrafts?status=${status}`)).body.overdrafts as {
      memberId: string;
      amountFen: number;
      resolution: string | null;
      resolvedAt: number | null;
      resolvedBy: { id: string; name: string } | null;
      resolvedTransferId: string | null;
    }[];

  it('writes off exactly the debt: member back to zero, the loss on the outlet write-off account, once per clientId', async () => {
    const id = await newMember(1_000);
    await offlineSpend(id, 3_500); // ¥10 covered, ¥25 owed
    expect(await member(id)).toMatchObject({ balance: -2_500, owed: 2_500, storedValue: 0 });
    const cashBefore = (await balance(w.db, outletMemberCashId(DEMO.outletId))).posted;

    const body = { clientId: randomUUID(), amountFen: 2_500, reason: '老顾客，免了' };
    // second factor and permission first
    expect((await owner.call('POST', `/v1/members/${id}/write-off`, body)).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    const denied = await clerk.call('POST', `/v1/members/${id}/write-off`, body, { superPassword: SUPER });
    expect(denied.status).toBe(403);
    expect(denied.body.error.details.permission).toBe('member.balance');
    // the amount the owner confirmed must be what is owed now
    const wrong = await owner.call(
      'POST',
      `/v1/members/${id}/write-off`,
      { ...body, clientId: randomUUID(), amountFen: 2_400 },
      { superPassword: SUPER },
    );
    expect(wrong.body.error).toMatchObject({ code: 'CONFLICT', details: { owedFen: 2_500 } });

    const r = await owner.call('POST', `/v1/members/${id}/write-off`, body, { superPassword: SUPER });
    expect(r.body).toMatchObject({ result: 'ok', member: { balance: 0, owed: 0, storedValue: 0 } });
    expect((await balance(w.db, memberOverdraftId(id))).posted).toBe(0);
    expect((await balance(w.db, outletMemberWriteOffId(DEMO.outletId))).posted).toBe(-2_500);
    // the member-cash account did not move: the write-off is its own account
    expect((await balance(w.db, outletMemberCashId(DEMO.outletId))).posted).toBe(cashBefore);

    // retry: nothing moves; the same id with another amount is a conflict; a new id finds nothing owed
    // (the same till gets its first answer again: http/answers.ts)
    expect((await owner.call('POST', `/v1/members/${id}/write-off`, body, { superPassword: SUPER })).body).toEqual(
      r.body,
    );
    expect((await balance(w.db, outletMemberWriteOffId(DEMO.outletId))).posted).toBe(-2_500);
    expect(
      (await owner.call('POST', `/v1/members/${id}/write-off`, { ...body, amountFen: 100 }, { superPassword: SUPER }))
        .body.error.code,
    ).toBe('CONFLICT');
    expect(
      (
        await owner.call(
          'POST',
          `/v1/members/${id}/write-off`,
          { ...body, clientId: randomUUID() },
          { superPassword: SUPER },
        )
      ).body.error,
    ).toMatchObject({ code: 'CONFLICT', details: { owedFen: 0 } });
    expect((await balance(w.db, outletMemberWriteOffId(DEMO.outletId))).posted).toBe(-2_500);

    const resolved = (await overdrafts('resolved')).filter((o) => o.memberId === id);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({
      amountFen: 2_500,
      resolution: 'written_off',
      resolvedAt: w.clock.now,
      resolvedBy: { id: DEMO.master.id },
      resolvedTransferId: body.clientId,
    });
    expect((await overdrafts('open')).some((o) => o.memberId === id)).toBe(false);
    const audit = await w.db.query<{ target: string }>(
      "SELECT target FROM audit_log WHERE action = 'member.overdraft_writeoff' AND outcome = 'ok'",
    );
    expect(audit.rows.map((a) => a.target)).toEqual([id]);
  });

  it('collecting: a top-up that repays the whole debt resolves it "collected" by whoever took the cash', async () => {
    const id = await newMember();
    await offlineSpend(id, 1_800);
    expect((await overdrafts('open')).filter((o) => o.memberId === id)).toHaveLength(1);
    // a partial top-up repays part; the overdraft stays open
    await clerk.call('POST', `/v1/members/${id}/topups`, { clientId: randomUUID(), amountFen: 800 });
    expect(await member(id)).toMatchObject({ owed: 1_000, balance: -1_000 });
    expect((await overdrafts('open')).filter((o) => o.memberId === id)).toHaveLength(1);
    const topup = randomUUID();
    expect(
      (await clerk.call('POST', `/v1/members/${id}/topups`, { clientId: topup, amountFen: 3_000 })).body.member,
    ).toMatchObject({ owed: 0, balance: 2_000 });
    const all = (await overdrafts('all')).filter((o) => o.memberId === id);
    expect(all).toEqual([
      expect.objectContaining({
        resolution: 'collected',
        resolvedBy: { id: clerkId, name: '前台小李' },
        resolvedTransferId: topup,
      }),
    ]);
  });

  it('closing: refused with stored value unless refunded in cash; the refund and the close commit together', async () => {
    const id = await newMember(4_200);
    const clientId = randomUUID();
    expect((await clerk.call('POST', `/v1/members/${id}/close`, { clientId })).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    const refused = await clerk.call('POST', `/v1/members/${id}/close`, { clientId }, { superPassword: SUPER });
    expect(refused.body.error).toMatchObject({ code: 'MEMBER_HAS_BALANCE', details: { storedValueFen: 4_200 } });
    // a stale figure is refused, nothing moves
    expect(
      (
        await clerk.call(
          'POST',
          `/v1/members/${id}/close`,
          { clientId, refundCashFen: 4_000 },
          { superPassword: SUPER },
        )
      ).body.error,
    ).toMatchObject({ code: 'CONFLICT', details: { storedValueFen: 4_200 } });
    expect(await member(id)).toMatchObject({ balance: 4_200, closedAt: null });

    const cashBefore = (await balance(w.db, outletMemberCashId(DEMO.outletId))).posted;
    const ok = await clerk.call(
      'POST',
      `/v1/members/${id}/close`,
      { clientId, refundCashFen: 4_200, reason: '退卡' },
      { superPassword: SUPER },
    );
    expect(ok.body).toMatchObject({
      result: 'ok',
      refundedFen: 4_200,
      member: { balance: 0, storedValue: 0, closedAt: w.clock.now },
    });
    expect((await balance(w.db, memberStoredValueId(id))).posted).toBe(0);
    expect((await balance(w.db, outletMemberCashId(DEMO.outletId))).posted).toBe(cashBefore + 4_200);
    // idempotent on clientId; another close of a closed card is MEMBER_CLOSED
    expect(
      (
        await clerk.call(
          'POST',
          `/v1/members/${id}/close`,
          { clientId, refundCashFen: 4_200 },
          { superPassword: SUPER },
        )
      ).body,
    ).toMatchObject({ result: 'exists', refundedFen: 4_200 });
    expect(
      (await clerk.call('POST', `/v1/members/${id}/close`, { clientId: randomUUID() }, { superPassword: SUPER })).body
        .error.code,
    ).toBe('MEMBER_CLOSED');
    const audit = await w.db.query<{ target: string }>(
      "SELECT target FROM audit_log WHERE action = 'member.close' AND outcome = 'ok'",
    );
    expect(audit.rows.map((a) => a.target)).toEqual([id]);
    // history is kept: the top-up and the refund
    const h = (await owner.call('GET', `/v1/members/${id}/history`)).body.entries.map(
      (e: { code: string; amount: number }) => [e.code, e.amount],
    );
    expect(h).toEqual(
      expect.arrayContaining([
        ['member_topup', 4_200],
        ['member_close_refund', -4_200],
      ]),
    );
  });

  it('closing is refused while an overdraft is open, and allowed once it is written off', async () => {
    const id = await newMember();
    await offlineSpend(id, 700);
    const r = await owner.call('POST', `/v1/members/${id}/close`, { clientId: randomUUID() }, { superPassword: SUPER });
    expect(r.body.error).toMatchObject({ code: 'MEMBER_OVERDRAFT_OPEN', details: { owedFen: 700 } });
    expect(
      (
        await owner.call(
          'POST',
          `/v1/members/${id}/write-off`,
          { clientId: randomUUID(), amountFen: 700, reason: '核销' },
          { superPassword: SUPER },
        )
      ).body.result,
    ).toBe('ok');
    expect(
      (await owner.call('POST', `/v1/members/${id}/close`, { clientId: randomUUID() }, { superPassword: SUPER })).body,
    ).toMatchObject({ result: 'ok', refundedFen: 0 });
  });

  it('a closed member: not found at the counter, gone from the feed snapshot, no spend or top-up; a late offline spend becomes a debt to write off', async () => {
    const cursor = 0;
    const id = await newMember(500);
    const card = (await member(id)).cardNo as string;
    expect(
      (
        await owner.call(
          'POST',
          `/v1/members/${id}/close`,
          { clientId: randomUUID(), refundCashFen: 500 },
          { superPassword: SUPER },
        )
      ).body.result,
    ).toBe('ok');

    expect((await owner.call('GET', `/v1/members?q=${card}`)).body.members).toEqual([]);
    expect(
      (await owner.call('GET', `/v1/members?q=${card}&closed=1`)).body.members.map(
        (m: { id: string; closedAt: number }) => [m.id, m.closedAt],
      ),
    ).toEqual([[id, w.clock.now]]);
    for (const [path, body] of [
      ['topups', { clientId: randomUUID(), amountFen: 100 }],
      ['spends', { clientId: randomUUID(), amountFen: 100 }],
    ] as const) {
      const r = await owner.call('POST', `/v1/members/${id}/${path}`, body);
      expect(r.status, path).toBe(409);
      expect(r.body.error.code, path).toBe('MEMBER_CLOSED');
    }
    expect(
      (
        await owner.call(
          'POST',
          `/v1/members/${id}/corrections`,
          { clientId: randomUUID(), deltaFen: 100, reason: '补' },
          { superPassword: SUPER },
        )
      ).body.error.code,
    ).toBe('MEMBER_CLOSED');
    expect((await owner.call('PUT', `/v1/members/${id}`, { name: '改名' })).body.error.code).toBe('MEMBER_CLOSED');

    // The feed replayed the way a till applies it: the member is gone from the snapshot.
    const snapshot = new Map<string, CatalogChange>();
    for (const c of await feedAfter(owner, cursor)) {
      if (c.entity !== 'member') continue;
      if (c.op === 'delete') snapshot.delete(c.id);
      else snapshot.set(c.data.id, c);
    }
    expect(snapshot.has(id)).toBe(false);
    expect(snapshot.size).toBeGreaterThan(0); // the other (open) members are still there

    // A till that did not know yet sold to the card offline: the sale lands, as a debt, and the card stays out of the feed.
    const seqBefore = Number(
      (await w.db.query<{ s: string }>('SELECT max(seq)::text AS s FROM catalog_changes')).rows[0]!.s,
    );
    await offlineSpend(id, 300);
    expect(await member(id)).toMatchObject({ owed: 300, closedAt: w.clock.now });
    expect(
      (await feedAfter(owner, seqBefore)).some((c) => c.entity === 'member' && c.op === 'upsert' && c.data.id === id),
    ).toBe(false);
    const open = (await overdrafts('open')).filter((o) => o.memberId === id);
    expect(open).toEqual([expect.objectContaining({ amountFen: 300, memberClosed: true })]);
    expect(
      (
        await owner.call(
          'POST',
          `/v1/members/${id}/write-off`,
          { clientId: randomUUID(), amountFen: 300, reason: '已销卡' },
          { superPassword: SUPER },
        )
      ).body.member,
    ).toMatchObject({ owed: 0, balance: 0 });

    // The card number can be issued again to a new member.
    const again = await owner.call('POST', '/v1/members', { cardNo: card, name: '新会员' });
    expect(again.status).toBe(200);
    expect((await owner.call('GET', `/v1/members?q=${card}`)).body.members.map((m: { id: string }) => m.id)).toEqual([
      again.body.member.id,
    ]);
  });
});
