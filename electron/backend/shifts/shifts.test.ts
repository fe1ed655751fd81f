// Shifts and the cash drawer on real SQLite files, through the real backend (router, handlers, checkout)
// against the fake cloud. Virtual goods and member top-ups are in cash-cloud.test.ts (real cloud).
import { createServer, type AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { savePrinterConfig } from '../print/printer';
import { verifyAuditChain } from '../audit/chain';
import { openDatabases } from '../db/open';
import type { FakeCloud } from '../testing/fake-cloud';
import { closeTill, openRegisteredTill, type TestPos, type Till } from '../testing/harness';

let cloud: FakeCloud;
let t: TestPos;
let dir: Till['dir'];

beforeEach(async () => {
  // 'clerk': the cashier role template (sale.sell + shift.manage) in the fake cloud
  ({ cloud, dir, t } = await openRegisteredTill({ login: { username: 'clerk', password: 'clerk123' } }));
});
afterEach(async () => {
  await closeTill(t, { cloud, dir });
});

/** Reads sales.db through a second connection, as a crash-recovered process would. */
function readSales<T>(fn: (db: ReturnType<typeof openDatabases>['sales']) => T): T {
  const dbs = openDatabases(dir.dir);
  try {
    return fn(dbs.sales);
  } finally {
    dbs.close();
  }
}
const movements = () =>
  readSales((db) => db.prepare('SELECT kind, amount, ref, reason FROM cash_movements ORDER BY at, rowid').all());

async function sellWater(tendered: number) {
  await t.pos.call('cart.scan', { code: '6921168509256' }); // ¥2.00
  return (await t.pos.call('sale.checkout', { tendered })).order;
}

describe('shifts and the cash drawer', () => {
  it('open with a float, sell with change (net cash recorded), pay in and out, close: expected and difference', async () => {
    expect((await t.pos.call('shift.current', {})).shift).toBeNull();
    const opened = (await t.pos.call('shift.open', { openingFloat: 20_000 })).shift;
    expect(opened).toMatchObject({
      openingFloat: 20_000,
      autoOpened: false,
      expectedCash: 20_000,
      closedAt: null,
      openedByName: expect.any(String),
    });

    const order = await sellWater(10_000); // ¥100 handed over, ¥98 change
    expect(order.change).toBe(9_800);
    expect(movements()).toEqual([{ kind: 'sale', amount: 200, ref: order.id, reason: null }]);

    await t.pos.call('shift.payInOut', { amount: 5_000, reason: '补零钱' });
    const afterOut = (await t.pos.call('shift.payInOut', { amount: -3_000, reason: '买水电费' })).shift;
    expect(afterOut.cashByKind).toEqual({
      sale: 200,
      virtual_sale: 0,
      virtual_refund: 0,
      member_topup: 0,
      pay_in: 5_000,
      sale_return: 0,
      pay_out: -3_000,
    });
    expect(afterOut.expectedCash).toBe(20_000 + 200 + 5_000 - 3_000);
    expect(afterOut).toMatchObject({ salesCount: 1, salesTotal: 200 });

    // a pay-out of more than the drawer should hold is refused and records nothing
    const tooMuch = await t.pos.try('shift.payInOut', { amount: -1_000_000, reason: '取现' });
    expect(!tooMuch.ok && tooMuch.error.code).toBe('VALIDATION');
    expect(movements()).toHaveLength(3);

    const closed = (await t.pos.call('shift.close', { countedCash: 22_150, note: '少了五毛' })).shift;
    expect(closed).toMatchObject({
      id: opened.id,
      expectedCash: 22_200,
      countedCash: 22_150,
      difference: -50,
      note: '少了五毛',
      closedAt: expect.any(Number),
    });
    expect((await t.pos.call('shift.current', {})).shift).toBeNull();
    expect((await t.pos.call('shift.history', { limit: 5 })).shifts).toEqual([closed]);

    // the close queued the shift in the outbox (same transaction, behind the sale); a sync takes it to the cloud
    expect(
      readSales((db) => db.prepare('SELECT kind FROM outbox WHERE acked_at IS NULL ORDER BY id').pluck().all()),
    ).toEqual(['order', 'shift']);
    expect(await t.pos.call('sync.now', {})).toMatchObject({ unsent: 0 });
    expect(JSON.parse(cloud.shifts.get(closed.id)!.payload)).toMatchObject({
      clientShiftId: closed.id,
      openingFloat: 20_000,
      expectedCash: 22_200,
      countedCash: 22_150,
      difference: -50,
      salesCount: 1,
      note: '少了五毛',
    });

    // the close, the open and the pay-in/out are on the till's audit chain, which still verifies
    const actions = readSales((db) =>
      db.prepare("SELECT action FROM audit_log WHERE action LIKE 'shift.%' ORDER BY id").pluck().all(),
    );
    expect(actions).toEqual(['shift.open', 'shift.payIn', 'shift.payOut', 'shift.close']);
    const closeAudit = readSales((db) =>
      JSON.parse(db.prepare("SELECT details FROM audit_log WHERE action = 'shift.close'").pluck().get() as string),
    );
    expect(closeAudit).toMatchObject({ expectedCash: 22_200, countedCash: 22_150, difference: -50 });
    expect(readSales((db) => verifyAuditChain(db)).ok).toBe(true);

    // a closed shift is history: the file refuses to change it
    expect(() =>
      readSales((db) => db.prepare('UPDATE shifts SET counted_cash = 0 WHERE id = ?').run(closed.id)),
    ).toThrow(/closed shift/);
    expect(() => readSales((db) => db.prepare('DELETE FROM cash_movements').run())).toThrow(/append-only/);
  });

  it('one open shift at a time: a second open is CONFLICT, and the file refuses a second open row', async () => {
    await t.pos.call('shift.open', { openingFloat: 0 });
    const again = await t.pos.try('shift.open', { openingFloat: 100 });
    expect(!again.ok && again.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'SHIFT_OPEN' } });
    expect(() =>
      readSales((db) =>
        db.prepare("INSERT INTO shifts (id, opened_by, opened_at, opening_float) VALUES ('x', 'e', 1, 0)").run(),
      ),
    ).toThrow(/UNIQUE/);
    const none = await (async () => {
      await t.pos.call('shift.close', { countedCash: 0 });
      return t.pos.try('shift.close', { countedCash: 0 });
    })();
    expect(!none.ok && none.error.code).toBe('NOT_FOUND');
  });

  it('selling with no shift open opens one itself (float 0, auto-opened), and that shift closes normally', async () => {
    const order = await sellWater(500);
    const current = (await t.pos.call('shift.current', {})).shift!;
    expect(current).toMatchObject({ autoOpened: true, openingFloat: 0, expectedCash: 200, salesCount: 1 });
    expect(readSales((db) => db.prepare('SELECT shift_id FROM orders WHERE id = ?').pluck().get(order.id))).toBe(
      current.id,
    );
    // the sale after a close lands in a new shift
    await t.pos.call('shift.close', { countedCash: 200 });
    await sellWater(200);
    const next = (await t.pos.call('shift.current', {})).shift!;
    expect(next.id).not.toBe(current.id);
    expect(next).toMatchObject({ autoOpened: true, expectedCash: 200, salesCount: 1 });
  });

  it('crash safety: a checkout whose transaction fails leaves no movement, no shift and no order', async () => {
    readSales((db) =>
      db.exec("CREATE TRIGGER boom BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"),
    );
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const r = await t.pos.try('sale.checkout', { tendered: 1_000 });
    expect(!r.ok && r.error.code).toBe('INTERNAL');
    expect(
      readSales((db) => ({
        moves: db.prepare('SELECT count(*) FROM cash_movements').pluck().get(),
        shifts: db.prepare('SELECT count(*) FROM shifts').pluck().get(),
        orders: db.prepare('SELECT count(*) FROM orders').pluck().get(),
      })),
    ).toEqual({ moves: 0, shifts: 0, orders: 0 });
    // and a movement that cannot be written takes its sale down with it
    readSales((db) =>
      db.exec(
        "DROP TRIGGER boom; CREATE TRIGGER boom2 BEFORE INSERT ON cash_movements BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
      ),
    );
    const r2 = await t.pos.try('sale.checkout', { tendered: 1_000 });
    expect(!r2.ok && r2.error.code).toBe('INTERNAL');
    expect(readSales((db) => db.prepare('SELECT count(*) FROM orders').pluck().get())).toBe(0);
    readSales((db) => db.exec('DROP TRIGGER boom2'));
    await t.pos.call('sale.checkout', { tendered: 1_000 });
    expect(movements()).toEqual([{ kind: 'sale', amount: 200, ref: expect.any(String), reason: null }]);
  });

  it('works with the cloud gone, and bad input is a typed error', async () => {
    await cloud.close();
    await t.pos.call('shift.open', { openingFloat: 1_000 });
    await sellWater(1_000);
    const bad = await t.pos.try('shift.payInOut', { amount: 0, reason: 'x' });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    const noReason = await t.pos.try('shift.payInOut', { amount: 100, reason: '  ' });
    expect(!noReason.ok && noReason.error.code).toBe('VALIDATION');
    const negative = await t.pos.try('shift.close', { countedCash: -1 });
    expect(!negative.ok && negative.error.code).toBe('VALIDATION');
    const closed = (await t.pos.call('shift.close', { countedCash: 1_300 })).shift;
    expect(closed).toMatchObject({ expectedCash: 1_200, difference: 100 });
    // the 交班单 renders (SVG preview) with the figures; printing without a printer is PRINTER_ERROR
    const { svg } = await t.pos.call('shift.preview', { id: closed.id });
    const text = svg.replace(/<[^>]+>/g, '').replace(/&#xa0;/g, ' ');
    for (const s of ['交班单', '备用金', '¥10.00', '应有现金', '¥12.00', '实点现金', '¥13.00', '差额', '+¥1.00'])
      expect(text).toContain(s);
    const print = await t.pos.try('shift.print', { id: closed.id });
    expect(!print.ok && print.error.code).toBe('PRINTER_ERROR');
  });

  it('prints the 交班单 on the receipt printer (ESC/POS, GB18030) through the printer set up for receipts', async () => {
    const got: Buffer[] = [];
    const server = createServer((s) => s.on('data', (d) => got.push(d)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      savePrinterConfig(dir.dir, {
        kind: 'network',
        host: '127.0.0.1',
        port: (server.address() as AddressInfo).port,
        paperWidth: 58,
      });
      await t.pos.call('shift.open', { openingFloat: 5_000 });
      await sellWater(500);
      const closed = (await t.pos.call('shift.close', { countedCash: 5_200 })).shift;
      expect(await t.pos.call('shift.print', { id: closed.id })).toEqual({ printed: true });
      const has = (s: string) => Buffer.concat(got).includes(iconv.encode(s, 'gb18030'));
      await vi.waitFor(() => expect(has('接班人签字')).toBe(true));
      for (const s of ['交班单', '商品现金销售', '应有现金', '52.00']) expect(has(s), s).toBe(true);
    } finally {
      server.close();
    }
  });
});
