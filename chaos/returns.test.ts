// Returns and parked baskets through network faults: the fault-injecting proxy sits between a till and the cloud
// (drops requests, drops answers after the cloud committed, duplicates, delays, reorders, resets) while the till
// sells — in cash, by WeChat code, by Alipay code plus cash — parks and recalls baskets, returns random parts of
// its sales (some asking for more than is left) to cash and back to the codes, and restarts now and then. Over
// every seed:
//  - a return is applied once and never for more than was sold (per line) or paid (per order, per code);
//  - a code refund is asked once per return part: the cloud holds exactly one refund per part the till
//    committed, the provider exactly one per refund, none without its return, and no intent is left open;
//  - the cloud holds exactly the till's returns, none doubled;
//  - parked baskets are never lost or duplicated across restarts.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosClient } from '../shared/api/client';
import { codeRefundIdOf } from '../shared/sale/returns';
import { demoCode } from '../cloud/payments/demo/outcomes';
import { startCloud, type RunningCloud } from '../cloud/start';
import { createTestDatabase, type TestDatabase } from '../cloud/test-support/test-db';
import type { Backend } from '../electron/backend/index';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { chaosSeed, createRng, FULL } from './prng';
import { DEMO, drain, openPos, registerDevice, tempDir } from './world';

const SALES = FULL ? 60 : 14;
const RETURNS = FULL ? 150 : 30;

