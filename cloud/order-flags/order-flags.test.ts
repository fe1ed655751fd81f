// The cloud no longer trusts the till's prices and discounts blindly: an order is still accepted (the sale
// happened), but one whose discount goes beyond the cashier's limits without a supervisor's override, whose
// member or 抹零 discount no rule explains, or whose catalog price is not the catalog's at the time of sale is
// flagged for the owner — listed in GET /v1/orders/flagged, marked reviewed, and e-mailed once per push.
// Real routes (inject), on PGlite and PostgreSQL (DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlaggedList } from '../../shared/api/flagged-orders';
import { PATHS } from '../../shared/sync/protocol';
import { DEMO, demoCatalog } from '../seed/demo';
import { hashPassword } from '../auth/passwords';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { createWorld, type TestWorld } from '../test-support/world';
import { PRICE_GRACE_MS } from './checks';

let w: TestWorld;
let till: EmployeeClient;
let owner: EmployeeClient;
const SUPER = 'flags-super-1';
const MANAGER = randomUUID();
const NO_DISCOUNT_BOSS = randomUUID();
const goods = demoCatalog().products.filter((p) => p.kind === 'physical');
const [p1, p2] = [goods[3]!, goods[11]!];
let n = 0;

interface LineSpec {
  product: { id: string; sku: string; name: string; price: number };
  qty?: number;
  /** the price charged (default: the catalog's) */
  unitPrice?: number;
  /** the catalog price the till claims when it charged another */
  listPrice?: number;
  discount?: number;
}
function order(o: {
  lines: LineSpec[];
  member?: number;
  orderDiscount?: number;
  rounding?: number;
  memberId?: string;
  overrides?: { act: string; supervisorId: string }[];
  createdAt?: number;
  employeeId?: string;
}) {
  const lines = o.lines.map((l, i) => {
    const qty = l.qty ?? 1;
    const unitPrice = l.unitPrice ?? l.product.price;
    const discount = l.discount ?? 0;
    return {
      lineNo: i + 1,
      productId: l.product.id,
      sku: l.product.sku,
      name: l.product.name,
      qty,
      unitPrice,
      ...(l.listPrice !== undefined ? { listPrice: l.listPrice } : {}),
      ...(discount ? { discount } : {}),
      lineTotal: unitPrice * qty - discount,
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.lineTotal, 0);
  const discounts = { member: o.member ?? 0, order: o.orderDiscount ?? 0, rounding: o.rounding ?? 0 };
  const discount = discounts.member + discounts.order + discounts.rounding;
  const total = subtotal - discount;
  const createdAt = o.createdAt ?? w.clock.now;
  return {
    clientOrderId: uuidv7(),
    number: `F-${String(++n).padStart(4, '0')}`,
    createdAt,
    employeeId: o.employeeId ?? DEMO.cashier.id,
    lines,
    subtotal,
    discount,
    total,
    discounts,
    payments: [
      o.memberId
        ? { method: 'member', amount: total, memberId: o.memberId }
        : { method: 'cash', amount: total, tendered: total, change: 0 },
    ],
    ...(o.overrides ? { overrides: o.overrides.map((x) => ({ ...x, at: createdAt })) } : {}),
  };
}
async function push(...orders: ReturnType<typeof order>[]) {
  const r = await till.call('POST', PATHS.ordersBatch, { orders });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  for (const x of r.body.results) expect(x.status, JSON.stringify(x)).toMatch(/accepted|duplicate/);
  return r.body.results as { serverOrderId: string }[];
}
const flagsOf = async (serverOrderId: string) =>
  (
    await w.db.query<{ reasons: { kind: string }[] }>('SELECT reasons FROM order_flags WHERE order_id = $1', [
      serverOrderId,
    ])
  ).rows[0]?.reasons ?? null;
const kindsOf = async (o: ReturnType<typeof order>) => {
  const [r] = await push(o);
  return (await flagsOf(r!.serverOrderId))?.map((x) => x.kind) ?? [];
};
const mails = async () =>
  (
    await w.db.query<{ subject: string; body: string }>(
      "SELECT subject, body FROM email_messages WHERE kind = 'order_flagged' ORDER BY id",
    )
  ).rows;

beforeAll(async () => {
  w = await createWorld();
  owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
  expect((await owner.login('owner', 'owner888')).status).toBe(200);
  expect(
    (await owner.call('PUT', '/v1/me/super-password', { password: 'owner888', superPassword: SUPER })).status,
  ).toBe(200);
  till = owner.fork();
  await w.db.query("UPDATE employees SET email = 'boss@example.com', email_verified_at = 1 WHERE id = $1", [
    DEMO.master.id,
  ]);
  // the cashier may give ¥5 or 10 % of a sale, whichever is less
  await w.db.query('UPDATE employees SET max_discount_fen = 500, max_discount_bps = 1000 WHERE id = $1', [
    DEMO.cashier.id,
  ]);
  const pw = await hashPassword('sup-12345');
  await w.db.query(
    `INSERT INTO employees (id, org_id, username, name, password_hash, permissions, created_at) VALUES
       ($1, $3, 'mgr_flags', '王店长', $4, ARRAY['sale.sell','sale.discount'], 0),
       ($2, $3, 'lead_flags', '李组长', $4, ARRAY['sale.sell'], 0)`,
    [MANAGER, NO_DISCOUNT_BOSS, DEMO.outletId, pw],
  );
}, 60_000);
afterAll(async () => {
  await w?.close();
});
beforeEach(() => {
  w.clock.now += 1_000;
});

describe('discounts against the cashier’s limits', () => {
  it('within the limits, or with no discount: not flagged', async () => {
    expect(await kindsOf(order({ lines: [{ product: p1, qty: 2 }] }))).toEqual([]);
    // ¥5 off a sale of ¥100 or more is within both limits
    const qty = Math.ceil(10_000 / p1.price);
    expect(await kindsOf(order({ lines: [{ product: p1, qty }], orderDiscount: 500 }))).toEqual([]);
    // 改价 from the catalog price, within the limits
    expect(
      await kindsOf(order({ lines: [{ product: p2, qty: 20, unitPrice: p2.price - 10, listPrice: p2.price }] })),
    ).toEqual([]);
  });

  it('beyond the amount or the share, by any means (order discount, line discount, 改价): flagged', async () => {
    const qty = Math.ceil(20_000 / p1.price);
    expect(await kindsOf(order({ lines: [{ product: p1, qty }], orderDiscount: 800 }))).toEqual([
      'discount_over_limit',
    ]);
    expect(await kindsOf(order({ lines: [{ product: p1, qty, discount: 600 }] }))).toEqual(['discount_over_limit']);
    expect(
      await kindsOf(
        order({ lines: [{ product: p2, qty: 1, unitPrice: Math.floor(p2.price / 2), listPrice: p2.price }] }),
      ),
    ).toEqual(p2.price - Math.floor(p2.price / 2) > Math.floor(p2.price / 10) ? ['discount_over_limit'] : []);
    const [r] = await push(order({ lines: [{ product: p1, qty }], orderDiscount: 800 }));
    expect(await flagsOf(r!.serverOrderId)).toEqual([
      expect.objectContaining({
        kind: 'discount_over_limit',
        discretionaryFen: 800,
        maxDiscountFen: 500,
        maxDiscountBps: 1000,
        beyond: 'AMOUNT',
      }),
    ]);
  });

  it('a supervisor’s discount override holding sale.discount clears it; one without that permission does not', async () => {
    const qty = Math.ceil(20_000 / p1.price);
    const over = (supervisorId: string) =>
      order({ lines: [{ product: p1, qty }], orderDiscount: 2_000, overrides: [{ act: 'discount', supervisorId }] });
    expect(await kindsOf(over(MANAGER))).toEqual([]);
    expect(await kindsOf(over(NO_DISCOUNT_BOSS))).toEqual(['discount_over_limit']);
    // the owner's own sale has no limit
    expect(
      await kindsOf(order({ lines: [{ product: p1, qty }], orderDiscount: 2_000, employeeId: DEMO.master.id })),
    ).toEqual([]);
  });

  it('a member discount beyond any level, and 抹零 beyond the outlet’s rule: flagged', async () => {
    // no member of this outlet has any level discount: a "member discount" on a cash sale is unexplained
    expect(await kindsOf(order({ lines: [{ product: p1, qty: 3 }], member: 50 }))).toEqual(['member_discount']);
    const m = await owner.call('POST', '/v1/members', { cardNo: 'FLAG-M1', name: '会员甲', discountBps: 9_000 });
    expect(m.status, JSON.stringify(m.body)).toBe(200);
    await owner.call('POST', `/v1/members/${m.body.member.id}/topups`, { clientId: randomUUID(), amountFen: 100_000 });
    const subtotal = p1.price * 3;
    const tenth = Math.floor(subtotal / 10);
    // the paying member's 10 % is explained, more is not; with the level now in the outlet, a cash sale's 10 % is too
    expect(
      await kindsOf(order({ lines: [{ product: p1, qty: 3 }], member: tenth, memberId: m.body.member.id })),
    ).toEqual([]);
    expect(
      await kindsOf(order({ lines: [{ product: p1, qty: 3 }], member: tenth + 1, memberId: m.body.member.id })),
    ).toEqual(['member_discount']);
    expect(await kindsOf(order({ lines: [{ product: p1, qty: 3 }], member: tenth }))).toEqual([]);
    // the outlet's rule is 'none': any 抹零 is beyond it
    expect(await kindsOf(order({ lines: [{ product: p1, qty: 3 }], rounding: 5 }))).toEqual(['rounding']);
    await w.db.query("UPDATE organizations SET rounding_rule = 'yuan' WHERE id = $1", [DEMO.outletId]);
    expect(await kindsOf(order({ lines: [{ product: p1, qty: 3 }], rounding: 99 }))).toEqual([]);
    expect(await kindsOf(order({ lines: [{ product: p1, qty: 3 }], rounding: 100 }))).toEqual(['rounding']);
    await w.db.query("UPDATE organizations SET rounding_rule = 'none' WHERE id = $1", [DEMO.outletId]);
  });
});

describe('catalog prices at the time of sale', () => {
  it('a price the catalog never had: flagged with both prices', async () => {
    const [r] = await push(order({ lines: [{ product: p2, unitPrice: p2.price - 100 }, { product: p1 }] }));
    expect(await flagsOf(r!.serverOrderId)).toEqual([
      {
        kind: 'price_mismatch',
        lines: [
          { lineNo: 1, productId: p2.id, name: p2.name, tillPriceFen: p2.price - 100, catalogPriceFen: p2.price },
        ],
      },
    ]);
  });

  it('after a price change: the old price before it and for the grace time, the new one after; a till still on the old price later is flagged', async () => {
    const before = w.clock.now;
    w.clock.now += 1_000;
    const changedAt = w.clock.now;
    const r = await owner.call(
      'PUT',
      `/v1/catalog-admin/products/${p1.id}/price`,
      { price: p1.price + 300 },
      { superPassword: SUPER },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { rows } = await w.db.query<{ valid_from: number; price: number }>(
      'SELECT valid_from, price FROM product_prices WHERE product_id = $1 ORDER BY valid_from',
      [p1.id],
    );
    expect(rows.map((x) => [Number(x.valid_from), Number(x.price)])).toEqual([
      [0, p1.price],
      [changedAt, p1.price + 300],
    ]);
    const newP1 = { ...p1, price: p1.price + 300 };
    expect(await kindsOf(order({ lines: [{ product: p1 }], createdAt: before }))).toEqual([]);
    expect(await kindsOf(order({ lines: [{ product: p1 }], createdAt: changedAt + PRICE_GRACE_MS - 1 }))).toEqual([]);
    expect(await kindsOf(order({ lines: [{ product: newP1 }], createdAt: changedAt + 1 }))).toEqual([]);
    expect(await kindsOf(order({ lines: [{ product: p1 }], createdAt: changedAt + PRICE_GRACE_MS + 1 }))).toEqual([
      'price_mismatch',
    ]);
    expect(await kindsOf(order({ lines: [{ product: newP1 }], createdAt: before }))).toEqual(['price_mismatch']);
  });
});

describe('the owner sees them', () => {
  it('one e-mail per push that flagged anything, naming the orders; a duplicate push flags and mails nothing', async () => {
    const qty = Math.ceil(20_000 / p1.price);
    const before = (await mails()).length;
    const a = order({ lines: [{ product: p1, qty }], orderDiscount: 900 });
    const b = order({ lines: [{ product: p2, unitPrice: p2.price + 1 }] });
    await push(a, b, order({ lines: [{ product: p2 }] }));
    const after = await mails();
    expect(after.length - before).toBe(1);
    expect(after.at(-1)!.subject).toContain('2 笔订单需要核对');
    expect(after.at(-1)!.body).toContain(a.number);
    expect(after.at(-1)!.body).toContain(b.number);
    await push(a, b);
    expect((await mails()).length - before).toBe(1);
    expect(
      (
        await w.db.query(
          'SELECT 1 FROM order_flags WHERE order_id IN (SELECT id FROM orders WHERE client_order_id = ANY($1::uuid[]))',
          [[a.clientOrderId, b.clientOrderId]],
        )
      ).rows,
    ).toHaveLength(2);
  });

  it('lists them newest first with till, cashier and reasons; review marks one once, audited; cashiers cannot', async () => {
    const list = (await owner.call('GET', '/v1/orders/flagged?limit=3')).body as FlaggedList;
    expect(list.orders).toHaveLength(3);
    expect(list.openCount).toBeGreaterThan(3);
    const first = list.orders[0]!;
    expect(first).toMatchObject({ deviceId: till.device.id, employeeName: expect.any(String), reviewedAt: null });
    expect(list.orders.map((o) => o.flaggedAt)).toEqual([...list.orders.map((o) => o.flaggedAt)].sort((x, y) => y - x));
    const next = (await owner.call('GET', `/v1/orders/flagged?limit=3&cursor=${list.nextCursor}`)).body as FlaggedList;
    expect(next.orders.map((o) => o.orderId).some((id) => list.orders.some((o) => o.orderId === id))).toBe(false);

    const reviewed = await owner.call('POST', `/v1/orders/flagged/${first.orderId}/review`, {});
    expect(reviewed.body).toMatchObject({ result: 'ok' });
    expect((await owner.call('POST', `/v1/orders/flagged/${first.orderId}/review`, {})).body.result).toBe('exists');
    const open = (await owner.call('GET', '/v1/orders/flagged?status=open&limit=200')).body as FlaggedList;
    expect(open.orders.some((o) => o.orderId === first.orderId)).toBe(false);
    expect(open.openCount).toBe(list.openCount - 1);
    const done = (await owner.call('GET', '/v1/orders/flagged?status=reviewed')).body as FlaggedList;
    expect(done.orders[0]).toMatchObject({ orderId: first.orderId, reviewedBy: { id: DEMO.master.id } });
    const audit = await w.db.query("SELECT 1 FROM audit_log WHERE action = 'order.flag_review' AND target = $1", [
      first.orderId,
    ]);
    expect(audit.rows).toHaveLength(1);

    const cashier = owner.fork();
    expect((await cashier.login(DEMO.cashier.username, DEMO.cashier.password)).status).toBe(200);
    const refused = await cashier.call('GET', '/v1/orders/flagged');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await owner.call('POST', `/v1/orders/flagged/${randomUUID()}/review`, {})).body.error.code).toBe(
      'NOT_FOUND',
    );
  });
});
