// A shift belongs to a person (issue 9 item 4), through the real backend on real SQLite files against the fake
// cloud: another employee who logs in while a shift is open hands it over (交班) or, holding shift.manage,
// covers it (代班, recorded on every movement and in the audit chain); anyone else is refused by the backend
// with a typed error. A shift a sale opened asks for its float, once. A restart keeps all of it.
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/chain';
import { openDatabases } from '../db/open';
import { CASHIER_ID, SUPERVISOR_ID, type FakeCloud } from '../testing/fake-cloud';
import { closeTill, openPos, openRegisteredTill, type TestPos, type Till } from '../testing/harness';
import { shiftReportMarkup } from './report';

let cloud: FakeCloud;
let t: TestPos;
let dir: Till['dir'];

beforeEach(async () => {
  // 'clerk' (sale.sell + shift.manage) is the first at the till; 'boss' (shift.manage) and 'helper' (sale.sell
  // only) are two other employees
  ({ cloud, dir, t } = await openRegisteredTill({ login: { username: 'clerk', password: 'clerk123' } }));
});
afterEach(async () => {
  await closeTill(t, { cloud, dir });
});

function readSales<T>(fn: (db: ReturnType<typeof openDatabases>['sales']) => T): T {
  const dbs = openDatabases(dir.dir);
  try {
    return fn(dbs.sales);
  } finally {
    dbs.close();
  }
}

async function switchTo(username: string) {
  await t.pos.call('auth.logout', {});
  await t.pos.call('auth.login', { username, password: `${username}123` });
}

async function sellWater(tendered = 200) {
  await t.pos.call('cart.scan', { code: '6921168509256' }); // ¥2.00
  return (await t.pos.call('sale.checkout', { tendered })).order;
}

