// Payment-code chaos: the fault-injecting proxy sits between a till and the cloud (drops requests, drops answers
// after the cloud committed, duplicates, delays, reorders, resets) while the till takes payment codes of every
// demo outcome, retrying each request with the same payment id until it gets an answer, sometimes abandoning
// a sale (cancel), then pushing an order for every payment it saw paid. Over many payments, whatever the seed:
//  - never two charges for one payment id (the provider holds at most one trade per out_trade_no);
//  - the cloud's final word agrees with the provider's books: paid ⇔ money kept; failed / cancelled ⇔ none kept;
//  - never a sale stored on a payment that is not paid, and every paid payment backs at most one order.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentPath, type PaymentView } from '../shared/payments/wire';
import { PATHS } from '../shared/sync/protocol';
import type { CloudDb } from '../cloud/db/types';
import { demoCode } from '../cloud/payments/demo/outcomes';
import type { DemoPayProvider } from '../cloud/payments/demo/server';
import {
  listenCloud,
  registerTill,
  seeded,
  startTestDemo,
  type PaymentCloud,
  type Till,
} from '../cloud/payments/testing';
import { DEMO } from '../cloud/seed/demo';
import { makeOrder } from '../cloud/test-support/orders';
import { createTestDatabase, type TestDatabase } from '../cloud/test-support/test-db';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { chaosSeed, createRng, FULL } from './prng';

const PAYMENTS = FULL ? 300 : 40;
const AT_ONCE = 6;
const ENDINGS = ['0000', '0000', '0000', '1001', '1002', '2001', '2002', '3001', '3002', '3003'];

describe(`payment codes through network faults (${PAYMENTS} payments)`, () => {
  const seed = chaosSeed('payments');
  let database: TestDatabase;
  let db: CloudDb;
  let demo: DemoPayProvider;
  let cloud: PaymentCloud;
  let proxy: FaultProxy;
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
    await proxy?.close();
    await cloud?.close();
    await demo?.close();
    await database?.drop();
  });

  /** As a till must: the same request again (re-signed) until an answer comes through; a business error is an answer. */
  async function insist<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const r = await till.call<T & { error?: { code: string } }>(method, path, body);
        const code = r.body?.error?.code;
        if (r.status === 200 || (r.status < 500 && code && !['REPLAYED', 'CLOCK_SKEW', 'BAD_SIGNATURE'].includes(code)))
          return r;
      } catch {
        // dropped, reset: no answer — ask again
      }
      await new Promise((res) => setTimeout(res, 30 + (attempt % 5) * 20));
    }
    throw new Error(`no answer for ${method} ${path}`);
  }

  it(
    'never charges twice, and the cloud and the provider agree on every payment',
    { timeout: FULL ? 1_800_000 : 240_000 },
    async () => {
      const rng = createRng(seed);
      proxy = await startFaultProxy({ target: cloud.url, rng: rng.fork('proxy'), holdMs: 300, delayMs: [20, 300] });
      till.use(proxy.url);
      const seenPaid = new Set<string>();
      const cancelled = new Set<string>();
      const ids: string[] = [];
      const one = async (i: number) => {
        const scheme = rng.pick(['wechat', 'alipay', 'unionpay'] as const);
        const paymentId = randomUUID();
        ids.push(paymentId);
        const amountFen = 100 + rng.int(0, 20_000);
        await insist('POST', '/v1/payments', {
          paymentId,
          code: demoCode(scheme, rng.pick(ENDINGS)),
          amountFen,
          purpose: 'sale',
          employeeId: DEMO.cashier.id,
        });
        const abandon = rng.chance(0.15);
        for (let polls = 0; ; polls++) {
          const p = (await insist<{ payment: PaymentView }>('GET', paymentPath(paymentId))).body.payment;
          if (p.status === 'paid') seenPaid.add(paymentId);
          if (abandon && polls === 1 && (p.status === 'pending' || p.status === 'paid')) {
            await insist('POST', paymentPath(paymentId, '/cancel'));
            cancelled.add(paymentId);
          }
          if (p.status === 'failed' || p.status === 'cancelled' || (p.status === 'paid' && !cancelled.has(paymentId)))
            break;
          if (polls > 400) throw new Error(`payment ${i} never settled`);
          await new Promise((res) => setTimeout(res, 150));
        }
      };
      for (let k = 0; k < PAYMENTS; k += AT_ONCE)
        await Promise.all(Array.from({ length: Math.min(AT_ONCE, PAYMENTS - k) }, (_, j) => one(k + j)));

      // an order for every payment the till saw paid and did not abandon, pushed through the faults too
      const sold = [...seenPaid].filter((id) => !cancelled.has(id));
      for (const paymentId of sold) {
        const { rows } = await db.query<{ amount: number; method: string }>(
          'SELECT amount, method FROM payments WHERE id = $1',
          [paymentId],
        );
        const order = makeOrder({}, 1);
        const line = {
          ...(order.lines as Record<string, unknown>[])[0]!,
          qty: 1,
          unitPrice: rows[0]!.amount,
          lineTotal: rows[0]!.amount,
        };
        const body = {
          orders: [
            {
              ...order,
              lines: [line],
              subtotal: rows[0]!.amount,
              total: rows[0]!.amount,
              payments: [{ method: rows[0]!.method, amount: rows[0]!.amount, paymentId }],
            },
          ],
        };
        const r = await insist<{ results: { status: string }[] }>('POST', PATHS.ordersBatch, body);
        expect(['accepted', 'duplicate']).toContain(r.body.results[0]!.status);
      }
      proxy.calm = true;
      await proxy.flush();
      console.log(
        `[chaos] payments seed ${seed}: faults ${JSON.stringify(proxy.stats)}; cloud answers ${JSON.stringify(Object.fromEntries(proxy.answers))}`,
      );

      // every kind of fault happened
      for (const f of ['dropRequest', 'dropResponse', 'duplicate', 'reset'] as const)
        expect(proxy.stats[f], f).toBeGreaterThan(0);
      const { rows } = await db.query<{ id: string; out_trade_no: string; status: string; used_kind: string | null }>(
        'SELECT id, out_trade_no, status, used_kind FROM payments WHERE id = ANY($1::uuid[])',
        [ids],
      );
      expect(rows).toHaveLength(PAYMENTS);
      for (const p of rows) {
        const trades = [...demo.books.trades.values()].filter((t) => t.outTradeNo === p.out_trade_no);
        expect(trades.length, `payment ${p.id}: one trade at most`).toBeLessThanOrEqual(1);
        const kept = trades[0]?.state === 'SUCCESS';
        expect(p.status === 'paid', `payment ${p.id} is ${p.status}, provider ${trades[0]?.state ?? 'none'}`).toBe(
          kept,
        );
        expect(['paid', 'failed', 'cancelled']).toContain(p.status);
      }
      // orders: only on paid payments, each payment used by at most one order
      const { rows: bad } = await db.query(
        "SELECT op.payment_id FROM order_payments op JOIN payments p ON p.id = op.payment_id WHERE p.status <> 'paid'",
      );
      expect(bad).toEqual([]);
      const { rows: used } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM order_payments WHERE payment_id = ANY($1::uuid[])',
        [ids],
      );
      expect(used[0]!.n).toBe(sold.length);
    },
  );
});
