// Payment codes through the cloud, over real HTTP, on PGlite (default) or PostgreSQL (DATABASE_URL): every
// provider state for WeChat Pay and Alipay through the demo provider (which verifies and signs like the real
// ones), duplicate submissions, crash-time recovery lists, cancel, refunds, and the use of a paid payment
// by exactly one order or member top-up.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaymentView } from '../../shared/payments/wire';
import { paymentPath } from '../../shared/payments/wire';
import { PATHS } from '../../shared/sync/protocol';
import type { CloudDb } from '../db/types';
import { makeOrder } from '../test-support/orders';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { DEMO } from '../seed/demo';
import { demoCode } from './demo/outcomes';
import { ensureDemoMerchants } from './index';
import type { DemoPayProvider } from './demo/server';
import { listenCloud, registerTill, seeded, startTestDemo, submitBody, type PaymentCloud, type Till } from './testing';

let database: TestDatabase;
let db: CloudDb;
let demo: DemoPayProvider;
let cloud: PaymentCloud;
let till: Till;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open();
  await seeded(db);
  demo = await startTestDemo();
  cloud = await listenCloud(db, demo);
  till = await registerTill(cloud.url);
}, 60_000);
afterAll(async () => {
  await cloud?.close();
  await demo?.close();
  await database?.drop();
});

type Answer = { payment: PaymentView };
const submit = async (body: ReturnType<typeof submitBody>) => {
  const r = await till.call<Answer & { error?: { code: string } }>('POST', '/v1/payments', body);
  return r;
};
const get = async (id: string) => (await till.call<Answer>('GET', paymentPath(id))).body.payment;
/** Polls like the till until the payment settles (the cloud's jobs move it). */
const settled = async (id: string) => {
  let p!: PaymentView;
  await vi.waitFor(
    async () => {
      p = await get(id);
      expect(['paid', 'failed', 'cancelled']).toContain(p.status);
    },
    { timeout: 20_000, interval: 100 },
  );
  return p;
};
const tradesOf = (paymentId: string) =>
  [...demo.books.trades.values()].filter((t) => t.outTradeNo === paymentId.replace(/-/g, ''));

describe.each(['wechat', 'alipay'] as const)('%s payment codes', (scheme) => {
  const method = `${scheme}_code`;

  it('paid at once: the answer says paid, with the provider trade number', async () => {
    const body = submitBody(demoCode(scheme, '0000'));
    const r = await submit(body);
    expect(r.status).toBe(200);
    expect(r.body.payment).toMatchObject({
      status: 'paid',
      method,
      amountFen: 1250,
      customerConfirming: false,
      failure: null,
    });
    expect(r.body.payment.providerTradeNo).toBeTruthy();
    expect(tradesOf(body.paymentId)).toHaveLength(1);
  });

  it('password then paid: pending while the customer confirms, then paid', async () => {
    const body = submitBody(demoCode(scheme, '1001'));
    const r = await submit(body);
    expect(r.body.payment).toMatchObject({ status: 'pending', customerConfirming: true });
    expect(await settled(body.paymentId)).toMatchObject({ status: 'paid', customerConfirming: false });
  });

  it('password never entered: reversed at the limit, and only then failed (customer_timeout)', async () => {
    const body = submitBody(demoCode(scheme, '1002'));
    expect((await submit(body)).body.payment).toMatchObject({ status: 'pending', customerConfirming: true });
    const p = await settled(body.paymentId);
    expect(p).toMatchObject({ status: 'failed', failure: { reason: 'customer_timeout' } });
    // the provider's trade was reversed before the cloud said failed
    expect(tradesOf(body.paymentId)[0]!.state).toBe('REVOKED');
    const events = await db.query<{ to_status: string; source: string }>(
      'SELECT to_status, source FROM payment_events WHERE payment_id = $1 ORDER BY seq',
      [body.paymentId],
    );
    const path = events.rows.map((e) => e.to_status);
    expect(path.indexOf('reversing')).toBeGreaterThan(0);
    expect(path.indexOf('reversing')).toBeLessThan(path.indexOf('failed'));
  });

  it('definite failures answer at once with a clear reason, nothing charged', async () => {
    const low = submitBody(demoCode(scheme, '2001'));
    expect((await submit(low)).body.payment).toMatchObject({
      status: 'failed',
      failure: { reason: 'insufficient_balance' },
    });
    const expired = submitBody(demoCode(scheme, '2002'));
    expect((await submit(expired)).body.payment).toMatchObject({
      status: 'failed',
      failure: { reason: 'code_expired' },
    });
    const declined = submitBody(demoCode(scheme, '2003'));
    expect((await submit(declined)).body.payment).toMatchObject({ status: 'failed', failure: { reason: 'declined' } });
    expect(tradesOf(low.paymentId)).toHaveLength(0);
  });

  it('unknown (a timeout, a 5xx that charged) → query → paid', async () => {
    // The follow-up job may already have asked while the submit waited for its (lost) answer: the first
    // answer is pending or already paid, and the 'paid' always comes from a query, never from the submit.
    const paidBy = async (id: string) =>
      (
        await db.query<{ source: string }>(
          "SELECT source FROM payment_events WHERE payment_id = $1 AND to_status = 'paid' AND from_status = 'pending'",
          [id],
        )
      ).rows.map((r) => r.source);
    for (const ending of ['3001', '3003']) {
      const body = submitBody(demoCode(scheme, ending));
      expect(['pending', 'paid']).toContain((await submit(body)).body.payment.status);
      expect(await settled(body.paymentId)).toMatchObject({ status: 'paid' });
      expect(await paidBy(body.paymentId)).toEqual(['query']);
      expect(tradesOf(body.paymentId)).toHaveLength(1);
    }
  });

  it('unknown and never charged: reversed at the limit, failed (provider_unreachable)', async () => {
    const body = submitBody(demoCode(scheme, '3002'));
    expect((await submit(body)).body.payment.status).toBe('pending');
    expect(await settled(body.paymentId)).toMatchObject({
      status: 'failed',
      failure: { reason: 'provider_unreachable' },
    });
  });

  it('a duplicate submission is one charge: the same answer, concurrent or later; another body is a conflict', async () => {
    const body = submitBody(demoCode(scheme, '0000'), 990);
    const [a, b] = await Promise.all([submit(body), submit(body)]);
    const again = await submit(body);
    for (const r of [a, b, again]) {
      expect(r.status).toBe(200);
      expect(r.body.payment.paymentId).toBe(body.paymentId);
    }
    expect((await settled(body.paymentId)).status).toBe('paid');
    expect(tradesOf(body.paymentId)).toHaveLength(1);
    const other = await submit({ ...body, amountFen: 991 });
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('CONFLICT');
  });
});

