// A refund to a payment code that the provider accepts and then fails (退款失败, issue 11) through the real cloud
// (PGlite, or PostgreSQL with DATABASE_URL), the demo provider (codes ending 4002) and a real till: the till commits
// the return as 'pending', the cloud's job learns of the failure later (WeChat ABNORMAL on query, Alipay refused
// when asked again, the aggregator's REFUND_FAIL), still takes the return the till pushed, e-mails the owner once
// with the return, the till, the cashier, the amount and what to do, and lists it in the owner's 退款失败 list.
// Each step waits for the state it needs, never on a clock.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TenderView } from '../../../shared/api/contract';
import { codeRefundIdOf } from '../../../shared/sale/returns';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { demoCode } from '../../../cloud/payments/demo/outcomes';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { createTestDatabase, type TestDatabase } from '../../../cloud/test-support/test-db';
import { openTillAt, type tempDir, type TestPos } from '../testing/harness';

const WAIT = { timeout: 30_000, interval: 50 };

describe('a code refund that fails after it was accepted (real cloud + demo provider + till)', () => {
  let tdb: TestDatabase;
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const snack = demoCatalog().products.find(
    (p) => p.kind === 'physical' && p.active && p.price >= 300 && p.price <= 1_000,
  )!;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    cloud = await startCloud({
      port: 0,
      ...(tdb.url ? { databaseUrl: tdb.url } : {}),
      fulfilmentTickMs: 0,
      demoPay: { latencyMs: 0 },
      payments: { timeoutMs: 3_000, pollIntervalMs: 200, confirmLimitMs: 6_000, billCheckMs: 0 },
    });
    await cloud.db.query("UPDATE employees SET email = 'boss@example.com', email_verified_at = 1 WHERE id = $1", [
      DEMO.master.id,
    ]);
    ({ t, dir } = await openTillAt(cloud.url, { deviceName: '收银台2', login: DEMO.master }));
    await t.pos.call('shift.open', { openingFloat: 10_000 });
  }, 300_000);
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close();
    await tdb?.drop();
    dir?.cleanup();
  });

  const until = async (pred: (v: TenderView | null) => boolean) => {
    let v: TenderView | null = null;
    await vi.waitFor(async () => {
      v = (await t.pos.call('tender.get', {})).tender;
      expect(pred(v), JSON.stringify(v)).toBe(true);
    }, WAIT);
    return v as unknown as TenderView;
  };
  const row = async (refundId: string) =>
    (
      await cloud.db.query<{ status: string; failed_late_at: string | null; return_id: string | null }>(
        'SELECT status, failed_late_at, return_id FROM payment_refunds WHERE id = $1',
        [refundId],
      )
    ).rows[0];
  const mails = async (returnNumber: string) =>
    (
      await cloud.db.query<{ to_address: string; subject: string; body: string }>(
        "SELECT to_address, subject, body FROM email_messages WHERE kind = 'refund_failed' AND subject LIKE $1",
        [`%${returnNumber}%`],
      )
    ).rows;

  it.each([
    ['wechat', 'wechat_code', '微信支付商户平台', 'ABNORMAL'],
    ['alipay', 'alipay_code', '支付宝商家中心', 'ACQ.BUYER_ERROR'],
    ['unionpay', 'unionpay_code', '聚合支付服务商', 'REFUND_FAILED'],
  ] as const)(
    '%s: accepted, committed, then failed — the return stands, the owner is told once',
    async (scheme, method, console, code) => {
      await t.pos.call('cart.clear', {});
      const total = (await t.pos.call('cart.add', { productId: snack.id, qty: 1 })).total;
      await t.pos.call('tender.code', { code: demoCode(scheme, '4002'), paymentId: uuidv7() });
      const sold = await until((v) => v?.status === 'sold');
      const r = (
        await t.pos.call('sale.return', {
          orderId: sold.completed!.id,
          lines: [{ lineNo: 1, qty: 1 }],
          reason: 'defective',
        })
      ).return;
      // accepted: the till committed the return, the money "on its way"
      expect(r.refunds).toEqual([{ method, amount: total, status: 'pending', failure: null }]);
      const refundId = codeRefundIdOf(r.id, 1);
      // the cloud's job learns the truth
      await vi.waitFor(async () => expect((await row(refundId))?.failed_late_at).not.toBeNull(), WAIT);
      expect((await row(refundId))!.status).toBe('failed');
      // the till's refresh shows it failed
      const seen = (await t.pos.call('sale.returnRefresh', { id: r.id })).return;
      expect(seen.refunds[0]).toMatchObject({ status: 'failed', failure: expect.stringContaining(code) });
      // the return reaches the cloud and is taken (it happened: the goods came back), linked to the refund
      await t.pos.call('sync.now', {});
      await vi.waitFor(async () => expect((await row(refundId))?.return_id).not.toBeNull(), WAIT);
      // one e-mail, with the return, the till, the cashier, the amount in ¥ and where to pay the customer back
      const yuan = `¥${(total / 100).toFixed(2)}`;
      await vi.waitFor(async () => expect(await mails(r.number)).toHaveLength(1), WAIT);
      const [mail] = await mails(r.number);
      expect(mail!.to_address).toBe('boss@example.com');
      expect(mail!.subject).toContain(yuan);
      for (const part of ['收银台2', DEMO.master.name, r.number, yuan, '现金', console, code])
        expect(mail!.body).toContain(part);
      // pushed again (a lost answer): still one e-mail
      await t.pos.call('sync.now', {});
      expect(await mails(r.number)).toHaveLength(1);
      // the owner's 退款失败 list
      const list = await t.pos.call('owner.failedRefunds', {});
      expect(list.failures.find((f) => f.refundId === refundId)).toMatchObject({
        deviceName: '收银台2',
        amountFen: total,
        method,
        returnNumber: r.number,
        employeeName: DEMO.master.name,
        reason: expect.stringContaining(code),
        alertedAt: expect.any(Number),
      });
    },
  );

  it('a refund refused inside the till request is not a late failure: no alert, not in the list', async () => {
    await t.pos.call('cart.clear', {});
    await t.pos.call('cart.add', { productId: snack.id, qty: 1 });
    await t.pos.call('tender.code', { code: demoCode('wechat', '4001'), paymentId: uuidv7() });
    const sold = await until((v) => v?.status === 'sold');
    const refused = await t.backend.call('sale.return', {
      orderId: sold.completed!.id,
      lines: [{ lineNo: 1, qty: 1 }],
      reason: 'defective',
    });
    expect(!refused.ok && refused.error.code).toBe('REFUND_FAILED');
    const { rows } = await cloud.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM payment_refunds WHERE status = 'failed' AND failed_late_at IS NULL",
    );
    expect(Number(rows[0]!.n)).toBe(1);
    const late = await cloud.db.query<{ id: string }>(
      'SELECT id FROM payment_refunds WHERE failed_late_at IS NOT NULL ORDER BY failed_late_at DESC',
    );
    const list = await t.pos.call('owner.failedRefunds', {});
    expect(list.failures.map((f) => f.refundId).sort()).toEqual(late.rows.map((x) => x.id).sort());
  });
});