describe('a shift belongs to a person', () => {
  it('another employee is refused cash acts until they cover (代班); the covered movements say so everywhere', async () => {
    const opened = (await t.pos.call('shift.open', { openingFloat: 10_000 })).shift;
    await sellWater();
    expect(await t.pos.call('shift.status', {})).toMatchObject({ mine: true, covering: false });

    await switchTo('boss');
    const status = await t.pos.call('shift.status', {});
    expect(status).toMatchObject({ mine: false, covering: false, shift: { id: opened.id, openedBy: CASHIER_ID } });
    // the backend refuses, whatever the screen shows: a sale, a pay-out, a return
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const sale = await t.pos.try('sale.checkout', { tendered: 200 });
    expect(!sale.ok && sale.error).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'SHIFT_OF_ANOTHER', shiftId: opened.id, openedBy: CASHIER_ID },
    });
    const out = await t.pos.try('shift.payInOut', { amount: -500, reason: '买水' });
    expect(!out.ok && out.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'SHIFT_OF_ANOTHER' } });
    expect(readSales((db) => db.prepare('SELECT count(*) FROM orders').pluck().get())).toBe(1);

    // 代班: from now on boss sells within clerk's shift, and every movement says so
    expect(await t.pos.call('shift.cover', {})).toMatchObject({ mine: false, covering: true });
    const covered = (await t.pos.call('sale.checkout', { tendered: 500 })).order;
    await t.pos.call('shift.payInOut', { amount: -500, reason: '买水' });
    expect(
      readSales((db) =>
        db.prepare('SELECT kind, amount, employee_id AS who, covering FROM cash_movements ORDER BY at, rowid').all(),
      ),
    ).toEqual([
      { kind: 'sale', amount: 200, who: CASHIER_ID, covering: 0 },
      { kind: 'sale', amount: 200, who: SUPERVISOR_ID, covering: 1 },
      { kind: 'pay_out', amount: -500, who: SUPERVISOR_ID, covering: 1 },
    ]);
    const ret = await t.pos.call('sale.return', {
      orderId: covered.id,
      lines: [{ lineNo: 1, qty: 1 }],
      reason: 'defective',
    });
    expect(ret.return.refunds).toEqual([{ method: 'cash', amount: 200 }]);

    // the audit chain has the cover and each covered act names whose shift it was
    const audit = readSales((db) =>
      (
        db
          .prepare('SELECT action, actor_id AS actor, details FROM audit_log WHERE actor_id = ? ORDER BY id')
          .all(SUPERVISOR_ID) as { action: string; actor: string; details: string }[]
      ).map((r) => ({
        action: r.action,
        coveringFor: JSON.parse(r.details).coveringFor,
        openedBy: JSON.parse(r.details).openedBy,
      })),
    );
    expect(audit.filter((a) => a.action !== 'auth.login')).toEqual([
      { action: 'shift.cover', coveringFor: undefined, openedBy: CASHIER_ID },
      { action: 'sale.checkout', coveringFor: CASHIER_ID, openedBy: undefined },
      { action: 'shift.payOut', coveringFor: CASHIER_ID, openedBy: undefined },
      { action: 'sale.return', coveringFor: CASHIER_ID, openedBy: undefined },
    ]);
    expect(readSales((db) => verifyAuditChain(db)).ok).toBe(true);

    // a second cover is no second record; the shift report and the 交班 slip list what was done under cover
    await t.pos.call('shift.cover', {});
    const current = (await t.pos.call('shift.current', {})).shift!;
    expect(current.covers).toEqual([
      { employeeId: SUPERVISOR_ID, name: '店长', at: expect.any(Number), salesCount: 1, salesTotal: 200, cash: -500 },
    ]);
    await switchTo('clerk');
    const closed = (await t.pos.call('shift.close', { countedCash: 9_700 })).shift;
    expect(closed.covers).toHaveLength(1);
    const slip = shiftReportMarkup(closed, { outletName: '测试网点', timeZone: 'Asia/Shanghai', cpl: 32 });
    expect(slip).toContain('代班');
    expect(slip).toContain('店长');
    const { svg } = await t.pos.call('shift.preview', { id: closed.id });
    expect(svg.replace(/<[^>]+>/g, '').replace(/&#xa0;/g, ' ')).toContain('代班 店长');
    expect(iconv.encode(slip, 'gb18030').includes(iconv.encode('代班', 'gb18030'))).toBe(true);
  });

  it('an employee without shift.manage may not cover: the backend refuses them, and their sales stay out', async () => {
    await t.pos.call('shift.open', { openingFloat: 0 });
    await switchTo('helper');
    expect(await t.pos.call('shift.status', {})).toMatchObject({ mine: false, covering: false });
    const cover = await t.pos.try('shift.cover', {});
    expect(!cover.ok && cover.error.code).toBe('FORBIDDEN');
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const sale = await t.pos.try('sale.checkout', { tendered: 200 });
    expect(!sale.ok && sale.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'SHIFT_OF_ANOTHER' } });
    expect(readSales((db) => db.prepare('SELECT count(*) FROM orders').pluck().get())).toBe(0);
    expect(readSales((db) => db.prepare('SELECT count(*) FROM shift_covers').pluck().get())).toBe(0);
  });

  it('handover (交班): the next employee closes the open shift and their sales open their own', async () => {
    const first = (await t.pos.call('shift.open', { openingFloat: 5_000 })).shift;
    await sellWater();
    await switchTo('boss');
    const closed = (await t.pos.call('shift.close', { countedCash: 5_200 })).shift;
    expect(closed).toMatchObject({ id: first.id, openedBy: CASHIER_ID, closedBy: SUPERVISOR_ID, difference: 0 });
    expect(closed.covers).toEqual([]);
    const mine = (await t.pos.call('shift.open', { openingFloat: 3_000 })).shift;
    expect(await t.pos.call('shift.status', {})).toMatchObject({ mine: true, shift: { id: mine.id } });
    await sellWater();
    expect(
      readSales((db) => db.prepare('SELECT shift_id FROM orders ORDER BY created_at, rowid').pluck().all()),
    ).toEqual([first.id, mine.id]);
  });

  it('a shift a sale opened asks for its float once; a restart in the middle keeps the cover and the question', async () => {
    await sellWater();
    const auto = await t.pos.call('shift.status', {});
    expect(auto).toMatchObject({ mine: true, shift: { autoOpened: true, needsFloat: true } });
    await switchTo('boss');
    await t.pos.call('shift.cover', {});

    // the till restarts: the cover and the unanswered float survive it
    await t.backend.close();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('auth.login', { username: 'boss', password: 'boss123' });
    expect(await t.pos.call('shift.status', {})).toMatchObject({ covering: true, shift: { needsFloat: true } });
    await sellWater();

    // the covering employee may give the float (they count the drawer they sell from)
    const withFloat = (await t.pos.call('shift.setFloat', { openingFloat: 8_000 })).shift;
    expect(withFloat).toMatchObject({ openingFloat: 8_000, needsFloat: false, expectedCash: 8_400 });
    // the float given later makes a shift the wire takes: it closes and is queued as opened with that float
    const closed = (await t.pos.call('shift.close', { countedCash: 8_400 })).shift;
    expect(closed).toMatchObject({ openingFloat: 8_000, difference: 0 });
    expect(
      JSON.parse(
        readSales((db) => db.prepare("SELECT payload FROM outbox WHERE kind = 'shift'").pluck().get()) as string,
      ),
    ).toMatchObject({ openingFloat: 8_000, autoOpened: false });
    await t.pos.call('shift.open', { openingFloat: 0 });
    await t.pos.call('shift.close', { countedCash: 0 });
    await sellWater();
    await t.pos.call('shift.setFloat', { openingFloat: 8_000 });
    const again = await t.pos.try('shift.setFloat', { openingFloat: 1 });
    expect(!again.ok && again.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'FLOAT_SET' } });
    const bad = await t.pos.try('shift.setFloat', { openingFloat: -1 });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    expect(
      readSales((db) => db.prepare("SELECT details FROM audit_log WHERE action = 'shift.setFloat'").pluck().all()).map(
        (d) => JSON.parse(d as string),
      ),
    ).toEqual([{ openingFloat: 8_000 }, { openingFloat: 8_000 }]);
  });

  it('a shift opened by hand has its float: setFloat is CONFLICT, and without a shift NOT_FOUND', async () => {
    const none = await t.pos.try('shift.setFloat', { openingFloat: 100 });
    expect(!none.ok && none.error.code).toBe('NOT_FOUND');
    await t.pos.call('shift.open', { openingFloat: 100 });
    expect((await t.pos.call('shift.status', {})).shift).toMatchObject({ needsFloat: false });
    const r = await t.pos.try('shift.setFloat', { openingFloat: 200 });
    expect(!r.ok && r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'FLOAT_SET' } });
  });
});