describe(`returns and parked baskets through network faults (${SALES} sales, ${RETURNS} returns)`, () => {
  const seed = chaosSeed('returns');
  let database: TestDatabase;
  let cloud: RunningCloud;
  let proxy: FaultProxy;
  const dir = tempDir();
  let running: { backend: Backend; pos: PosClient } | null = null;

  beforeAll(async () => {
    database = await createTestDatabase();
    cloud = await startCloud({
      port: 0,
      ...(database.url ? { databaseUrl: database.url } : {}),
      fulfilmentTickMs: 0,
      demoPay: { latencyMs: 20 },
      payments: { timeoutMs: 3_000, pollIntervalMs: 200, confirmLimitMs: 20_000, billCheckMs: 0 },
    });
  }, 120_000);
  afterAll(async () => {
    await running?.backend.close();
    await proxy?.close();
    await cloud?.close();
    await database?.drop();
    dir.cleanup();
  });

  /** A call through the faults, asked again while its answer is lost (tender.code is idempotent on its paymentId). */
  async function insist<T>(run: () => Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>) {
    for (let i = 0; ; i++) {
      const r = await run();
      // no answer, or the answer to the proxy's duplicate of a request that got through (REPLAYED)
      if (r.ok || !['OFFLINE', 'REPLAYED', 'CLOCK_SKEW'].includes(r.error.code) || i > 60) return r;
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  it(
    'returns applied once and never beyond the sale; code refunds once each; parked baskets kept',
    { timeout: FULL ? 1_800_000 : 400_000 },
    async () => {
      const rng = createRng(seed);
      const { codes, deviceId } = await registerDevice(cloud.url, dir.dir, 'chaos 退货');
      proxy = await startFaultProxy({ target: cloud.url, rng: rng.fork('proxy'), holdMs: 300, delayMs: [20, 300] });

      const start = async () => {
        running = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url, cloudTimeoutMs: 1500 });
        for (let i = 0; ; i++) {
          const r = await running.pos.try('auth.login', {
            username: DEMO.master.username,
            password: DEMO.master.password,
          });
          if (r.ok) break;
          if (i > 60) throw new Error(`cannot log in through the proxy: ${JSON.stringify(r.error)}`);
        }
        return running.pos;
      };
      const restart = async () => {
        await running!.backend.close();
        running = null;
        return start();
      };
      let pos = await start();
      const act = rng.fork('acts');
      const parked = new Set<string>();
      const sales: { orderId: string; lines: { lineNo: number; qty: number }[] }[] = [];
      const outcomes: Record<string, number> = {};
      const note = (k: string) => (outcomes[k] = (outcomes[k] ?? 0) + 1);

      const fill = async () => {
        for (let l = act.int(1, 3); l > 0; l--) await pos.call('cart.scan', { code: act.pick(codes) });
        return (await pos.call('cart.get', {})).total;
      };
      const untilTender = async (pred: (t: { status: string; paid: number } | null) => boolean) => {
        for (let i = 0; i < 600; i++) {
          const r = await pos.try('tender.get', {});
          if (r.ok && pred(r.value.tender)) return;
          await new Promise((res) => setTimeout(res, 100));
        }
        throw new Error('a code payment never settled');
      };
      const sell = async () => {
        const total = await fill();
        const kind = act.pick(['cash', 'wechat', 'alipay_split'] as const);
        let orderId: string;
        if (kind === 'cash') orderId = (await pos.call('sale.checkout', { tendered: total })).order.id;
        else {
          const codeFen = kind === 'wechat' ? total : act.int(1, total - 1);
          const paymentId = uuidv7();
          const code = demoCode(kind === 'wechat' ? 'wechat' : 'alipay');
          const r = await insist(() =>
            pos.try('tender.code', { code, paymentId, ...(kind === 'wechat' ? {} : { amount: codeFen }) }),
          );
          if (!r.ok) throw new Error(`tender.code: ${JSON.stringify(r.error)}`);
          if (kind === 'wechat') {
            await untilTender((t) => t?.status === 'sold');
            const last = (await pos.call('orders.search', { limit: 1 })).orders[0]!;
            orderId = last.id;
          } else {
            await untilTender((t) => t?.paid === codeFen);
            orderId = (await pos.call('sale.checkout', { tendered: total - codeFen })).order.id;
          }
        }
        const d = await pos.call('orders.get', { id: orderId });
        sales.push({ orderId, lines: d.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty })) });
        note(`sale:${kind}`);
      };
      const park = async () => {
        if (act.chance(0.5) || parked.size === 0) {
          await fill();
          const { basket } = await pos.call('park.save', { note: `chaos ${parked.size}` });
          expect(parked.has(basket.id)).toBe(false);
          parked.add(basket.id);
          note('park');
        } else {
          const id = act.pick([...parked]);
          await pos.call('park.recall', { id });
          // a recalled basket leaves the list only when sold (or discarded); sometimes a restart comes first
          if (act.chance(0.3)) {
            pos = await restart();
            note('restart-with-recalled');
            return;
          }
          const total = (await pos.call('cart.get', {})).total;
          await pos.call('sale.checkout', { tendered: total });
          parked.delete(id);
          note('recall-sold');
        }
      };
      const giveBack = async () => {
        const s = act.pick(sales);
        const line = act.pick(s.lines);
        const qty = act.int(1, line.qty);
        const r = await pos.try('sale.return', {
          orderId: s.orderId,
          lines: [{ lineNo: line.lineNo, qty }],
          reason: 'defective',
        });
        if (r.ok) return note('return:ok');
        const e = r.error as { code: string; details?: { reason?: string; returnId?: string } };
        note(`return:${e.code}${e.details?.reason ? `:${e.details.reason}` : ''}`);
        if (e.code === 'REFUND_WAITING') {
          // ask again until the cloud's answer gets through
          for (let i = 0; ; i++) {
            const again = await pos.try('sale.returnRefresh', { id: e.details!.returnId! });
            if (again.ok || again.error.code === 'REFUND_FAILED') break;
            if (i > 300) throw new Error('a waiting return never settled');
            await new Promise((res) => setTimeout(res, 100));
          }
          return;
        }
        expect(['CONFLICT', 'OFFLINE'], JSON.stringify(e)).toContain(e.code);
      };

      for (let n = 0; n < SALES; n++) {
        await sell();
        if (act.chance(0.4)) await park();
        if (act.chance(0.2)) await pos.try('sync.now', {});
        if (act.chance(0.1)) {
          pos = await restart();
          note('restart');
        }
      }
      for (let n = 0; n < RETURNS; n++) {
        await giveBack();
        if (act.chance(0.15)) await park();
        if (act.chance(0.1)) {
          pos = await restart();
          note('restart');
        }
      }

      // the network heals: a restart settles whatever is left open, and everything reaches the cloud
      proxy.calm = true;
      await proxy.flush();
      pos = await restart();
      for (let i = 0; ; i++) {
        const db = new Database(join(dir.dir, 'sales.db'), { readonly: true });
        const open = db.prepare('SELECT count(*) AS n FROM return_intents WHERE closed_at IS NULL').get() as {
          n: number;
        };
        db.close();
        if (open.n === 0) break;
        if (i > 300) throw new Error('a return intent stayed open');
        await new Promise((res) => setTimeout(res, 100));
      }
      await drain(pos);
      const stillParked = (await pos.call('park.list', {})).baskets.map((b) => b.id);
      await running!.backend.close();
      running = null;
      console.log(
        `[chaos] returns seed ${seed}: acts ${JSON.stringify(outcomes)}; faults ${JSON.stringify(proxy.stats)}`,
      );

      // parked baskets: exactly those parked and not sold, across every restart
      expect(stillParked.sort()).toEqual([...parked].sort());

      const db = new Database(join(dir.dir, 'sales.db'), { readonly: true });
      try {
        // never more than was sold, per line; never more than was paid, per order and per code
        expect(
          db
            .prepare(
              `SELECT l.order_id, l.line_no FROM order_lines l
                WHERE l.qty < (SELECT coalesce(sum(rl.qty), 0) FROM return_lines rl JOIN returns r ON r.id = rl.return_id
                               WHERE r.order_id = l.order_id AND rl.order_line_no = l.line_no)`,
            )
            .all(),
        ).toEqual([]);
        expect(
          db
            .prepare(
              'SELECT o.id FROM orders o WHERE o.total < (SELECT coalesce(sum(total), 0) FROM returns WHERE order_id = o.id)',
            )
            .all(),
        ).toEqual([]);
        expect(
          db
            .prepare(
              `SELECT p.payment_id FROM payments p WHERE p.payment_id IS NOT NULL
                AND p.amount < (SELECT coalesce(sum(amount), 0) FROM return_refunds WHERE payment_id = p.payment_id)`,
            )
            .all(),
        ).toEqual([]);
        // each code part the till committed: one refund at the cloud, non-failed; none beyond those
        const parts = db
          .prepare('SELECT return_id, seq, payment_id, amount FROM return_refunds WHERE payment_id IS NOT NULL')
          .all() as { return_id: string; seq: number; payment_id: string; amount: number }[];
        const { rows: refunds } = await cloud.db.query<{
          id: string;
          payment_id: string;
          amount: string;
          status: string;
        }>(
          'SELECT f.id, f.payment_id, f.amount, f.status FROM payment_refunds f JOIN payments p ON p.id = f.payment_id WHERE p.device_id = $1',
          [deviceId],
        );
        const live = refunds.filter((r) => r.status !== 'failed');
        expect(live.map((r) => r.id).sort()).toEqual(parts.map((x) => codeRefundIdOf(x.return_id, x.seq)).sort());
        // the provider: one refund per cloud refund (out_refund_no unique), never past what the trade took
        let providerRefunds = 0;
        for (const t of cloud.demoPay!.books.trades.values()) {
          const nos = t.refunds.map((r) => r.outRefundNo);
          expect(new Set(nos).size).toBe(nos.length);
          expect(t.refunds.reduce((s, r) => s + r.amountFen, 0)).toBeLessThanOrEqual(t.amountFen);
          providerRefunds += nos.length;
        }
        expect(providerRefunds).toBe(live.length);
        // the cloud holds exactly the till's returns
        const local = (db.prepare('SELECT id FROM returns ORDER BY id').all() as { id: string }[]).map((r) => r.id);
        const { rows: remote } = await cloud.db.query<{ client_return_id: string }>(
          'SELECT client_return_id FROM returns WHERE device_id = $1 ORDER BY client_return_id',
          [deviceId],
        );
        expect(remote.map((r) => r.client_return_id).sort()).toEqual([...local].sort());
        expect(local.length).toBeGreaterThan(0);
        expect(parts.length).toBeGreaterThan(0);
      } finally {
        db.close();
      }
      for (const f of ['dropRequest', 'dropResponse', 'duplicate', 'reset'] as const)
        expect(proxy.stats[f], f).toBeGreaterThan(0);
    },
  );
});
