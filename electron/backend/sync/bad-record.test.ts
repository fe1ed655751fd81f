// Issue 9 item 2, "one bad record must not wedge the till", on real SQLite files through the real backend
// against the fake cloud:
//  (a) the till never makes a record the wire would refuse — the original bug: a member top-up of
//      ¥99,999,999 took the open shift's expected cash past the shift wire's limit, so the closed shift was
//      parked as invalid forever. Now the movement (and a sale, a pay-in …) that would cross a limit is refused
//      with VALIDATION naming the field, in its own transaction, and the shift always closes and goes;
//  (b) a record parked (by the cloud's refusal) keeps its reason, holds nothing back, and is listed for the
//      owner (sync.parked) with whether another try can help;
//  (c) logging out and switching cashier never wait for unsent records; only a device reset does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FEN } from '../../../shared/money';
import { zShiftWire } from '../../../shared/sync/protocol';
import { openDatabases } from '../db/open';
import { createDrawer } from '../shifts/drawer';
import { shiftWire } from '../shifts/wire';
import type { FakeCloud } from '../testing/fake-cloud';
import { closeTill, openRegisteredTill, type TestPos, type Till } from '../testing/harness';

let cloud: FakeCloud;
let t: TestPos;
let dir: Till['dir'];

beforeEach(async () => {
  ({ cloud, dir, t } = await openRegisteredTill({ login: { username: 'clerk', password: 'clerk123' } }));
});
afterEach(async () => {
  await closeTill(t, { cloud, dir });
});

function withSales<T>(fn: (db: ReturnType<typeof openDatabases>['sales']) => T): T {
  const dbs = openDatabases(dir.dir);
  try {
    return fn(dbs.sales);
  } finally {
    dbs.close();
  }
}
const fieldsOf = (e: unknown) => ((e as { details?: { path: string }[] }).details ?? []).map((d) => d.path);
const EMPLOYEE = '0190a000-0000-7000-8000-0000000000c1';

