// Done means: a ¥100 China Mobile top-up debits the outlet ¥99.00 pending; success settles supplier ¥98.50 and
// agent ¥0.50; failure refunds in full; stuck escalates; a complaint ends in compensation. Plus hostile
// supplier callbacks, idempotent submits, the status feed and game-card codes. Real HTTP routes (inject),
// real database (PGlite, or PostgreSQL with DATABASE_URL); the ledger invariant is checked after each test.
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIRTUAL_PATHS, type VirtualOrder } from '../../shared/sync/protocol';
import { agentCommissionId, balance, checkLedgerInvariants, outletPrepaidId, supplierReceivableId } from '../ledger';
import { DEMO } from '../seed/demo';
import type { SupplierCallback } from '../suppliers/adapter';
import { getComplaint, reviewComplaint, resolveComplaint } from './complaints';
import { fulfilmentTick } from './fulfilment';
import { sweepVirtualOrders } from './sweep';
import { createVirtualWorld, PHONES, type VirtualWorld } from './test-world';

let w: VirtualWorld;
let cmcc100: string;
const outlet = () => balance(w.db, outletPrepaidId(DEMO.outletId));
const supplier = () => balance(w.db, supplierReceivableId(DEMO.supplierId));
const agent = () => balance(w.db, agentCommissionId(DEMO.agentId));

async function submit(
  phone: string | undefined,
  productId = cmcc100,
  clientOrderId: string = uuidv7(),
): Promise<VirtualOrder> {
  const res = await w.call('POST', VIRTUAL_PATHS.submit, { clientOrderId, productId, ...(phone ? { phone } : {}) });
  if (res.statusCode !== 200) throw new Error(`submit: ${res.statusCode} ${res.body}`);
  return res.json() as VirtualOrder;
}
async function status(id: string): Promise<VirtualOrder> {
  return (await w.call('GET', `${VIRTUAL_PATHS.order}/${id}`)).json() as VirtualOrder;
}
async function callback(cb: SupplierCallback, supplierId: string = DEMO.supplierId, sign = true) {
  const raw = JSON.stringify(cb);
  return w.app.inject({
    method: 'POST',
    url: `${VIRTUAL_PATHS.supplierCallback}/${supplierId}`,
    headers: {
      'content-type': 'application/json',
      'x-supplier-signature': sign ? w.f.demo.sign(raw) : 'ab'.repeat(32),
    },
    payload: raw,
  });
}
/** Moves the clock and delivers the supplier's due callbacks over HTTP. */
async function advance(ms: number): Promise<void> {
  w.clock.now += ms;
  for (const cb of w.f.demo.drainCallbacks(w.clock.now)) expect((await callback(cb)).statusCode).toBe(200);
}

beforeAll(async () => {
  w = await createVirtualWorld();
  cmcc100 = w.product('topup', 10_000, 'cmcc');
  await w.fund(100_000); // ¥1,000.00
});
afterAll(async () => {
  await w.close();
});
afterEach(async () => {
  expect(await checkLedgerInvariants(w.db)).toEqual([]);
});

