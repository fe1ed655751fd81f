// The 资金 tab's takings by method and 对账 through the real POS backend (real SQLite, signed HTTP) against the
// real cloud and its demo payment provider: a cash sale and a WeChat payment-code sale rung up at the till,
// pushed, then read back by the owner per method; the day's WeChat Pay bill downloaded and compared, a line
// the provider lists and the cloud does not shown as such; the router refuses a bad day and a cashier.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO, demoCatalog } from '../../../cloud/seed/demo';
import { demoCode } from '../../../cloud/payments/demo/outcomes';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { beijingDate } from '../../../cloud/payments/reconcile';
import { openTillAt, type TestPos, type tempDir } from '../testing/harness';

describe('owner: takings by method and reconciliation, till → cloud → back office', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const snack = demoCatalog().products.find((p) => p.kind === 'physical' && p.active && p.price >= 300)!;
  const today = () => beijingDate(Date.now());

  beforeAll(async () => {
    cloud = await startCloud({
      port: 0,
      fulfilmentTickMs: 0,
      payments: { timeoutMs: 3_000, pollIntervalMs: 200, confirmLimitMs: 6_000, billCheckMs: 0 },
    });
    ({ t, dir } = await openTillAt(cloud.url, { deviceName: '收银台', login: DEMO.master }));
  }, 300_000);
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('a cash sale and a WeChat sale show under their methods; an empty day shows zeros', async () => {
    const before = await t.pos.call('owner.takings', { from: today(), to: today() });
    await t.pos.call('cart.clear', {});
    const cashTotal = (await t.pos.call('cart.add', { productId: snack.id, qty: 2 })).total;
    await t.pos.call('sale.checkout', { tendered: cashTotal + 1_000 });
    const codeTotal = (await t.pos.call('cart.add', { productId: snack.id, qty: 1 })).total;
    await t.pos.call('tender.code', { code: demoCode('wechat'), paymentId: uuidv7() });
    await vi.waitFor(async () => expect((await t.pos.call('tender.get', {})).tender?.status).toBe('sold'), {
      timeout: 30_000,
      interval: 50,
    });
    await t.pos.call('sync.now', {});

    const after = await t.pos.call('owner.takings', { from: today(), to: today() });
    // change is taken off cash: the drawer keeps the sale's total, not what was tendered
    expect(after.sales.cash - before.sales.cash).toBe(cashTotal);
    expect(after.sales.wechat_code - before.sales.wechat_code).toBe(codeTotal);
    expect(after.byDay.map((d) => d.date)).toEqual([today()]);

    const empty = await t.pos.call('owner.takings', { from: '2020-01-01', to: '2020-01-02' });
    expect(Object.values(empty.sales).every((v) => v === 0)).toBe(true);
    expect(empty.byDay).toEqual([]);
  });

  it("对账: before the download the day says so; after it, the WeChat sale matches and a stranger's line is shown", async () => {
    const before = await t.pos.call('owner.reconciliation', { date: today() });
    expect(before.providers.map((p) => p.provider).sort()).toEqual(['aggregator', 'alipay', 'wechatpay']);
    expect(before.providers.every((p) => p.downloadedAt === null)).toBe(true);

    // the provider lists a payment the cloud never took (paid into the merchant account some other way)
    const books = cloud.demoPay!.books.trades;
    const ours = [...books.values()].find((x) => x.amountFen > 0)!;
    books.set('wechatpay:x:stranger', { ...ours, outTradeNo: 'e'.repeat(32), tradeNo: '4200stranger', refunds: [] });

    const report = await t.pos.call('owner.reconciliationFetch', { date: today() });
    const wechat = report.providers.find((p) => p.provider === 'wechatpay')!;
    expect(wechat.downloadedAt).not.toBeNull();
    expect(wechat.matched).toBeGreaterThanOrEqual(1);
    expect(wechat.onlyInBill).toEqual([
      expect.objectContaining({ kind: 'payment', outTradeNo: 'e'.repeat(32), cloudFen: null }),
    ]);
    expect(wechat.onlyInCloud).toEqual([]);
    expect(wechat.amountDiffers).toEqual([]);
    // the aggregator has no bill API: its row says why instead of pretending all is well
    const aggregator = report.providers.find((p) => p.provider === 'aggregator')!;
    expect(aggregator).toMatchObject({ downloadedAt: null, error: expect.any(String) });
    // the GET answers what was downloaded
    expect(await t.pos.call('owner.reconciliation', { date: today() })).toEqual(report);
  });

  it('a malformed day is VALIDATION at the till; a cashier without report.view is FORBIDDEN', async () => {
    const bad = await t.backend.call('owner.takings', { from: '2026-13', to: today() });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    const long = await t.backend.call('owner.takings', { from: '2020-01-01', to: '2026-01-01' });
    expect(!long.ok && long.error.code).toBe('VALIDATION');
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    const refused = await t.backend.call('owner.reconciliation', { date: today() });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
  });
});