describe('UnionPay 云闪付 codes through the aggregator account', () => {
  it('paid at once; password then paid; a partial refund', async () => {
    const now = submitBody(demoCode('unionpay'), 4_000);
    expect((await submit(now)).body.payment).toMatchObject({
      status: 'paid',
      method: 'unionpay_code',
      provider: 'aggregator',
    });
    const pw = submitBody(demoCode('unionpay', '1001'));
    expect((await submit(pw)).body.payment).toMatchObject({ status: 'pending', customerConfirming: true });
    expect(await settled(pw.paymentId)).toMatchObject({ status: 'paid' });
    const r = await till.call<{ refund: { status: string } }>('POST', paymentPath(now.paymentId, '/refunds'), {
      refundId: randomUUID(),
      amountFen: 1_500,
      reason: '退货',
    });
    expect(r.body.refund.status).toBe('succeeded');
  });

  it('password never entered: reversed, then failed', async () => {
    const body = submitBody(demoCode('unionpay', '1002'));
    await submit(body);
    expect(await settled(body.paymentId)).toMatchObject({ status: 'failed', failure: { reason: 'customer_timeout' } });
    expect(tradesOf(body.paymentId)[0]!.state).toBe('REVOKED');
  });
});

describe('refused before any record', () => {
  it('a scheme the outlet has no account for: PAYMENT_NOT_CONFIGURED, nothing stored', async () => {
    await db.query("DELETE FROM payment_merchants WHERE outlet_id = $1 AND provider = 'aggregator'", [DEMO.outletId]);
    try {
      const body = submitBody(demoCode('unionpay'));
      const r = await submit(body);
      expect(r.status).toBe(409);
      expect(r.body.error?.code).toBe('PAYMENT_NOT_CONFIGURED');
      expect((await db.query('SELECT 1 FROM payments WHERE id = $1', [body.paymentId])).rows).toHaveLength(0);
      expect((await till.call('GET', '/v1/payments/config')).body).toMatchObject({ schemes: { unionpay: null } });
    } finally {
      await ensureDemoMerchants(db, cloud.app.payments, Date.now());
    }
  });

  it('not a payment code, a zero amount, a stranger employee: VALIDATION / FORBIDDEN', async () => {
    expect((await submit(submitBody('993456789012345678'))).body.error?.code).toBe('VALIDATION');
    expect((await submit(submitBody(demoCode('wechat'), 0))).body.error?.code).toBe('VALIDATION');
    const r = await submit(submitBody(demoCode('wechat'), 100, { employeeId: randomUUID() }));
    expect(r.body.error?.code).toBe('FORBIDDEN');
  });

  it('the config names the schemes this outlet takes and the methods version', async () => {
    const r = await till.call('GET', '/v1/payments/config');
    expect(r.body).toMatchObject({
      paymentMethodsVersion: 2,
      schemes: { wechat: 'wechatpay', alipay: 'alipay', unionpay: 'aggregator' },
    });
  });
});

