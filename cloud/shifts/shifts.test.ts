// Closed shifts over HTTP (Fastify inject, real PGlite or PostgreSQL): the device-signed push is idempotent
// forever on (device, clientShiftId), judges each shift on its own, alerts the owner once about a shortfall
// of ¥100 or more, and the owner's list (report.view) is every till's shifts, newest first, filtered and paged.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zShiftList } from '../../shared/api/shift-report';
import { PATHS, type ShiftWire } from '../../shared/sync/protocol';
import { zShiftsBatchResponse } from '../../shared/sync/records';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';
import { SHORTFALL_ALERT_FEN } from './routes';

let w: TestWorld;
let till1: TestDevice;
let till2: TestDevice;
let owner: EmployeeClient;
let cashier: EmployeeClient;
beforeAll(async () => {
  w = await createWorld();
  till1 = await registerDevice(w.app);
  till2 = await registerDevice(w.app);
  await w.db.query("UPDATE devices SET name = '收银台2' WHERE id = $1", [till2.id]);
  await w.db.query("UPDATE employees SET email = 'boss@example.com', email_verified_at = 1 WHERE id = $1", [
    DEMO.master.id,
  ]);
  owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
  expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
  cashier = owner.fork();
  expect((await cashier.login(DEMO.cashier.username, DEMO.cashier.password)).status).toBe(200);
});
afterAll(async () => {
  await w.close();
});

let t0 = Date.UTC(2026, 10, 1, 1);
/** A consistent closed shift: float ¥100, ¥50 of cash sales, counted with `difference`. */
function makeShift(difference = 0, over: Partial<ShiftWire> = {}): ShiftWire {
  t0 += 3_600_000;
  const cashByKind = {
    sale: 5_000,
    virtual_sale: 0,
    virtual_refund: 0,
    member_topup: 0,
    sale_return: 0,
    pay_in: 0,
    pay_out: 0,
  };
  const expectedCash = 10_000 + 5_000;
  return {
    clientShiftId: uuidv7(),
    openedBy: DEMO.cashier.id,
    openedAt: t0,
    openingFloat: 10_000 as ShiftWire['openingFloat'],
    autoOpened: false,
    closedBy: DEMO.cashier.id,
    closedAt: t0 + 1_800_000,
    cashByKind,
    expectedCash,
    countedCash: (expectedCash + difference) as ShiftWire['countedCash'],
    difference,
    salesCount: 2,
    salesTotal: 5_000 as ShiftWire['salesTotal'],
    note: null,
    ...over,
  };
}

const push = async (shifts: unknown[], device: TestDevice = till1) => {
  const res = await signedInject(w.app, device, {
    method: 'POST',
    url: PATHS.shiftsBatch,
    body: { shifts },
    now: w.clock.now,
  });
  expect(res.statusCode, res.body).toBe(200);
  return zShiftsBatchResponse.parse(res.json()).results;
};
const shortfallMails = async () =>
  (
    await w.db.query<{ to_address: string; subject: string; body: string }>(
      "SELECT to_address, subject, body FROM email_messages WHERE kind = 'cash_shortfall' ORDER BY id",
    )
  ).rows;
const list = async (query = '', who = owner) => {
  const r = await who.call('GET', `/v1/shifts${query}`);
  return { status: r.status, body: r.status === 200 ? zShiftList.parse(r.body) : r.body };
};