describe('a ¥100 China Mobile top-up', () => {
  it('reserves ¥99.00 and on success settles supplier ¥98.50 and agent ¥0.50', async () => {
    const [o0, s0, a0] = [await outlet(), await supplier(), await agent()];
    const o = await submit(PHONES.success);
    expect(o).toMatchObject({ status: 'pending', cost: 9_900, faceValue: 10_000, phone: PHONES.success });
    expect(await outlet()).toMatchObject({ posted: o0.posted, pendingDebits: 9_900, available: o0.available - 9_900 });
    await advance(1_000);
    expect((await status(o.id)).status).toBe('success');
    expect(await outlet()).toMatchObject({ posted: o0.posted - 9_900, pendingDebits: 0 });
    expect((await supplier()).posted - s0.posted).toBe(9_850);
    expect((await agent()).posted - a0.posted).toBe(50);
  });

  it('refunds the full ¥99.00 when the supplier fails (later or outright)', async () => {
    const o0 = await outlet();
    const later = await submit(PHONES.failed);
    const outright = await submit(PHONES.outright_failure);
    expect(outright.status).toBe('failed');
    expect(later.status).toBe('pending');
    await advance(1_000);
    expect(await status(later.id)).toMatchObject({ status: 'failed', statusReason: '充值失败' });
    expect(await outlet()).toEqual(o0);
  });

  it('turns stuck after the SLA, is queried automatically, escalates, and still settles when the supplier answers', async () => {
    const o = await submit(PHONES.stuck);
    await advance(30_000);
    await sweepVirtualOrders(w.db, w.f.config, w.clock.now); // one query, still processing
    expect((await status(o.id)).status).toBe('pending');
    await advance(31_000);
    const r = await sweepVirtualOrders(w.db, w.f.config, w.clock.now);
    expect(r.stuck).toBe(1);
    expect(await status(o.id)).toMatchObject({ status: 'stuck', escalated: false });
    expect((await outlet()).pendingDebits).toBe(9_900); // the money stays reserved while stuck
    for (let i = 0; i < 4; i++) {
      await advance(200_000);
      await sweepVirtualOrders(w.db, w.f.config, w.clock.now);
    }
    expect(await status(o.id)).toMatchObject({ status: 'stuck', escalated: true });
    const late = w.f.demo.release(o.id, 'failed')!;
    expect((await callback(late)).json()).toEqual({ outcome: 'applied' });
    expect((await status(o.id)).status).toBe('failed');
    expect((await outlet()).pendingDebits).toBe(0);
  });

  it('a complaint about a false success ends in compensation from the supplier and the agent', async () => {
    const o = await submit(PHONES.false_success);
    await advance(1_000);
    expect((await status(o.id)).status).toBe('success');
    const [o0, s0, a0] = [await outlet(), await supplier(), await agent()];
    const res = await w.call('POST', `${VIRTUAL_PATHS.order}/${o.id}${VIRTUAL_PATHS.complaintSuffix}`, {
      reason: '客户称未到账',
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as VirtualOrder).complaint).toEqual({ status: 'open', resolution: null });
    const { rows } = await w.db.query<{ id: string }>('SELECT id FROM virtual_complaints WHERE order_id = $1', [o.id]);
    const c = await reviewComplaint(w.db, w.f.config, rows[0]!.id, w.clock.now);
    expect(c.status).toBe('compensated');
    expect((await outlet()).posted - o0.posted).toBe(9_900);
    expect((await supplier()).posted - s0.posted).toBe(-9_850);
    expect((await agent()).posted - a0.posted).toBe(-50);
    expect((await status(o.id)).complaint).toMatchObject({ status: 'compensated' });
    // resolved once: a second resolution changes nothing
    expect((await resolveComplaint(w.db, c.id, 'reject', 'again', w.clock.now)).status).toBe('compensated');
  });

  it('a complaint the supplier disputes stays open until an operator rejects it; no money moves', async () => {
    const o = await submit(PHONES.success);
    await advance(1_000);
    const before = await outlet();
    await w.call('POST', `${VIRTUAL_PATHS.order}/${o.id}${VIRTUAL_PATHS.complaintSuffix}`, { reason: '客户称未到账' });
    const { rows } = await w.db.query<{ id: string }>('SELECT id FROM virtual_complaints WHERE order_id = $1', [o.id]);
    expect((await reviewComplaint(w.db, w.f.config, rows[0]!.id, w.clock.now)).status).toBe('open');
    expect((await resolveComplaint(w.db, rows[0]!.id, 'reject', '运营商凭证显示已到账', w.clock.now)).status).toBe(
      'rejected',
    );
    expect((await getComplaint(w.db, rows[0]!.id)).resolution).toBe('运营商凭证显示已到账');
    expect(await outlet()).toEqual(before);
    // complaints only on successful orders, one per order
    const failed = await submit(PHONES.outright_failure);
    expect(
      (await w.call('POST', `${VIRTUAL_PATHS.order}/${failed.id}${VIRTUAL_PATHS.complaintSuffix}`, { reason: 'x' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await w.call('POST', `${VIRTUAL_PATHS.order}/${o.id}${VIRTUAL_PATHS.complaintSuffix}`, { reason: 'other' }))
        .statusCode,
    ).toBe(409);
  });
});

describe('supplier callbacks that must change nothing', () => {
  it('replayed, out-of-order, unknown-order and badly signed callbacks', async () => {
    const o = await submit(PHONES.success);
    const [cb] = w.f.demo.drainCallbacks(w.clock.now + 1_000);
    w.clock.now += 1_000;
    expect((await callback(cb!)).json()).toEqual({ outcome: 'applied' });
    const after = [await outlet(), await supplier(), await agent()];
    expect((await callback(cb!)).json()).toEqual({ outcome: 'replayed' });
    const contradicting = {
      ...cb!,
      callbackId: `${cb!.callbackId}-late`,
      status: 'failed' as const,
      reason: 'late failure',
    };
    expect((await callback(contradicting)).json()).toEqual({ outcome: 'ignored_terminal' });
    const unknown = await callback({ ...cb!, callbackId: 'cb-unknown', orderId: uuidv4() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    const forged = await callback({ ...cb!, callbackId: 'cb-forged', status: 'failed' }, DEMO.supplierId, false);
    expect(forged.statusCode).toBe(401);
    const malformed = await w.app.inject({
      method: 'POST',
      url: `${VIRTUAL_PATHS.supplierCallback}/${DEMO.supplierId}`,
      headers: { 'content-type': 'application/json', 'x-supplier-signature': w.f.demo.sign('{"x":1}') },
      payload: '{"x":1}',
    });
    expect(malformed.statusCode).toBe(400);
    expect((await status(o.id)).status).toBe('success');
    expect([await outlet(), await supplier(), await agent()]).toEqual(after);
  });

  it('a correctly signed callback for an id that is no supplier is NOT_FOUND, as the publishing routes answer', async () => {
    const o = await submit(PHONES.success);
    const [cb] = w.f.demo.drainCallbacks(w.clock.now + 1_000);
    // The default registry serves every id with the demo adapter, so the signature verifies: the id must be
    // checked against the organisations before anything is written.
    for (const id of [uuidv4(), DEMO.outletId, DEMO.agentId]) {
      const res = await callback({ ...cb!, callbackId: `cb-not-a-supplier-${id}` }, id);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: 'Unknown supplier' } });
    }
    const { rows } = await w.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM supplier_callbacks WHERE callback_id LIKE 'cb-not-a-supplier-%'",
    );
    expect(rows[0]!.n).toBe(0);
    expect((await callback(cb!)).json()).toEqual({ outcome: 'applied' });
    expect((await status(o.id)).status).toBe('success');
  });
});

