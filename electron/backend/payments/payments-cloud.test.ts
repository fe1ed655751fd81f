// Long on purpose: one real cloud and demo provider started once for every payment story; split, each part would
// start its own.
// Paying at the till (issue 10) through the real cloud and the demo provider, over real HTTP, with real
// SQLite files: payment codes in every provider state, the sale committed only once the cloud says paid,
// split tender (member balance + code, code + cash, static QR code), a duplicate scan charging once, a crash
// mid-payment resolved at the next start, offline refusal. The demo provider answers more slowly than the
// till polls (400 ms against 200 ms), as across the internet. Nothing here waits on a clock: each step waits
// for the state it needs (a password payment, …1001, stays pending until the cloud's second query).
import Database from 'better-sqlite3';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TenderView } from '../../../shared/api/contract';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { demoCode } from '../../../cloud/payments/demo/outcomes';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { verifyAuditChain } from '../audit/chain';
import { DRAWER_PULSE } from '../print/drawer-kick';
import { openPos, openTillAt, type tempDir, type TestPos } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';

const WAIT = { timeout: 30_000, interval: 50 };

describe('payments at the till: payment codes, split tender, static codes, recovery (real cloud + demo provider)', () => {
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let memberId: string;
  const snack = demoCatalog().products.find(
    (p) => p.kind === 'physical' && p.active && p.price >= 300 && p.price <= 1_000,
  )!;

  beforeAll(async () => {
    cloud = await startCloud({
      port: 0,
      fulfilmentTickMs: 0,
      demoPay: { latencyMs: 400 },
      payments: { timeoutMs: 3_000, pollIntervalMs: 200, confirmLimitMs: 6_000, billCheckMs: 0 },
    });
    proxy = await startToggleProxy(cloud.url);
    ({ t, dir } = await openTillAt(proxy.url, { deviceName: '收银台', login: DEMO.master }));
    memberId = uuidv7();
    await t.pos.call('member.create', { cardNo: 'PAY001', name: '钱多多', clientId: memberId });
    await t.pos.call('member.topup', { memberId, amount: 300, tendered: 300 });
  }, 300_000);
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  const ring = async (qty = 1) => {
    await t.pos.call('cart.clear', {});
    return (await t.pos.call('cart.add', { productId: snack.id, qty })).total;
  };
  const tender = async () => (await t.pos.call('tender.get', {})).tender;
  const until = async (pred: (v: TenderView | null) => boolean) => {
    let v: TenderView | null = null;
    await vi.waitFor(async () => {
      v = await tender();
      expect(pred(v), JSON.stringify(v)).toBe(true);
    }, WAIT);
    return v as unknown as TenderView;
  };
  const cloudPayment = async (id: string) =>
    (
      await cloud.db.query<{ status: string; used_kind: string | null; used_ref: string | null; amount: string }>(
        'SELECT status, used_kind, used_ref, amount FROM payments WHERE id = $1',
        [id],
      )
    ).rows[0];
  const trades = (paymentId: string) =>
    [...cloud.demoPay!.books.trades.values()].filter((x) => x.outTradeNo === paymentId.replace(/-/g, ''));
  const sales = () => new Database(join(dir.dir, 'sales.db'), { readonly: true });

  it('WeChat: the code is charged through the cloud; the sale commits only once it is paid, and the order uses it', async () => {
    const total = await ring(2);
    const paymentId = uuidv7();
    const first = (await t.pos.call('tender.code', { code: demoCode('wechat'), paymentId })).tender;
    expect(first.parts).toMatchObject([{ id: paymentId, method: 'wechat_code', amount: total }]);
    const sold = await until((v) => v?.status === 'sold');
    expect(sold.completed).toMatchObject({ total, method: 'wechat_code', tendered: 0, change: 0 });
    expect(sold.completed!.payments).toEqual([
      { method: 'wechat_code', amount: total, providerTradeNo: expect.any(String) },
    ]);
    expect((await t.pos.call('cart.get', {})).lines).toEqual([]);
    const db = sales();
    expect(db.prepare('SELECT status, used_ref FROM code_payments WHERE id = ?').get(paymentId)).toEqual({
      status: 'used',
      used_ref: sold.completed!.id,
    });
    expect(
      db.prepare('SELECT method, amount, payment_id FROM payments WHERE order_id = ?').all(sold.completed!.id),
    ).toEqual([{ method: 'wechat_code', amount: total, payment_id: paymentId }]);
    // no cash moved: the drawer's expected cash did not change for it
    expect(db.prepare('SELECT count(*) AS n FROM cash_movements WHERE ref = ?').get(sold.completed!.id)).toEqual({
      n: 0,
    });
    db.close();
    // the order reaches the cloud and uses the payment there, once
    await t.pos.call('sync.now', {});
    expect(await cloudPayment(paymentId)).toMatchObject({ status: 'paid', used_kind: 'order' });
    expect(trades(paymentId)).toHaveLength(1);
  });

  it('Alipay with a password: "confirm on your phone" while it waits, then the sale', async () => {
    const total = await ring();
    await t.pos.call('tender.code', { code: demoCode('alipay', '1001') });
    const waiting = await until((v) => !!v?.parts[0]?.customerConfirming);
    expect(waiting).toMatchObject({ status: 'open', waiting: total, paid: 0, remaining: 0 });
    // while a part is held the cart is what it was taken for: no change
    const locked = await t.backend.call('cart.add', { productId: snack.id, qty: 1 });
    expect(!locked.ok && locked.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'TENDER_OPEN' } });
    expect((await t.pos.call('display.get', {})).confirmOnPhone).toBe(true);
    // sale.checkout is refused while the code waits (no cash sale over a pending code)
    const early = await t.backend.call('sale.checkout', { tendered: total });
    expect(!early.ok && early.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'PAYMENT_WAITING' } });
    const sold = await until((v) => v?.status === 'sold');
    expect(sold.completed).toMatchObject({ total, method: 'alipay_code' });
    const shown = await t.pos.call('display.get', {});
    expect(shown).toMatchObject({ phase: 'done', due: 0, confirmOnPhone: false });
  });

  it('a failed code (余额不足) shows the reason and takes nothing; the cashier then takes cash', async () => {
    const total = await ring();
    const paymentId = uuidv7();
    await t.pos.call('tender.code', { code: demoCode('wechat', '2001'), paymentId });
    const failed = await until((v) => v?.failure?.reason === 'insufficient_balance');
    expect(failed.status).toBe('abandoned');
    expect(failed.parts).toEqual([]);
    // the cart is unlocked and whole; cash finishes the sale
    expect((await t.pos.call('cart.get', {})).total).toBe(total);
    const { order } = await t.pos.call('sale.checkout', { tendered: total + 500 });
    expect(order).toMatchObject({ method: 'cash', change: 500 });
    expect(sales().prepare('SELECT status, failure_reason FROM code_payments WHERE id = ?').get(paymentId)).toEqual({
      status: 'failed',
      failure_reason: 'insufficient_balance',
    });
  });

  it('split tender: member balance first, the rest by WeChat code; each part on the order', async () => {
    await t.pos.call('cart.clear', {});
    await t.pos.call('cart.setMember', { memberId });
    const total = (await t.pos.call('cart.add', { productId: snack.id, qty: 2 })).total;
    expect(total).toBeGreaterThan(300);
    const afterMember = (await t.pos.call('tender.member', {})).tender;
    expect(afterMember).toMatchObject({ paid: 300, remaining: total - 300 });
    await t.pos.call('tender.code', { code: demoCode('wechat') });
    const sold = await until((v) => v?.status === 'sold');
    expect(sold.completed!.payments).toEqual([
      { method: 'member', amount: 300 },
      { method: 'wechat_code', amount: total - 300, providerTradeNo: expect.any(String) },
    ]);
    expect(sold.completed!.member?.balance).toBe(0);
    await t.pos.call('sync.now', {});
    const db = sales();
    expect(
      db.prepare('SELECT count(*) AS n FROM outbox WHERE ref_id = ? AND acked_at IS NOT NULL').get(sold.completed!.id),
    ).toEqual({ n: 1 });
    db.close();
  });

  it('split tender: part by code, the rest in cash with change from the cash only', async () => {
    const total = await ring(3);
    await t.pos.call('tender.code', { code: demoCode('alipay'), amount: 500 });
    const part = await until((v) => v?.paid === 500);
    expect(part).toMatchObject({ status: 'open', remaining: total - 500 });
    const short = await t.backend.call('sale.checkout', { tendered: total - 501 });
    expect(!short.ok && short.error.code).toBe('INSUFFICIENT_TENDER');
    const { order } = await t.pos.call('sale.checkout', { tendered: total - 500 + 1_000 });
    expect(order.change).toBe(1_000);
    expect(order.payments).toMatchObject([
      { method: 'alipay_code', amount: 500 },
      { method: 'cash', amount: total - 500, tendered: total - 500 + 1_000, change: 1_000 },
    ]);
  });

  it('a part taken back is reversed at the provider; nothing stays charged', async () => {
    await ring(3);
    const paymentId = uuidv7();
    await t.pos.call('tender.code', { code: demoCode('wechat'), amount: 200, paymentId });
    await until((v) => v?.paid === 200);
    const after = (await t.pos.call('tender.remove', { partId: paymentId })).tender;
    expect(after).toMatchObject({ status: 'abandoned', parts: [] });
    await vi.waitFor(async () => expect((await cloudPayment(paymentId))?.status).toBe('cancelled'), WAIT);
    expect(trades(paymentId)[0]!.state).toBe('REVOKED');
    // the cart is unlocked again
    expect((await t.pos.call('cart.add', { productId: snack.id, qty: 1 })).lines[0]!.qty).toBe(4);
  });

  it('the same scan sent twice (a lost answer) is one payment and one charge', async () => {
    await ring();
    const paymentId = uuidv7();
    const code = demoCode('wechat', '1001');
    const [a, b] = await Promise.all([
      t.pos.call('tender.code', { code, paymentId }),
      t.backend.call('tender.code', { code, paymentId }),
    ]);
    expect(a.tender.parts.map((p) => p.id)).toEqual([paymentId]);
    // the second either answers the same tender or is refused while the first waits: never a second part
    if (b.ok) expect((b.value as { tender: TenderView }).tender.parts.map((p) => p.id)).toEqual([paymentId]);
    else expect(b.error.code).toBe('CONFLICT');
    await t.pos.call('tender.code', { code, paymentId });
    const sold = await until((v) => v?.status === 'sold');
    expect(sold.completed!.payments).toHaveLength(1);
    expect(trades(paymentId)).toHaveLength(1);
  });

  it('static QR code (收款码): confirmed by the employee, behind its permission', async () => {
    const total = await ring();
    const { tender: sold } = await t.pos.call('tender.static', { method: 'wechat_static' });
    expect(sold).toMatchObject({ status: 'sold', completed: { method: 'wechat_static', total } });
    const db = sales();
    expect(db.prepare('SELECT method, confirmed_by FROM payments WHERE order_id = ?').all(sold.completed!.id)).toEqual([
      { method: 'wechat_static', confirmed_by: DEMO.master.id },
    ]);
    db.close();
    await t.pos.call('sync.now', {});
    // a cashier without sale.static_code is refused
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await ring();
    const r = await t.backend.call('tender.static', { method: 'alipay_static' });
    expect(!r.ok && r.error).toMatchObject({ code: 'FORBIDDEN' });
    await t.pos.call('cart.clear', {});
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
  });

  it('not a payment code: refused with the patterns, nothing journaled', async () => {
    await ring();
    for (const code of ['6901234567890', '99123456789012345678', 'abc']) {
      const r = await t.backend.call('tender.code', { code });
      expect(!r.ok && r.error.code, code).toBe('VALIDATION');
    }
    expect(await tender()).toBeNull();
  });

  it('offline: payment codes are refused clearly; cash still sells', async () => {
    const total = await ring();
    proxy.setDown(true);
    try {
      const r = await t.backend.call('tender.code', { code: demoCode('wechat') });
      expect(!r.ok && r.error).toMatchObject({ code: 'OFFLINE', details: { reason: 'PAYMENT_CODE_OFFLINE' } });
      expect(await tender()).toBeNull();
      // the screen now offers no payment codes
      expect((await t.pos.call('tender.get', {})).options).toMatchObject({ online: false, schemes: { wechat: false } });
      expect((await t.pos.call('sale.checkout', { tendered: total })).order.method).toBe('cash');
    } finally {
      proxy.setDown(false);
      await t.pos.call('sync.now', {});
    }
  });

  it('member top-up by code: charged first, then booked once with that payment; the card shows it', async () => {
    const before = (await t.pos.call('member.get', { id: memberId })).balance;
    const clientId = uuidv7();
    const { payment } = await t.pos.call('member.topupByCode', {
      memberId,
      amount: 5_000,
      code: demoCode('alipay'),
      clientId,
    });
    expect(payment).toMatchObject({ purpose: 'member_topup', method: 'alipay_code', amount: 5_000, topupId: clientId });
    let member: { balance: number } | null = null;
    await vi.waitFor(async () => {
      const r = await t.pos.call('pay.get', { paymentId: payment.paymentId });
      expect(r.payment.status).toBe('used');
      member = r.member;
    }, WAIT);
    expect(member).toMatchObject({ balance: before + 5_000 });
    expect(await cloudPayment(payment.paymentId)).toMatchObject({ status: 'paid', used_kind: 'member_topup' });
    // a declined code books nothing
    const bad = (await t.pos.call('member.topupByCode', { memberId, amount: 1_000, code: demoCode('wechat', '2003') }))
      .payment;
    await vi.waitFor(async () => {
      expect((await t.pos.call('pay.get', { paymentId: bad.paymentId })).payment).toMatchObject({
        status: 'failed',
        failure: { reason: 'declined' },
      });
    }, WAIT);
    expect((await t.pos.call('member.get', { id: memberId })).balance).toBe(before + 5_000);
  });

  it('cash drawer: ESC p with a cash sale and a pay-out, none for a code sale; 开钱箱 needs drawer.open and is audited', async () => {
    const jobs: Buffer[] = [];
    const printer = createServer((s) => {
      const chunks: Buffer[] = [];
      s.on('data', (d) => chunks.push(d));
      s.on('end', () => jobs.push(Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => printer.listen(0, '127.0.0.1', r));
    const kicks = () => jobs.filter((j) => j.includes(DRAWER_PULSE)).length;
    try {
      await t.pos.call('printer.set', {
        kind: 'network',
        host: '127.0.0.1',
        port: (printer.address() as AddressInfo).port,
        paperWidth: 58,
      });
      // a cash sale: its receipt opens the drawer, in the same job, right after ESC @
      const total = await ring();
      await t.pos.call('sale.checkout', { tendered: total });
      await vi.waitFor(() => expect(jobs).toHaveLength(1), WAIT);
      expect(jobs[0]!.subarray(0, 7)).toEqual(Buffer.from([0x1b, 0x40, 0x1b, 0x70, 0x00, 0x19, 0xfa]));
      // a sale paid wholly by code: a receipt, no pulse
      await ring();
      await t.pos.call('tender.code', { code: demoCode('wechat') });
      await until((v) => v?.status === 'sold');
      await vi.waitFor(() => expect(jobs).toHaveLength(2), WAIT);
      expect(kicks()).toBe(1);
      // a pay-out moves cash without a receipt: the drawer alone
      await t.pos.call('shift.payInOut', { amount: -100, reason: '买零钱' });
      await vi.waitFor(() => expect(jobs).toHaveLength(3), WAIT);
      expect(jobs[2]).toEqual(Buffer.concat([Buffer.from([0x1b, 0x40]), DRAWER_PULSE]));
      // 开钱箱 without a sale: the master may, audited with who and why; a shop cashier may not
      expect(await t.pos.call('drawer.open', { reason: '换零钱' })).toEqual({ opened: true });
      await vi.waitFor(() => expect(jobs).toHaveLength(4), WAIT);
      expect(kicks()).toBe(3);
      const db = sales();
      expect(
        db.prepare("SELECT actor_id AS actor, outcome, details FROM audit_log WHERE action = 'drawer.open'").all(),
      ).toEqual([{ actor: DEMO.master.id, outcome: 'ok', details: JSON.stringify({ reason: '换零钱' }) }]);
      db.close();
      await t.pos.call('auth.logout', {});
      await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
      const r = await t.backend.call('drawer.open', {});
      expect(!r.ok && r.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'drawer.open' } });
      expect(jobs).toHaveLength(4);
    } finally {
      await t.pos.call('auth.logout', {}).catch(() => {});
      await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
      await t.pos.call('printer.set', { kind: 'none' });
      printer.close();
    }
  });

  it('a till that stopped mid-payment resolves it at the next start: paid → the sale completes', async () => {
    const total = await ring();
    const paymentId = uuidv7();
    // the customer is still entering the password when the till goes down
    await t.pos.call('tender.code', { code: demoCode('wechat', '1001'), paymentId });
    await t.backend.close();
    t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
    // recovery needs no login: it runs at start and completes the sale from the plan kept in sales.db
    await vi.waitFor(() => {
      const db = sales();
      try {
        expect(
          db
            .prepare('SELECT outcome FROM tenders WHERE id = (SELECT tender_id FROM code_payments WHERE id = ?)')
            .get(paymentId),
        ).toEqual({ outcome: 'sold' });
      } finally {
        db.close();
      }
    }, WAIT);
    const db = sales();
    const row = db.prepare('SELECT status, used_ref FROM code_payments WHERE id = ?').get(paymentId) as {
      status: string;
      used_ref: string;
    };
    expect(row.status).toBe('used');
    expect(db.prepare('SELECT total FROM orders WHERE id = ?').get(row.used_ref)).toEqual({ total });
    expect(verifyAuditChain(db).ok).toBe(true);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'tender.recovered'").get()).toEqual({ n: 1 });
    db.close();
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    expect((await t.pos.call('tender.get', {})).options.recovered).toMatchObject([
      { outcome: 'sold', total, reversed: 0, orderNumber: expect.any(String) },
    ]);
  });

  it('a till that stopped right after journaling (the request never left) abandons it at start; nothing charged', async () => {
    // what a crash between the journal write and the request leaves: an open tender, a 'submitting' payment
    await t.backend.close();
    const tenderId = uuidv7();
    const paymentId = uuidv7();
    {
      const db = new Database(join(dir.dir, 'sales.db'));
      const now = Date.now();
      db.prepare('INSERT INTO tenders (id, opened_at, employee_id, total, plan) VALUES (?, ?, ?, ?, ?)').run(
        tenderId,
        now,
        DEMO.master.id,
        snack.price,
        JSON.stringify({
          employeeId: DEMO.master.id,
          snapshot: { lines: [], member: null, orderDiscount: null },
          seat: null,
          overrides: [],
          approvedBy: null,
          parkedId: null,
        }),
      );
      db.prepare(
        `INSERT INTO code_payments (id, purpose, tender_id, method, amount, code_masked, employee_id, status, created_at, updated_at)
        VALUES (?, 'sale', ?, 'wechat_code', ?, '13****0000', ?, 'submitting', ?, ?)`,
      ).run(paymentId, tenderId, snack.price, DEMO.master.id, now, now);
      db.close();
    }
    t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
    await vi.waitFor(() => {
      const db = sales();
      try {
        expect(db.prepare('SELECT outcome FROM tenders WHERE id = ?').get(tenderId)).toEqual({ outcome: 'abandoned' });
        expect(db.prepare('SELECT status FROM code_payments WHERE id = ?').get(paymentId)).toEqual({
          status: 'cancelled',
        });
      } finally {
        db.close();
      }
    }, WAIT);
    expect(await cloudPayment(paymentId)).toBeUndefined();
    expect(trades(paymentId)).toEqual([]);
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    expect((await t.pos.call('tender.get', {})).options.recovered).toMatchObject([
      { tenderId, outcome: 'abandoned', reversed: 0 },
    ]);
  });
});