describe('POST /v1/shifts/batch', () => {
  it('stores a shift once: a repeat is a duplicate with the first id, another payload a conflict that changes nothing', async () => {
    const s = makeShift(0, { note: '交接正常' });
    const [first] = await push([s]);
    expect(first).toMatchObject({ clientShiftId: s.clientShiftId, status: 'accepted' });
    const [again] = await push([Object.fromEntries(Object.entries(s).reverse())]);
    expect(again).toEqual({ clientShiftId: s.clientShiftId, status: 'duplicate', serverShiftId: first!.serverShiftId });
    const [other] = await push([{ ...s, note: '改过的备注' }]);
    expect(other).toMatchObject({
      status: 'conflict',
      serverShiftId: first!.serverShiftId,
      error: { code: 'CONFLICT' },
    });
    const { rows } = await w.db.query<{ note: string; counted_cash: string; cash_by_kind: unknown; outlet_id: string }>(
      'SELECT note, counted_cash, cash_by_kind, outlet_id FROM shifts WHERE client_shift_id = $1',
      [s.clientShiftId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ note: '交接正常', outlet_id: DEMO.outletId, cash_by_kind: s.cashByKind });
    expect(Number(rows[0]!.counted_cash)).toBe(15_000);
    // the same client id from another till is another shift (the key is per device)
    expect((await push([s], till2))[0]!.status).toBe('accepted');
  });

  it('judges each shift on its own: bad figures, strangers and junk are rejected, the rest stored', async () => {
    const good = makeShift();
    const badDifference = { ...makeShift(-500), difference: -400 };
    const badExpected = { ...makeShift(), expectedCash: 1 };
    const stranger = makeShift(0, { closedBy: uuidv7() });
    const extra = { ...makeShift(), secret: 'x' };
    const results = await push([badDifference, good, 'not a shift', badExpected, stranger, extra]);
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(results.map((r) => r.error?.code)).toEqual([
      'VALIDATION',
      undefined,
      'VALIDATION',
      'VALIDATION',
      'FORBIDDEN',
      'VALIDATION',
    ]);
    expect(results[0]!.clientShiftId).toBe(badDifference.clientShiftId);
    expect(results[2]!.clientShiftId).toBe('');
    const { rows } = await w.db.query<{ client_shift_id: string }>(
      'SELECT client_shift_id FROM shifts WHERE client_shift_id = ANY($1::uuid[])',
      [[good, badDifference, badExpected, stranger, extra].map((x) => x.clientShiftId)],
    );
    expect(rows.map((r) => r.client_shift_id)).toEqual([good.clientShiftId]);
    // a batch that is not a batch is refused as a whole
    const res = await signedInject(w.app, till1, {
      method: 'POST',
      url: PATHS.shiftsBatch,
      body: { shifts: [] },
      now: w.clock.now,
    });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'VALIDATION']);
  });

  it('e-mails the owner once when the shortfall reaches ¥100; a smaller one or cash over does not', async () => {
    expect(SHORTFALL_ALERT_FEN).toBe(10_000);
    const before = (await shortfallMails()).length;
    await push([makeShift(-(SHORTFALL_ALERT_FEN - 1)), makeShift(50_000)]);
    expect(await shortfallMails()).toHaveLength(before);
    const short = makeShift(0, {
      openingFloat: 30_000 as ShiftWire['openingFloat'],
      expectedCash: 35_000,
      countedCash: 15_000 as ShiftWire['countedCash'],
      difference: -20_000,
      note: '找错钱',
    });
    await push([short]);
    await push([short]); // the duplicate sends nothing
    const mails = await shortfallMails();
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)).toMatchObject({ to_address: 'boss@example.com' });
    expect(mails.at(-1)!.subject).toContain('交班短款 ¥200.00');
    expect(mails.at(-1)!.body).toContain('应有现金 ¥350.00，实点现金 ¥150.00');
    expect(mails.at(-1)!.body).toContain('小李');
    expect(mails.at(-1)!.body).toContain('找错钱');
  });

  it('is served to outlet tills only (an unsigned call is refused)', async () => {
    const res = await w.app.inject({ method: 'POST', url: PATHS.shiftsBatch, payload: { shifts: [makeShift()] } });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /v1/shifts', () => {
  it('lists every till’s shifts newest first with names, filters by till and time, and pages', async () => {
    const a = makeShift(-300);
    const b = makeShift(0);
    await push([a]);
    await push([b], till2);
    const all = await list();
    expect(all.status).toBe(200);
    const body = zShiftList.parse(all.body);
    expect(body.shortfallAlertFen).toBe(SHORTFALL_ALERT_FEN);
    expect(body.shifts[0]).toMatchObject({
      clientShiftId: b.clientShiftId,
      deviceId: till2.id,
      deviceName: '收银台2',
      closedByName: DEMO.cashier.name,
      openedByName: DEMO.cashier.name,
      difference: 0,
    });
    expect(body.shifts[1]).toMatchObject({
      clientShiftId: a.clientShiftId,
      deviceId: till1.id,
      difference: -300,
      expectedCash: 15_000,
      countedCash: 14_700,
      openingFloat: 10_000,
      cashByKind: a.cashByKind,
    });
    const closed = body.shifts.map((s) => s.closedAt);
    expect([...closed].sort((x, y) => y - x)).toEqual(closed);

    const only1 = zShiftList.parse((await list(`?deviceId=${till1.id}`)).body);
    expect(only1.shifts.length).toBeGreaterThan(0);
    expect(only1.shifts.every((s) => s.deviceId === till1.id)).toBe(true);
    const window = zShiftList.parse((await list(`?from=${a.closedAt}&to=${a.closedAt + 1}`)).body);
    expect(window.shifts.map((s) => s.clientShiftId)).toEqual([a.clientShiftId]);

    // pages of 2 walk the whole list, nothing twice, nothing missed
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = zShiftList.parse((await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body);
      expect(page.shifts.length).toBeLessThanOrEqual(2);
      seen.push(...page.shifts.map((s) => s.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(body.shifts.map((s) => s.id));
  });

  it('needs report.view (a cashier is refused) and refuses bad filters', async () => {
    const r = await list('', cashier);
    expect([r.status, (r.body as { error: { code: string; details: { permission: string } } }).error]).toMatchObject([
      403,
      { code: 'FORBIDDEN', details: { permission: 'report.view' } },
    ]);
    for (const q of ['?deviceId=nope', '?limit=0', '?cursor=x', '?colour=red'])
      expect((await list(q)).status).toBe(400);
  });
});
