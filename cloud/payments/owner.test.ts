// The owner's side of payment codes, over real HTTP: reconciliation (对账) against the demo provider's daily
// bills in WeChat Pay's and Alipay's real file formats, takings by method (资金 tab) across cash, codes and a
// static QR code, a member top-up paid by code, a closed shift carrying its takings by method, and a cloud
// restart in the middle of a payment (the durable follow-up finishes it).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReconciliationReport, TakingsReport } from '../../shared/payments/owner';
import { emptyTakings } from '../../shared/payments/methods';
import { paymentPath, type PaymentView } from '../../shared/payments/wire';
import { PATHS } from '../../shared/sync/protocol';
import { openCloudDb } from '../db/open';
import type { CloudDb } from '../db/types';
import { DEMO } from '../seed/demo';
import { EmployeeClient, httpSend } from '../security/testing/client';
import { makeOrder } from '../test-support/orders';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../test-support/test-db';
import { demoCode } from './demo/outcomes';
import type { DemoPayProvider } from './demo/server';
import { listenCloud, registerTill, seeded, startTestDemo, submitBody, type PaymentCloud, type Till } from './testing';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('reconciliation, takings, top-ups and shifts', () => {
  let database: TestDatabase;
  let db: CloudDb;
  let demo: DemoPayProvider;
  let cloud: PaymentCloud;
  let till: Till;
  let owner: EmployeeClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await database.open();
    await seeded(db);
    demo = await startTestDemo();
    cloud = await listenCloud(db, demo);
    till = await registerTill(cloud.url);
    owner = await EmployeeClient.register(httpSend(cloud.url), Date.now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await cloud?.close();
    await demo?.close();
    await database?.drop();
  });

  const pay = async (scheme: 'wechat' | 'alipay', amountFen: number, over: Record<string, unknown> = {}) => {
    const body = submitBody(demoCode(scheme), amountFen, over);
    const r = await till.call<{ payment: PaymentView }>('POST', '/v1/payments', body);
    expect(r.body.payment.status).toBe('paid');
    return body.paymentId;
  };

  it('对账: matched lines, a line only in the bill, only in the cloud, and a different amount', async () => {
    const w1 = await pay('wechat', 1_000);
    const w2 = await pay('wechat', 2_000);
    const a1 = await pay('alipay', 3_000);
    const refundId = randomUUID();
    await till.call('POST', paymentPath(a1, '/refunds'), { refundId, amountFen: 500, reason: '退货' });
    // the provider's books and the cloud's disagree, three ways:
    const foreign = [...demo.books.trades.values()].find((t) => t.outTradeNo === w1.replace(/-/g, ''))!;
    demo.books.trades.set('wechatpay:x:stranger', {
      ...foreign,
      outTradeNo: 'f'.repeat(32),
      tradeNo: '4200stranger',
      refunds: [],
    });
    [...demo.books.trades.values()].find((t) => t.outTradeNo === w2.replace(/-/g, ''))!.amountFen = 2_001;
    const ghost = await pay('alipay', 700);
    demo.books.trades.delete(
      `alipay:${[...demo.books.trades.values()].find((t) => t.outTradeNo === ghost.replace(/-/g, ''))!.merchant}:${ghost.replace(/-/g, '')}`,
    );

    const r = await owner.call('POST', '/v1/payments/reconciliation', { date: today() });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const report = r.body as ReconciliationReport;
    const wechat = report.providers.find((p) => p.provider === 'wechatpay')!;
    const alipay = report.providers.find((p) => p.provider === 'alipay')!;
    expect(wechat.downloadedAt).not.toBeNull();
    expect(wechat.onlyInBill).toEqual([
      expect.objectContaining({ kind: 'payment', outTradeNo: 'f'.repeat(32), billFen: 1_000, cloudFen: null }),
    ]);
    expect(wechat.amountDiffers).toEqual([expect.objectContaining({ paymentId: w2, cloudFen: 2_000, billFen: 2_001 })]);
    expect(wechat.matched).toBeGreaterThanOrEqual(1);
    expect(alipay.onlyInCloud).toEqual([
      expect.objectContaining({ paymentId: ghost, method: 'alipay_code', cloudFen: 700, billFen: null }),
    ]);
    expect(alipay.onlyInBill).toEqual([]);
    expect(alipay.amountDiffers).toEqual([]);
    // the refund is a line of its own, and it matches
    expect(alipay.matched).toBeGreaterThanOrEqual(2);
    // GET answers the same report from what was downloaded
    const again = await owner.call('GET', `/v1/payments/reconciliation?date=${today()}`);
    expect(again.body).toEqual(report);
  });

  it('a member top-up paid by code uses the payment once; a second use or a mismatched amount is refused', async () => {
    const created = await owner.call('POST', '/v1/members', { cardNo: 'PAY-TOPUP-1', name: '扫码充值会员' });
    expect(created.status).toBe(200);
    const memberId = (created.body as { member: { id: string } }).member.id;
    const paymentId = await pay('wechat', 5_000, { purpose: 'member_topup' });
    const clientId = randomUUID();
    const t1 = await owner.call('POST', `/v1/members/${memberId}/topups`, { clientId, amountFen: 5_000, paymentId });
    expect(t1.status, JSON.stringify(t1.body)).toBe(200);
    expect((t1.body as { member: { balance: number } }).member.balance).toBe(5_000);
    const retry = await owner.call('POST', `/v1/members/${memberId}/topups`, { clientId, amountFen: 5_000, paymentId });
    // the same till's repeat gets its first answer again (cloud/http/answers.ts); the money moved once
    expect(retry.body).toEqual(t1.body);
    const twice = await owner.call('POST', `/v1/members/${memberId}/topups`, {
      clientId: randomUUID(),
      amountFen: 5_000,
      paymentId,
    });
    expect((twice.body as { error: { code: string } }).error.code).toBe('CONFLICT');
    const sale = await pay('wechat', 800); // taken for a sale: not for a top-up
    const wrong = await owner.call('POST', `/v1/members/${memberId}/topups`, {
      clientId: randomUUID(),
      amountFen: 800,
      paymentId: sale,
    });
    expect((wrong.body as { error: { code: string } }).error.code).toBe('CONFLICT');
    const member = await owner.call('GET', `/v1/members/${memberId}`);
    expect((member.body as { member: { balance: number } }).member.balance).toBe(5_000);
  });

  it('takings by method: cash, codes and a static QR code, member top-ups, refunds', async () => {
    const before = (await owner.call('GET', `/v1/payments/takings?from=${today()}&to=${today()}`))
      .body as TakingsReport;
    const o1 = makeOrder();
    const total = o1.total as number;
    const code = await pay('alipay', total);
    const o2 = makeOrder({ total, subtotal: total, lines: o1.lines });
    const orders = [
      o1,
      { ...o2, payments: [{ method: 'alipay_code', amount: total, paymentId: code }] },
      {
        ...makeOrder({ total, subtotal: total, lines: o1.lines }),
        payments: [{ method: 'wechat_static', amount: total, confirmedBy: DEMO.cashier.id }],
      },
    ];
    const r = await till.call<{ results: { status: string }[] }>('POST', PATHS.ordersBatch, { orders });
    expect(r.body.results.map((x) => x.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const after = (await owner.call('GET', `/v1/payments/takings?from=${today()}&to=${today()}`)).body as TakingsReport;
    expect(after.sales.cash - before.sales.cash).toBe(total);
    expect(after.sales.alipay_code - before.sales.alipay_code).toBe(total);
    expect(after.sales.wechat_static - before.sales.wechat_static).toBe(total);
    expect(after.memberTopups.wechat_code).toBe(5_000);
    expect(after.refunds.alipay_code).toBe(500);
    expect(after.byDay.map((d) => d.date)).toEqual([today()]);
    // a static payment confirmed by a stranger is refused
    const stranger = {
      ...makeOrder({ total, subtotal: total, lines: o1.lines }),
      payments: [{ method: 'alipay_static', amount: total, confirmedBy: randomUUID() }],
    };
    const s = await till.call<{ results: { status: string; error?: { code: string } }[] }>('POST', PATHS.ordersBatch, {
      orders: [stranger],
    });
    expect(s.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
  });

  it('a closed shift carries its takings by method; the owner sees them', async () => {
    const takings = { ...emptyTakings(), cash: 1_000, wechat_code: 2_500, alipay_static: 300 };
    const shift = {
      clientShiftId: randomUUID(),
      openedBy: DEMO.cashier.id,
      openedAt: Date.now() - 3_600_000,
      openingFloat: 0,
      autoOpened: true,
      closedBy: DEMO.cashier.id,
      closedAt: Date.now(),
      cashByKind: { sale: 1_000, virtual_sale: 0, virtual_refund: 0, member_topup: 0, pay_in: 0, pay_out: 0 },
      expectedCash: 1_000,
      countedCash: 1_000,
      difference: 0,
      salesCount: 3,
      salesTotal: 3_800,
      note: null,
      takingsByMethod: takings,
    };
    const r = await till.call<{ results: { status: string }[] }>('POST', PATHS.shiftsBatch, { shifts: [shift] });
    expect(r.body.results[0]!.status).toBe('accepted');
    const list = await owner.call('GET', '/v1/shifts');
    const mine = (list.body as { shifts: { clientShiftId: string; takingsByMethod: unknown }[] }).shifts.find(
      (x) => x.clientShiftId === shift.clientShiftId,
    );
    expect(mine?.takingsByMethod).toEqual(takings);
  });
});

describe('a cloud restart in the middle of a payment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qm-pay-restart-'));
  let demo: DemoPayProvider;
  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the customer confirms while the cloud is down: the next start finishes the payment (paid)', async () => {
    demo = await startTestDemo();
    const database = usingPostgres() ? await createTestDatabase() : null;
    const open = () => (database ? database.open() : openCloudDb({ dataDir: dir }));
    let db = await open();
    await seeded(db);
    // a long confirm window: the payment must wait across the restart, not be given up
    const settings = { confirmLimitMs: 60_000, pollIntervalMs: 1_500 };
    let cloud = await listenCloud(db, demo, settings);
    const till = await registerTill(cloud.url);
    const body = submitBody(demoCode('wechat', '1001'), 4_321);
    const first = await till.call<{ payment: PaymentView }>('POST', '/v1/payments', body);
    expect(first.body.payment).toMatchObject({ status: 'pending', customerConfirming: true });
    await cloud.close(); // the cloud stops with the follow-up queued
    if (!database) await db.close();

    db = await open();
    cloud = await listenCloud(db, demo, settings);
    till.use(cloud.url);
    try {
      await vi.waitFor(
        async () =>
          expect(
            (await till.call<{ payment: PaymentView }>('GET', paymentPath(body.paymentId))).body.payment.status,
          ).toBe('paid'),
        { timeout: 30_000, interval: 200 },
      );
      const open = await till.call<{ payments: PaymentView[] }>('GET', '/v1/payments?open=1');
      expect(open.body.payments.map((p) => p.paymentId)).toEqual([body.paymentId]); // paid, not yet used by a sale
      expect(
        [...demo.books.trades.values()].filter((t) => t.outTradeNo === body.paymentId.replace(/-/g, '')),
      ).toHaveLength(1);
    } finally {
      await cloud.close();
      if (database) await database.drop();
      else await db.close();
    }
  }, 90_000);
});