describe('submitting', () => {
  it('is idempotent on clientOrderId; other fields under the same id are a CONFLICT', async () => {
    const id = uuidv7();
    const a = await submit(PHONES.success, cmcc100, id);
    const b = await submit(PHONES.success, cmcc100, id);
    expect(b.id).toBe(a.id);
    const c = await w.call('POST', VIRTUAL_PATHS.submit, {
      clientOrderId: id,
      productId: cmcc100,
      phone: PHONES.failed,
    });
    expect(c.statusCode).toBe(409);
    await advance(1_000);
  });

  it('refuses an order the prepaid balance cannot cover and stores nothing', async () => {
    const big = w.product('topup', 50_000, 'cmcc');
    const avail = (await outlet()).available;
    const count = (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM virtual_orders')).rows[0]!.n;
    const tries = Math.ceil(avail / 49_500) + 1;
    let refused = 0;
    for (let i = 0; i < tries; i++) {
      const res = await w.call('POST', VIRTUAL_PATHS.submit, {
        clientOrderId: uuidv7(),
        productId: big,
        phone: PHONES.stuck,
      });
      if (res.statusCode === 409) {
        expect(res.json().error.code).toBe('INSUFFICIENT_FUNDS');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect((await outlet()).available).toBeGreaterThanOrEqual(0);
    const now = (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM virtual_orders')).rows[0]!.n;
    expect(now).toBe(count + tries - refused);
    // release the reserves: fail them all
    for (const { id } of (
      await w.db.query<{ id: string }>(
        "SELECT id FROM virtual_orders WHERE status IN ('pending','stuck') AND product_id = $1",
        [big],
      )
    ).rows) {
      await callback(w.f.demo.release(id, 'failed')!);
    }
  });

  it('answers bad input with typed errors', async () => {
    const noPhone = await w.call('POST', VIRTUAL_PATHS.submit, { clientOrderId: uuidv7(), productId: cmcc100 });
    expect(noPhone.statusCode).toBe(400);
    const badPhone = await w.call('POST', VIRTUAL_PATHS.submit, {
      clientOrderId: uuidv7(),
      productId: cmcc100,
      phone: '12345',
    });
    expect(badPhone.statusCode).toBe(400);
    const physical = await w.call('POST', VIRTUAL_PATHS.submit, {
      clientOrderId: uuidv7(),
      productId: DEMO.sampleProduct.id,
    });
    expect(physical.statusCode).toBe(400);
    const unknown = await w.call('POST', VIRTUAL_PATHS.submit, {
      clientOrderId: uuidv7(),
      productId: uuidv4(),
      phone: PHONES.success,
    });
    expect(unknown.statusCode).toBe(404);
    const unsigned = await w.app.inject({
      method: 'POST',
      url: VIRTUAL_PATHS.submit,
      payload: { clientOrderId: uuidv7(), productId: cmcc100, phone: PHONES.success },
    });
    expect(unsigned.statusCode).toBe(401);
  });
});

describe('status reaches the POS', () => {
  it('through the per-outlet changes feed, paged by cursor', async () => {
    const o = await submit(PHONES.success);
    let cursor = 0;
    const seen = new Map<string, string>();
    for (;;) {
      const page = (await w.call('GET', `${VIRTUAL_PATHS.changes}?cursor=${cursor}&limit=3`)).json() as {
        orders: VirtualOrder[];
        nextCursor: number;
        hasMore: boolean;
      };
      for (const x of page.orders) seen.set(x.id, x.status);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(seen.get(o.id)).toBe('pending');
    await advance(1_000);
    const next = (await w.call('GET', `${VIRTUAL_PATHS.changes}?cursor=${cursor}`)).json() as {
      orders: VirtualOrder[];
    };
    expect(next.orders.map((x) => [x.id, x.status])).toEqual([[o.id, 'success']]);
  });

  it('a game card code is encrypted at rest and handed to the ordering device once', async () => {
    const qb = w.product('gamecard', 10_000);
    const o = await submit(undefined, qb);
    await advance(1_000);
    const { rows } = await w.db.query<{ card_code_enc: string }>(
      'SELECT card_code_enc FROM virtual_orders WHERE id = $1',
      [o.id],
    );
    expect(rows[0]!.card_code_enc).toMatch(/^[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    const first = await status(o.id);
    expect(first.cardCode).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(rows[0]!.card_code_enc).not.toContain(first.cardCode!);
    expect((await status(o.id)).cardCode).toBeUndefined();
  });

  it('the fulfilment tick delivers callbacks and sweeps in one step', async () => {
    const o = await submit(PHONES.success);
    w.clock.now += 1_000;
    await fulfilmentTick(w.db, w.f, w.clock.now);
    expect((await status(o.id)).status).toBe('success');
  });
});

describe('phone prefixes', () => {
  it('are loaded from the shipped file, looked up by longest prefix, and paged to devices by version', async () => {
    const hit = (await w.call('GET', `${VIRTUAL_PATHS.phoneLookup}/1300000`)).json();
    expect(hit.match).toEqual({ prefix: '1300000', carrier: 'cucc', province: '山东省', city: '济南市' });
    const seg = (await w.call('GET', `${VIRTUAL_PATHS.phoneLookup}/13912345678`)).json();
    expect(seg.match).toMatchObject({ prefix: '139', carrier: 'cmcc' });
    expect((await w.call('GET', `${VIRTUAL_PATHS.phoneLookup}/1703`)).json().match).toMatchObject({
      prefix: '1703',
      carrier: 'cmcc',
    });
    expect((await w.call('GET', `${VIRTUAL_PATHS.phoneLookup}/19212345678`)).json().match).toMatchObject({
      carrier: 'cbn',
    });
    expect((await w.call('GET', `${VIRTUAL_PATHS.phoneLookup}/12345`)).json().match).toBeNull();
    expect((await w.call('GET', `${VIRTUAL_PATHS.phoneLookup}/abc`)).statusCode).toBe(400);
    let cursor = 0;
    const all: unknown[] = [];
    for (;;) {
      const page = (await w.call('GET', `${VIRTUAL_PATHS.phonePrefixes}?cursor=${cursor}&limit=200`)).json();
      all.push(...page.prefixes);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(all.length).toBeGreaterThan(450);
    // re-importing the same data changes nothing; a changed row gets a new version past the cursor
    const { importPhonePrefixes, parsePrefixTsv, PHONE_PREFIX_FILE } = await import('./prefixes');
    const { readFileSync } = await import('node:fs');
    expect(await importPhonePrefixes(w.db, parsePrefixTsv(readFileSync(PHONE_PREFIX_FILE, 'utf8')), w.clock.now)).toBe(
      0,
    );
    expect(
      await importPhonePrefixes(
        w.db,
        [{ prefix: '1300000', carrier: 'cucc', province: '山东省', city: '青岛市' }],
        w.clock.now,
      ),
    ).toBe(1);
    const next = (await w.call('GET', `${VIRTUAL_PATHS.phonePrefixes}?cursor=${cursor}`)).json();
    expect(next.prefixes).toEqual([{ prefix: '1300000', carrier: 'cucc', province: '山东省', city: '青岛市' }]);
    expect(() => parsePrefixTsv('139\tnokia\t\t\n')).toThrow(/line 1/);
  });
});
