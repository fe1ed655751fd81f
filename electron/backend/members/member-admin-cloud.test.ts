// The back office's member administration through the real POS backend (real SQLite files, signed HTTP)
// against the real cloud (Fastify on PGlite, seeded demo, real ledger), with a switchable proxy between them:
// an offline member sale past the balance becomes an overdraft at sync, the owner lists it and writes it off
// with the super password (once, for exactly the debt); a member with stored value is closed with a cash
// refund that leaves this till's drawer as a pay-out, once; the closed card leaves the counter's snapshot.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudDb } from '../../../cloud/db/types';
import { checkLedgerInvariants } from '../../../cloud/ledger';
import { closeMember } from '../../../cloud/members/close';
import { lockMember, memberBalance } from '../../../cloud/members/ledger';
import { createMember, zNewMember } from '../../../cloud/members/store';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { ROLE_TEMPLATES } from '../../../shared/permissions';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { verifyAuditChain } from '../audit/chain';
import { openPos, tempDir, type TestPos } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';

const SUPER = '会员超级密码-1';

describe('member administration: POS backend against the real cloud', () => {
  let db: CloudDb;
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let debtor: string;
  let holder: string;
  const snack = demoCatalog().products.find(
    (p) => p.kind === 'physical' && p.active && p.price >= 300 && p.price <= 1_000,
  )!;
  const fail = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as { code: string; details?: Record<string, unknown> };
    }
    throw new Error('expected a refusal');
  };

  beforeAll(async () => {
    cloud = await startCloud({ port: 0, fulfilmentTickMs: 0 });
    db = cloud.db;
    proxy = await startToggleProxy(cloud.url);
    const make = (cardNo: string, name: string) =>
      db.tx((q) =>
        createMember(q, DEMO.outletId, zNewMember.parse({ cardNo, name, offlineAllowance: 3_000 }), Date.now()),
      );
    debtor = (await make('VIP9001', '欠款会员')).id;
    holder = (await make('VIP9002', '退卡会员')).id;
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
    await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '网吧前台',
    });
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    await t.pos.call('owner.setSuperPassword', { password: DEMO.master.password, superPassword: SUPER });
    await t.pos.call('catalog.sync', {});
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('an offline overdraft is listed, written off once for exactly the debt, and then listed as resolved', async () => {
    // Offline, the member pays past a zero balance within the allowance: the sale stands.
    const qty = Math.floor(3_000 / snack.price);
    proxy.setDown(true);
    try {
      await t.pos.call('cart.clear', {});
      await t.pos.call('cart.add', { productId: snack.id, qty });
      expect((await t.backend.call('sale.checkout', { payment: 'member', memberId: debtor })).ok).toBe(true);
    } finally {
      proxy.setDown(false);
    }
    await t.pos.call('sync.now', {});
    const owed = snack.price * qty;
    expect((await memberBalance(db, debtor)).owed).toBe(owed);

    const open = (await t.pos.call('memberAdmin.overdrafts', {})).overdrafts;
    expect(open).toEqual([
      expect.objectContaining({
        memberId: debtor,
        cardNo: 'VIP9001',
        amountFen: owed,
        resolution: null,
        resolvedBy: null,
      }),
    ]);

    const clientId = uuidv7();
    // the super password is checked by the cloud; a figure other than the debt is refused with the debt
    expect(
      (
        await fail(
          t.pos.call('memberAdmin.writeOff', {
            memberId: debtor,
            clientId,
            amountFen: owed,
            reason: '核销',
            superPassword: 'wrong-one',
          }),
        )
      ).code,
    ).toBe('SUPER_PASSWORD_INVALID');
    const stale = await fail(
      t.pos.call('memberAdmin.writeOff', {
        memberId: debtor,
        clientId,
        amountFen: owed - 1,
        reason: '核销',
        superPassword: SUPER,
      }),
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { owedFen: owed } });
    const r = await t.pos.call('memberAdmin.writeOff', {
      memberId: debtor,
      clientId,
      amountFen: owed,
      reason: '核销',
      superPassword: SUPER,
    });
    expect(r).toMatchObject({ result: 'ok', member: { id: debtor, owed: 0, balance: 0, closedAt: null } });
    expect(
      (
        await t.pos.call('memberAdmin.writeOff', {
          memberId: debtor,
          clientId,
          amountFen: owed,
          reason: '核销',
          superPassword: SUPER,
        })
      ).result,
    ).toBe('exists');
    expect((await memberBalance(db, debtor)).owed).toBe(0);

    expect((await t.pos.call('memberAdmin.overdrafts', { status: 'open' })).overdrafts).toEqual([]);
    const resolved = (await t.pos.call('memberAdmin.overdrafts', { status: 'resolved' })).overdrafts;
    expect(resolved).toEqual([
      expect.objectContaining({
        memberId: debtor,
        resolution: 'written_off',
        resolvedBy: { id: DEMO.master.id, name: expect.any(String) },
      }),
    ]);
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it('closing with stored value: refused without the refund; with it, the cash leaves the drawer once and the card leaves the counter', async () => {
    await t.pos.call('member.topup', { memberId: holder, amount: 5_000, tendered: 5_000, clientId: uuidv7() });
    const drawerBefore = (await t.pos.call('shift.current', {})).shift!;
    const found = (await t.pos.call('memberAdmin.search', { query: 'VIP9002' })).members;
    expect(found).toEqual([expect.objectContaining({ id: holder, storedValue: 5_000, owed: 0, closedAt: null })]);

    const clientId = uuidv7();
    const refused = await fail(t.pos.call('memberAdmin.close', { memberId: holder, clientId, superPassword: SUPER }));
    expect(refused).toMatchObject({ code: 'MEMBER_HAS_BALANCE', details: { storedValueFen: 5_000 } });
    const r = await t.pos.call('memberAdmin.close', {
      memberId: holder,
      clientId,
      refundCashFen: 5_000,
      reason: '退卡',
      superPassword: SUPER,
    });
    expect(r).toMatchObject({ result: 'ok', refundedFen: 5_000, member: { id: holder, storedValue: 0 } });
    expect(r.member.closedAt).not.toBeNull();
    // a retry (the answer was lost) moves nothing, in the cloud or in the drawer
    expect(
      (
        await t.pos.call('memberAdmin.close', {
          memberId: holder,
          clientId,
          refundCashFen: 5_000,
          superPassword: SUPER,
        })
      ).result,
    ).toBe('exists');
    const drawer = (await t.pos.call('shift.current', {})).shift!;
    expect(drawer.cashByKind.pay_out - drawerBefore.cashByKind.pay_out).toBe(-5_000);
    expect(drawer.expectedCash - drawerBefore.expectedCash).toBe(-5_000);

    // gone from the counter: not found, cannot be topped up; still found in the back office when asked
    await t.pos.call('catalog.sync', {});
    expect((await t.pos.call('member.find', { query: 'VIP9002' })).members).toEqual([]);
    expect((await fail(t.pos.call('member.topup', { memberId: holder, amount: 100, tendered: 100 }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await t.pos.call('memberAdmin.search', { query: 'VIP9002' })).members).toEqual([]);
    expect(
      (await t.pos.call('memberAdmin.search', { query: 'VIP9002', includeClosed: true })).members.map((m) => m.id),
    ).toEqual([holder]);
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it('a till that has not pulled the close yet: a top-up is refused MEMBER_CLOSED by the cloud; the next pull drops the card', async () => {
    const other = (
      await db.tx((q) =>
        createMember(q, DEMO.outletId, zNewMember.parse({ cardNo: 'VIP9003', name: '别的前台销卡' }), Date.now()),
      )
    ).id;
    await t.pos.call('catalog.sync', {});
    expect((await t.pos.call('member.find', { query: 'VIP9003' })).members.map((m) => m.id)).toEqual([other]);
    // closed at another till (straight in the cloud here): this counter still has the card
    await db.tx(async (q) =>
      closeMember(q, await lockMember(q, DEMO.outletId, other), { clientId: uuidv7() }, DEMO.master.id, Date.now()),
    );
    const refused = await fail(t.pos.call('member.topup', { memberId: other, amount: 1_000, tendered: 1_000 }));
    expect(refused.code).toBe('MEMBER_CLOSED');
    expect((await memberBalance(db, other)).storedValue).toBe(0);
    await t.pos.call('catalog.sync', {});
    expect((await t.pos.call('member.find', { query: 'VIP9003' })).members).toEqual([]);
  });

  it("the till's audit chain has the write-off and the close done from it, once each, and still verifies", async () => {
    const sales = new Database(join(dir.dir, 'sales.db'), { readonly: true });
    try {
      const rows = sales
        .prepare(
          "SELECT action, target FROM audit_log WHERE action IN ('member.overdraft_writeoff', 'member.close') ORDER BY id",
        )
        .all();
      expect(rows).toEqual([
        { action: 'member.overdraft_writeoff', target: debtor },
        { action: 'member.close', target: holder },
      ]);
      expect(verifyAuditChain(sales).ok).toBe(true);
    } finally {
      sales.close();
    }
  });

  it('a cashier has none of it: the router refuses before the cloud is asked', async () => {
    // a shop's cashier (the demo café's has member.manage)
    await db.query('UPDATE employees SET permissions = $1 WHERE id = $2', [
      [...ROLE_TEMPLATES.cashier],
      DEMO.cashier.id,
    ]);
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    for (const [m, input] of [
      ['memberAdmin.overdrafts', {}],
      ['memberAdmin.search', { query: 'VIP' }],
      [
        'memberAdmin.writeOff',
        { memberId: debtor, clientId: uuidv7(), amountFen: 1, reason: 'x', superPassword: SUPER },
      ],
      ['memberAdmin.close', { memberId: debtor, clientId: uuidv7(), superPassword: SUPER }],
    ] as const) {
      const r = await t.backend.call(m, input);
      expect(!r.ok && r.error.code, m).toBe('FORBIDDEN');
    }
  });
});
