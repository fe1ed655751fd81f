// Done means: a supplier publishes goods sources over its HMAC-signed API (create, replay, stale, list); a new
// supply price reaches the outlet's feed as a new cost and a bps markup follows it; off shelf makes the
// outlet's product inactive in the feed and unsellable, back on shelf sellable again; forged, unknown and
// malformed requests change nothing; a regional top-up refuses numbers of other (or unknown) provinces; a
// utility bill goes pending → success with the ledger settled. Real HTTP routes (inject), real database
// (PGlite, or PostgreSQL with DATABASE_URL); the ledger invariant is checked after each test.
import { v7 as uuidv7, v4 as uuidv4 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PATHS,
  VIRTUAL_PATHS,
  zCatalogChangesResponse,
  type CatalogChange,
  type Product,
  type VirtualOrder,
} from '../../shared/sync/protocol';
import { setMarkupRule } from '../catalog-admin/prices';
import { agentCommissionId, balance, checkLedgerInvariants, outletPrepaidId, supplierReceivableId } from '../ledger';
import { DEMO, demoCatalog } from '../seed/demo';
import { createVirtualWorld, PHONES, type VirtualWorld } from '../virtual/test-world';
import { SUPPLIER_SIGNATURE_HEADER, supplierSignature } from './signature';

let w: VirtualWorld;
let version = 1_000;
const src = (sku: string) => demoCatalog().sources.find((s) => s.externalId === sku)!;
const productOf = (sku: string) => demoCatalog().products.find((p) => p.sku === sku)!.id;

async function publish(
  externalId: string,
  body: Record<string, unknown>,
  opts: { supplierId?: string; sign?: boolean; requestId?: string } = {},
) {
  const raw = JSON.stringify({ requestId: opts.requestId ?? uuidv4(), version: (version += 1), ...body });
  return w.app.inject({
    method: 'PUT',
    url: `/v1/suppliers/${opts.supplierId ?? DEMO.supplierId}/sources/${externalId}`,
    headers: {
      'content-type': 'application/json',
      [SUPPLIER_SIGNATURE_HEADER]:
        opts.sign === false ? 'ab'.repeat(32) : supplierSignature(w.f.demo.callbackSecret, raw),
    },
    payload: raw,
  });
}
/** The seeded source as its supplier would publish it, with changes. */
function seeded(sku: string, changes: Record<string, unknown> = {}) {
  const s = src(sku);
  return {
    kind: s.kind,
    name: s.name,
    carrier: s.carrier,
    faceValue: s.faceValue,
    supplyPrice: s.supplyPrice,
    regions: s.regions,
    biller: s.biller,
    active: true,
    ...changes,
  };
}
async function list(at = w.clock.now, sign = true) {
  const url = `/v1/suppliers/${DEMO.supplierId}/sources?at=${at}`;
  return w.app.inject({
    method: 'GET',
    url,
    headers: { [SUPPLIER_SIGNATURE_HEADER]: sign ? supplierSignature(w.f.demo.callbackSecret, url) : '00'.repeat(32) },
  });
}
async function feedAfter(cursor: number): Promise<CatalogChange[]> {
  const out: CatalogChange[] = [];
  for (let more = true; more;) {
    // Checked against the wire schema, but the raw changes are kept: they carry the outlet's cost too.
    const raw = (await w.call('GET', `${PATHS.catalogChanges}?cursor=${cursor}&limit=5000`)).json();
    const page = zCatalogChangesResponse.parse(raw);
    out.push(...(raw.changes as CatalogChange[]));
    cursor = page.nextCursor;
    more = page.hasMore;
  }
  return out;
}
const lastSeq = async () =>
  Number((await w.db.query<{ s: string }>('SELECT coalesce(max(seq), 0)::text AS s FROM catalog_changes')).rows[0]!.s);
const productsIn = (changes: CatalogChange[]) =>
  changes.flatMap((c) => (c.entity === 'product' && c.op === 'upsert' ? [c.data as Product & { cost?: number }] : []));
