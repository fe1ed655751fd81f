// The daily money-movement cap at the till (shifts/money-cap.ts). Unit: the day is the outlet's calendar day,
// the cloud's figure counts only on its own day, pay-outs count all day, member top-ups only after the figure.
// Against the real cloud (Fastify on PGlite, seeded demo) behind a switchable proxy: the cashier's cap comes
// with the login; pay-outs are held to it, still after a restart with the network down (offline login); a member
// top-up above the outlet's maximum is refused before the cloud is asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { createMember, zNewMember } from '../../../cloud/members/store';
import { DEMO } from '../../../cloud/seed/demo';
import { DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../../shared/limits';
import type { Fen } from '../../../shared/money';
import { openDatabases, type Databases } from '../db/open';
import { openPos, tempDir, type TestPos } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';
import { createDrawer } from './drawer';
import { createMoneyCap, dayOf } from './money-cap';

const TZ = 'Asia/Shanghai';
// 2026-03-10 10:00 Beijing time (02:00 UTC)
const T = Date.UTC(2026, 2, 10, 2, 0, 0);
const HOUR = 3_600_000;

describe('the daily cap as the till counts it', () => {
  let dir: ReturnType<typeof tempDir>;
  let dbs: Databases;
  beforeAll(() => {
    dir = tempDir();
    dbs = openDatabases(dir.dir);
  });
  afterAll(() => {
    dbs.close();
    dir.cleanup();
  });

  it('counts the cloud figure on its day, pay-outs all day, member top-ups after the figure', () => {
    const cap = createMoneyCap(dbs.sales);
    const drawer = createDrawer(dbs.sales);
    expect(cap.today('e1', T, TZ)).toEqual({ capFen: null, movedFen: 0 }); // never told: no cap
    // yesterday 23:30 Beijing: a pay-out that is not today's
    drawer.record({ kind: 'pay_in', amount: 100_000, reason: '备用金', employeeId: 'e1', now: T - 11 * HOUR });
    drawer.record({ kind: 'pay_out', amount: -7_000, reason: '取现', employeeId: 'e1', now: T - 10.5 * HOUR });
    expect(dayOf(T - 10.5 * HOUR, TZ)).toBe('2026-03-09');
    cap.remember('e1', { dailyCapFen: 50_000 as Fen, movedTodayFen: 20_000 as Fen, asOf: T });
    // a member top-up booked before the figure (the cloud counted it) and one after it
    drawer.record({ kind: 'member_topup', amount: 5_000, ref: 'm1', memberId: 'x', employeeId: 'e1', now: T - HOUR });
    drawer.record({ kind: 'member_topup', amount: 3_000, ref: 'm2', memberId: 'x', employeeId: 'e1', now: T + HOUR });
    drawer.record({ kind: 'pay_out', amount: -2_000, reason: '交给老板', employeeId: 'e1', now: T + 2 * HOUR });
    drawer.record({ kind: 'pay_out', amount: -9_000, reason: '交给老板', employeeId: 'e2', now: T + 2 * HOUR });
    expect(cap.today('e1', T + 3 * HOUR, TZ)).toEqual({ capFen: 50_000, movedFen: 25_000 });
    expect(() => cap.assertWithin('e1', 25_000, T + 3 * HOUR, TZ)).not.toThrow();
    expect(() => cap.assertWithin('e1', 25_001, T + 3 * HOUR, TZ)).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', details: expect.objectContaining({ reason: 'DAILY_CAP' }) }),
    );
    // the next day in Beijing (00:30 on the 11th): the cloud's figure and yesterday's moves no longer count
    expect(cap.today('e1', T + 14.5 * HOUR, TZ)).toEqual({ capFen: 50_000, movedFen: 0 });
    // the master: no cap at all
    cap.remember('boss', { dailyCapFen: null, movedTodayFen: 9_000_000 as Fen, asOf: T });
    expect(() => cap.assertWithin('boss', 5_000_000, T, TZ)).not.toThrow();
  });
});

describe('pay-outs and member top-ups held to the limits at the till (real cloud)', () => {
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let memberId: string;

  beforeAll(async () => {
    cloud = await startCloud({ port: 0 });
    await cloud.db.query('UPDATE employees SET daily_transfer_cap_fen = 100000 WHERE id = $1', [DEMO.cashier.id]);
    memberId = (
      await cloud.db.tx((q) =>
        createMember(q, DEMO.outletId, zNewMember.parse({ cardNo: 'CAP001', name: '限额' }), Date.now()),
      )
    ).id;
    proxy = await startToggleProxy(cloud.url);
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
    await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '收银台1',
    });
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('a cashier’s pay-outs stop at their ¥1,000 cap, online and after an offline restart', async () => {
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await t.pos.call('shift.payInOut', { amount: 300_000, reason: '备用金' }); // pay-ins do not count
    await t.pos.call('shift.payInOut', { amount: -60_000, reason: '交给老板' });
    const over = await t.backend.call('shift.payInOut', { amount: -50_000, reason: '交给老板' });
    expect(!over.ok && over.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { reason: 'DAILY_CAP', capFen: 100_000, movedTodayFen: 60_000, amountFen: 50_000 },
    });
    await t.backend.close();
    proxy.setDown(true);
    try {
      t = await openPos({ dataDir: dir.dir, cloudUrl: proxy.url });
      const s = await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
      expect(s.offline).toBe(true);
      const still = await t.backend.call('shift.payInOut', { amount: -50_000, reason: '交给老板' });
      expect(!still.ok && still.error.code).toBe('LIMIT_EXCEEDED');
      await t.pos.call('shift.payInOut', { amount: -40_000, reason: '交给老板' }); // exactly at the cap
    } finally {
      proxy.setDown(false);
    }
  });

  it('a member top-up above the outlet maximum is refused before the cloud is asked', async () => {
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    await t.pos.call('catalog.sync', {}); // the member reaches the till with the feed
    await t.pos.call('shift.cover', {}); // the cashier's shift is open: the owner acts within it (代班)
    const r = await t.backend.call('member.topup', {
      memberId,
      amount: DEFAULT_MEMBER_TOPUP_MAX_FEN + 100,
      tendered: DEFAULT_MEMBER_TOPUP_MAX_FEN + 100,
    });
    expect(!r.ok && r.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { reason: 'MEMBER_TOPUP_MAX', maxFen: DEFAULT_MEMBER_TOPUP_MAX_FEN },
    });
    const booked = await cloud.db.query("SELECT 1 FROM money_movements WHERE kind = 'member_topup'");
    expect(booked.rows).toEqual([]);
    expect((await t.pos.call('member.topup', { memberId, amount: 10_000, tendered: 10_000 })).amount).toBe(10_000);
  });
});