describe('(a) the till never makes a record the wire would refuse', () => {
  it('the original bug: a ¥99,999,999 member top-up into an open shift is refused before and at the write', () => {
    withSales((db) => {
      const drawer = createDrawer(db);
      drawer.open({ employeeId: EMPLOYEE, openingFloat: 100_000, now: 1_000, auto: false }); // ¥1,000 float
      const topup = 9_999_999_900; // ¥99,999,999: float + top-up > ¥100,000,000, the wire's limit
      // asked before the cloud books the top-up …
      expect(() => drawer.assertRoomFor('member_topup', topup)).toThrow(/shift\.expectedCash/);
      // … and at the write itself, inside the caller's transaction: nothing of it stays
      let caught: unknown;
      try {
        db.transaction(() =>
          drawer.record({
            kind: 'member_topup',
            amount: topup,
            ref: 't1',
            memberId: 'm1',
            employeeId: EMPLOYEE,
            now: 2,
          }),
        )();
      } catch (e) {
        caught = e;
      }
      expect(caught).toMatchObject({ code: 'VALIDATION' });
      expect(fieldsOf(caught)).toEqual(expect.arrayContaining(['shift.expectedCash']));
      expect(db.prepare('SELECT count(*) FROM cash_movements').pluck().get()).toBe(0);
      // the shift still closes, and its wire is one the cloud takes
      const closed = drawer.close({ employeeId: EMPLOYEE, countedCash: 100_000, note: null, now: 3_000 });
      expect(zShiftWire.safeParse(shiftWire(closed, drawer.totals(closed))).success).toBe(true);
    });
  });

  it('a pay-in or a cash sale that would cross a limit is VALIDATION naming the field; the shift closes and goes', async () => {
    await t.pos.call('shift.open', { openingFloat: MAX_FEN - 100 });
    const payIn = await t.pos.try('shift.payInOut', { amount: 200, reason: '补零钱' });
    expect(!payIn.ok && payIn.error.code).toBe('VALIDATION');
    expect(!payIn.ok && fieldsOf(payIn.error)).toEqual(expect.arrayContaining(['shift.expectedCash']));

    await t.pos.call('cart.scan', { code: '6921168509256' }); // ¥2.00
    const sale = await t.pos.try('sale.checkout', { tendered: 200 });
    expect(!sale.ok && sale.error.code).toBe('VALIDATION');
    expect(!sale.ok && fieldsOf(sale.error)).toEqual(expect.arrayContaining(['shift.expectedCash']));
    expect((await t.pos.call('cart.get', {})).lines).toHaveLength(1); // the cart waits, ready for another shift
    withSales((db) => {
      expect(db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM cash_movements').pluck().get()).toBe(0);
    });

    const closed = (await t.pos.call('shift.close', { countedCash: MAX_FEN - 100 })).shift;
    expect(await t.pos.call('sync.now', {})).toMatchObject({ unsent: 0, parked: 0 });
    expect([...cloud.shifts.keys()]).toEqual([closed.id]);
    // a new shift takes the sale
    await t.pos.call('shift.open', { openingFloat: 0 });
    expect((await t.pos.call('sale.checkout', { tendered: 200 })).order.total).toBe(200);
  });
});

describe('(b)+(c) a parked record', () => {
  async function sell(): Promise<string> {
    await t.pos.call('cart.scan', { code: '6921168509256' });
    return (await t.pos.call('sale.checkout', { tendered: 200 })).order.id;
  }

  it('keeps its reason, holds nothing back, never blocks logout or a cashier switch, and keeps a reset waiting', async () => {
    cloud.down = true;
    const refused = await sell();
    // the cloud holds another payload under this id: its verdict will be 'conflict'
    cloud.orders.set(refused, { payload: '{"other":true}', serverId: '0190a000-0000-7000-8000-00000000ffff' });
    const behind = await sell();
    cloud.down = false;
    const s = await t.pos.call('sync.now', {});
    expect(s).toMatchObject({ unsent: 1, parked: 1, lastError: { code: 'CONFLICT' } });
    expect(cloud.orders.has(behind)).toBe(true); // not held back by the parked one
    const later = await sell();
    expect(await t.pos.call('sync.now', {})).toMatchObject({ unsent: 1, parked: 1 });
    expect(cloud.orders.has(later)).toBe(true);

    // (c) the cashier leaves and another one comes: neither waits for the parked record
    expect((await t.pos.try('auth.logout', {})).ok).toBe(true);
    await t.pos.call('auth.login', { username: 'manager', password: 'manager123' });

    // (b) the owner's list: the record, its receipt number, the reason; another try cannot help a conflict
    const { records } = await t.pos.call('sync.parked', {});
    expect(records).toEqual([
      expect.objectContaining({
        kind: 'order',
        ref: refused,
        number: expect.any(String),
        reason: expect.objectContaining({ code: 'CONFLICT' }),
        retryable: false,
      }),
    ]);
    const retry = await t.pos.try('sync.retryParked', { id: records[0]!.id });
    expect(!retry.ok && retry.error.code).toBe('NOT_FOUND');

    // only a reset waits, and says why
    const reset = await t.pos.try('device.reset', { confirm: 'c1' });
    expect(!reset.ok && reset.error).toMatchObject({ code: 'UNSENT_ORDERS', details: { unsent: 1, parked: 1 } });
  });

  it('one parked for the cloud’s own fault is offered again, and goes', async () => {
    const id = await sell();
    withSales((db) =>
      db
        .prepare('UPDATE outbox SET failed_at = 5, last_error = ? WHERE ref_id = ?')
        .run(JSON.stringify({ code: 'INTERNAL', message: 'the cloud failed', repeats: 8 }), id),
    );
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: 'manager', password: 'manager123' });
    const { records } = await t.pos.call('sync.parked', {});
    expect(records).toEqual([
      expect.objectContaining({ ref: id, retryable: true, reason: expect.objectContaining({ code: 'INTERNAL' }) }),
    ]);
    expect(await t.pos.call('sync.retryParked', { id: records[0]!.id })).toMatchObject({ unsent: 0, parked: 0 });
    expect(cloud.orders.has(id)).toBe(true);
    expect((await t.pos.call('sync.parked', {})).records).toEqual([]);
  });
});