async function submit(productId: string, extra: { phone?: string; account?: string; amount?: number }) {
  return w.call('POST', VIRTUAL_PATHS.submit, { clientOrderId: uuidv7(), productId, ...extra });
}
/** Moves the clock and delivers the supplier's due callbacks over HTTP. */
async function advance(ms: number): Promise<void> {
  w.clock.now += ms;
  for (const cb of w.f.demo.drainCallbacks(w.clock.now)) {
    const raw = JSON.stringify(cb);
    const res = await w.app.inject({
      method: 'POST',
      url: `${VIRTUAL_PATHS.supplierCallback}/${DEMO.supplierId}`,
      headers: {
        'content-type': 'application/json',
        [SUPPLIER_SIGNATURE_HEADER]: supplierSignature(w.f.demo.callbackSecret, raw),
      },
      payload: raw,
    });
    expect(res.statusCode).toBe(200);
  }
}
const publications = async () =>
  (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM supplier_publications')).rows[0]!.n;

beforeAll(async () => {
  w = await createVirtualWorld();
  await w.fund(200_000);
}, 60_000);
afterAll(async () => {
  await w?.close();
});
afterEach(async () => {
  expect(await checkLedgerInvariants(w.db)).toEqual([]);
});

describe('publishing', () => {
  it('creates a source by the supplier’s id, answers a replay and a stale version without change, lists and audits', async () => {
    const requestId = 'req-create-1';
    const body = {
      kind: 'topup',
      name: '中国电信 话费充值 100元（特惠）',
      carrier: 'ctcc',
      faceValue: 10_000,
      supplyPrice: 9_820,
      active: true,
    };
    const first = await publish('CT-100-X', body, { requestId });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      outcome: 'created',
      source: {
        externalId: 'CT-100-X',
        kind: 'topup',
        carrier: 'ctcc',
        faceValue: 10_000,
        supplyPrice: 9_820,
        regions: null,
        active: true,
      },
      products: 0,
    });
    const id = first.json().source.id as string;
    // the same request again (a retry after a lost answer): nothing changes
    const replay = await publish('CT-100-X', { ...body, supplyPrice: 1 }, { requestId });
    expect(replay.json()).toMatchObject({ outcome: 'replayed', source: { id, supplyPrice: 9_820 } });
    // a replay is known by its requestId alone: sent to another externalId it still creates nothing
    expect((await publish('CT-100-Y', body, { requestId })).json()).toMatchObject({
      outcome: 'replayed',
      source: { id },
    });
    // a late request with an older version: stale, nothing changes
    const staleRaw = JSON.stringify({ requestId: 'req-old', version: 5, ...body, supplyPrice: 1 });
    const stale = await w.app.inject({
      method: 'PUT',
      url: `/v1/suppliers/${DEMO.supplierId}/sources/CT-100-X`,
      headers: {
        'content-type': 'application/json',
        [SUPPLIER_SIGNATURE_HEADER]: supplierSignature(w.f.demo.callbackSecret, staleRaw),
      },
      payload: staleRaw,
    });
    expect(stale.json()).toMatchObject({ outcome: 'stale', source: { supplyPrice: 9_820 } });
    const listed = await list();
    expect(listed.statusCode).toBe(200);
    const sources = listed.json().sources as { externalId: string; id: string }[];
    expect(sources).toHaveLength(demoCatalog().sources.length + 1);
    expect(sources.find((s) => s.externalId === 'CT-100-X')!.id).toBe(id);
    const audit = await w.db.query<{ action: string; target: string; details: { result: string } }>(
      "SELECT action, target, details FROM audit_log WHERE org_id = $1 AND action = 'supplier.source.publish' ORDER BY id",
      [DEMO.supplierId],
    );
    expect(audit.rows.map((r) => [r.target, r.details.result])).toEqual([
      [id, 'created'],
      [id, 'stale'],
    ]);
  });

  it('a new supply price re-resolves a bps markup and reaches the outlet’s feed and orders as the new cost', async () => {
    const s = src('TOPUP-CMCC-100');
    await w.db.tx((q) =>
      setMarkupRule(q, DEMO.agentId, { scope: 'source', target: s.id, basis: 'bps', value: 100 }, w.clock.now),
    ); // 1 %
    const cursor = await lastSeq();
    const res = await publish('TOPUP-CMCC-100', seeded('TOPUP-CMCC-100', { supplyPrice: 9_800 }));
    expect(res.json()).toMatchObject({ outcome: 'updated', markups: 1, products: 1 });
    const feed = productsIn(await feedAfter(cursor));
    expect(feed).toEqual([
      expect.objectContaining({ id: productOf('TOPUP-CMCC-100'), active: true, cost: 9_800 + 98 }),
    ]);
    const o = await submit(productOf('TOPUP-CMCC-100'), { phone: PHONES.success });
    expect(o.statusCode).toBe(200);
    expect((o.json() as VirtualOrder).cost).toBe(9_898);
    await advance(1_000);
  });

  it('off shelf makes the outlet’s product inactive and unsellable; back on shelf sellable again', async () => {
    const sku = 'CARD-1-100';
    let cursor = await lastSeq();
    expect((await publish(sku, seeded(sku, { active: false }))).json()).toMatchObject({
      outcome: 'updated',
      products: 1,
      source: { active: false },
    });
    expect(productsIn(await feedAfter(cursor))).toEqual([
      expect.objectContaining({ id: productOf(sku), active: false }),
    ]);
    const refused = await submit(productOf(sku), {});
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('NOT_FOUND');
    cursor = await lastSeq();
    expect((await publish(sku, seeded(sku, { active: true }))).json()).toMatchObject({
      outcome: 'updated',
      products: 1,
    });
    expect(productsIn(await feedAfter(cursor))).toEqual([
      expect.objectContaining({ id: productOf(sku), active: true }),
    ]);
    const sold = await submit(productOf(sku), {});
    expect(sold.statusCode).toBe(200);
    await advance(1_000);
  });

  it('refuses forged, foreign, malformed and contradicting requests, storing nothing', async () => {
    const n0 = await publications();
    const cursor = await lastSeq();
    const body = seeded('TOPUP-CUCC-50', { supplyPrice: 1 });
    expect((await publish('TOPUP-CUCC-50', body, { sign: false })).statusCode).toBe(401);
    expect((await publish('TOPUP-CUCC-50', body, { supplierId: DEMO.agentId })).json().error.code).toBe('NOT_FOUND');
    expect((await publish('TOPUP-CUCC-50', body, { supplierId: uuidv4() })).statusCode).toBe(404);
    const bad: [string, Record<string, unknown>, string][] = [
      ['negative price', seeded('TOPUP-CUCC-50', { supplyPrice: -1 }), 'supplyPrice'],
      ['fractional fen', seeded('TOPUP-CUCC-50', { supplyPrice: 10.5 }), 'supplyPrice'],
      ['top-up without carrier', seeded('TOPUP-CUCC-50', { carrier: null }), 'carrier'],
      ['utility without biller', seeded('BILL-1-100', { biller: null }), 'biller'],
      ['regions on a card', seeded('CARD-1-100', { regions: ['上海市'] }), 'regions'],
      ['unknown province', seeded('TOPUP-CUCC-50', { regions: ['火星省'] }), 'regions.0'],
      ['unknown field', seeded('TOPUP-CUCC-50', { discount: 5 }), ''],
    ];
    for (const [what, b, path] of bad) {
      const sku = b.kind === 'utility' ? 'BILL-1-100' : b.kind === 'gamecard' ? 'CARD-1-100' : 'TOPUP-CUCC-50';
      const r = await publish(sku, b);
      expect(r.statusCode, what).toBe(400);
      expect(r.json().error.code, what).toBe('VALIDATION');
      if (path) expect(JSON.stringify(r.json().error.details), what).toContain(path);
    }
    const badId = await publish('bad*id', body);
    expect(badId.statusCode).toBe(400);
    const conflict = await publish('TOPUP-CUCC-50', seeded('TOPUP-CUCC-50', { faceValue: 6_000 }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error).toMatchObject({ code: 'CONFLICT', details: { field: 'faceValue' } });
    expect(await publications()).toBe(n0);
    expect(await feedAfter(cursor)).toEqual([]);
    const row = await w.db.query<{ supply_price: string }>('SELECT supply_price FROM goods_sources WHERE id = $1', [
      src('TOPUP-CUCC-50').id,
    ]);
    expect(Number(row.rows[0]!.supply_price)).toBe(src('TOPUP-CUCC-50').supplyPrice);
    // the list: unsigned or stale `at` is refused
    expect((await list(w.clock.now, false)).statusCode).toBe(401);
    expect((await list(w.clock.now - 10 * 60_000)).statusCode).toBe(401);
  });
});