describe('after the payment', () => {
  it('open payments list the unsettled and the paid-but-unused (crash recovery); cancel reverses a paid one', async () => {
    const body = submitBody(demoCode('wechat'), 3_000);
    await submit(body);
    const open = (await till.call<{ payments: PaymentView[] }>('GET', '/v1/payments?open=1')).body.payments;
    expect(open.map((p) => p.paymentId)).toContain(body.paymentId);
    const c = await till.call<Answer>('POST', paymentPath(body.paymentId, '/cancel'));
    expect(c.status).toBe(200);
    expect(await settled(body.paymentId)).toMatchObject({ status: 'cancelled', failure: { reason: 'cancelled' } });
    expect(tradesOf(body.paymentId)[0]!.reversedAt).not.toBeNull();
    const after = (await till.call<{ payments: PaymentView[] }>('GET', '/v1/payments?open=1')).body.payments;
    expect(after.map((p) => p.paymentId)).not.toContain(body.paymentId);
  });

  it('an order uses a paid payment once; a second order naming it, or an unpaid one, is rejected', async () => {
    const paid = submitBody(demoCode('alipay'), 0);
    const order = makeOrder();
    const total = order.total as number;
    paid.amountFen = total;
    expect((await submit(paid)).body.payment.status).toBe('paid');
    const withCode = { ...order, payments: [{ method: 'alipay_code', amount: total, paymentId: paid.paymentId }] };
    const r1 = await till.call<{ results: { status: string; serverOrderId?: string; error?: { code: string } }[] }>(
      'POST',
      PATHS.ordersBatch,
      { orders: [withCode] },
    );
    expect(r1.body.results[0]).toMatchObject({ status: 'accepted' });
    expect((await get(paid.paymentId)).usedBy).toEqual({ kind: 'order', ref: r1.body.results[0]!.serverOrderId });
    // the same push again is a duplicate, not a second use
    const again = await till.call<{ results: { status: string }[] }>('POST', PATHS.ordersBatch, { orders: [withCode] });
    expect(again.body.results[0]!.status).toBe('duplicate');
    const second = makeOrder({ total, subtotal: total, lines: order.lines });
    const r2 = await till.call<{ results: { status: string; error?: { code: string } }[] }>('POST', PATHS.ordersBatch, {
      orders: [{ ...second, payments: [{ method: 'alipay_code', amount: total, paymentId: paid.paymentId }] }],
    });
    expect(r2.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'CONFLICT' } });
    const failed = submitBody(demoCode('alipay', '2001'), total);
    await submit(failed);
    const r3 = await till.call<{ results: { status: string; error?: { code: string } }[] }>('POST', PATHS.ordersBatch, {
      orders: [
        {
          ...makeOrder({ total, subtotal: total, lines: order.lines }),
          payments: [{ method: 'alipay_code', amount: total, paymentId: failed.paymentId }],
        },
      ],
    });
    expect(r3.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'PAYMENT_NOT_PAID' } });
    // a used payment cannot be cancelled: refunds give the money back
    const c = await till.call<{ error: { code: string } }>('POST', paymentPath(paid.paymentId, '/cancel'));
    expect(c.body.error.code).toBe('CONFLICT');
  });

  it('refunds: in parts, never past the amount paid, a retry is the same refund', async () => {
    const body = submitBody(demoCode('wechat'), 5_000);
    expect((await submit(body)).body.payment.status).toBe('paid');
    const refundId = randomUUID();
    const r = await till.call<{ refund: { status: string }; payment: PaymentView }>(
      'POST',
      paymentPath(body.paymentId, '/refunds'),
      {
        refundId,
        amountFen: 2_000,
        reason: '顾客退货',
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.payment.refundedFen).toBe(2_000);
    // WeChat refunds are asynchronous: the job looks again until it succeeded
    await vi.waitFor(
      async () => {
        const { rows } = await db.query<{ status: string }>('SELECT status FROM payment_refunds WHERE id = $1', [
          refundId,
        ]);
        expect(rows[0]!.status).toBe('succeeded');
      },
      { timeout: 15_000, interval: 100 },
    );
    const retry = await till.call<{ refund: { status: string } }>('POST', paymentPath(body.paymentId, '/refunds'), {
      refundId,
      amountFen: 2_000,
      reason: '顾客退货',
    });
    expect(retry.body.refund.status).toBe('succeeded');
    const tooMuch = await till.call<{ error: { code: string } }>('POST', paymentPath(body.paymentId, '/refunds'), {
      refundId: randomUUID(),
      amountFen: 3_001,
      reason: '多退',
    });
    expect(tooMuch.body.error.code).toBe('CONFLICT');
    const trade = tradesOf(body.paymentId)[0]!;
    expect(trade.refunds.map((x) => x.amountFen)).toEqual([2_000]);
  });
});