describe('region constraint at submit', () => {
  const regional = () => productOf('TOPUP-CUCC-SH-50');
  it('sells a Shanghai-only top-up to a Shanghai number, refuses other and unknown provinces', async () => {
    expect(demoCatalog().products.find((p) => p.sku === 'TOPUP-CUCC-SH-50')!.regions).toEqual(['上海市']);
    const shanghai = await submit(regional(), { phone: '13010310001' });
    expect(shanghai.statusCode).toBe(200);
    expect((shanghai.json() as VirtualOrder).cost).toBe(4_925);
    const shandong = await submit(regional(), { phone: '13000000001' });
    expect(shandong.statusCode).toBe(400);
    expect(shandong.json().error).toMatchObject({
      code: 'VALIDATION',
      details: [{ path: 'phone', province: '山东省', regions: ['上海市'] }],
    });
    const unknown = await submit(regional(), { phone: '13199999991' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toMatchObject({ province: null });
    // the nationwide source of the same carrier and face value still sells to Shandong
    expect((await submit(productOf('TOPUP-CUCC-50'), { phone: '13000000001' })).statusCode).toBe(200);
    // a supplier may widen the regions: Shandong is then accepted
    expect(
      (await publish('TOPUP-CUCC-SH-50', seeded('TOPUP-CUCC-SH-50', { regions: ['上海市', '山东省'] }))).json(),
    ).toMatchObject({ outcome: 'updated', products: 1 });
    expect((await submit(regional(), { phone: '13000000001' })).statusCode).toBe(200);
    await advance(1_000);
  });
});

describe('a utility bill', () => {
  it('is paid to an account number: pending → success, supplier and agent settled', async () => {
    const bill = productOf('BILL-1-100');
    const [o0, s0, a0] = [
      await balance(w.db, outletPrepaidId(DEMO.outletId)),
      await balance(w.db, supplierReceivableId(DEMO.supplierId)),
      await balance(w.db, agentCommissionId(DEMO.agentId)),
    ];
    const res = await submit(bill, { account: '3100123456' });
    expect(res.statusCode).toBe(200);
    const o = res.json() as VirtualOrder;
    expect(o).toMatchObject({
      kind: 'utility',
      account: '3100123456',
      phone: null,
      status: 'pending',
      faceValue: 10_000,
      cost: 9_980 + 10,
    });
    expect((await balance(w.db, outletPrepaidId(DEMO.outletId))).pendingDebits - o0.pendingDebits).toBe(9_990);
    await advance(1_000);
    expect(((await w.call('GET', `${VIRTUAL_PATHS.order}/${o.id}`)).json() as VirtualOrder).status).toBe('success');
    expect((await balance(w.db, outletPrepaidId(DEMO.outletId))).posted - o0.posted).toBe(-9_990);
    expect((await balance(w.db, supplierReceivableId(DEMO.supplierId))).posted - s0.posted).toBe(9_980);
    expect((await balance(w.db, agentCommissionId(DEMO.agentId))).posted - a0.posted).toBe(10);
  });

  it('needs an account number, and only bills take one', async () => {
    const bill = productOf('BILL-2-50');
    for (const [extra, path] of [
      [{}, 'account'],
      [{ phone: PHONES.success }, 'phone'],
    ] as const) {
      const r = await submit(bill, extra);
      expect(r.statusCode).toBe(400);
      expect(JSON.stringify(r.json().error.details)).toContain(path);
    }
    expect((await submit(bill, { account: '12-34' })).statusCode).toBe(400);
    expect(
      (await submit(productOf('TOPUP-CMCC-50'), { phone: PHONES.success, account: '3100123456' })).statusCode,
    ).toBe(400);
    expect((await submit(productOf('CARD-1-10'), { account: '3100123456' })).statusCode).toBe(400);
  });

  it('takes any amount in range, priced at its product’s rate; the amount is part of the retry key', async () => {
    const bill = productOf('BILL-1-100'); // face ¥100, supply ¥99.80, markup ¥0.10
    const o0 = await balance(w.db, outletPrepaidId(DEMO.outletId));
    const clientOrderId = uuidv7();
    const body = { clientOrderId, productId: bill, account: '3100123456', amount: 8_735 };
    const res = await w.call('POST', VIRTUAL_PATHS.submit, body);
    expect(res.statusCode).toBe(200);
    // supply 8735 × 9980 / 10000 = 8717.53 → 8718; markup 8735 × 10 / 10000 = 8.735 → 9
    expect(res.json()).toMatchObject({ faceValue: 8_735, cost: 8_718 + 9, status: 'pending' });
    expect((await balance(w.db, outletPrepaidId(DEMO.outletId))).pendingDebits - o0.pendingDebits).toBe(8_727);
    // a retry answers with the same order; the same key with another amount is a conflict
    expect((await w.call('POST', VIRTUAL_PATHS.submit, body)).json()).toMatchObject({ id: res.json().id });
    expect((await w.call('POST', VIRTUAL_PATHS.submit, { ...body, amount: 8_736 })).statusCode).toBe(409);
    await advance(1_000);
    expect((await balance(w.db, outletPrepaidId(DEMO.outletId))).posted - o0.posted).toBe(-8_727);
    // out of range, or on something that is not a bill: refused, nothing stored
    for (const amount of [99, 500_001])
      expect((await submit(bill, { account: '3100123456', amount })).statusCode).toBe(400);
    expect((await submit(productOf('TOPUP-CMCC-50'), { phone: PHONES.success, amount: 5_000 })).statusCode).toBe(400);
  });
});
