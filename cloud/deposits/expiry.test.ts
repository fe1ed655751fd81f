// Deposits that the channel never confirms expire: after the TTL the sweep voids the pending chain (the
// outlet's pending credit and the fee are released, nothing posted) and marks the deposit 'expired'; a
// callback arriving afterwards is refused with DEPOSIT_EXPIRED every time it is sent, and credits nothing.
// The sweep is a function the tests call with a fake clock, and an interval inside startCloud that stops
// with the server.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCloud } from '../app';
import type { CloudDb } from '../db/types';
import { balance, checkLedgerInvariants, ensureOrgAccount, outletPrepaidId } from '../ledger/index';
import { DEMO, seedDemo } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { hashPassword } from '../auth/passwords';
import { startCloud } from '../start';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { channelAccountId, DEPOSIT_TTL_MS_DEFAULT, expireDeposits, startDeposit } from './ledger';
import { CHANNEL_SIGNATURE_HEADER, signChannelBody } from './routes';

const SUPER = 'expiry-super-1';
const SECRET = 'alipay-expiry-secret';

describe('deposit expiry', () => {
  let database: TestDatabase;
  let db: CloudDb;
  let app: FastifyInstance;
  let owner: EmployeeClient;
  const clock = { now: Date.UTC(2026, 0, 5, 2, 0, 0) };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await database.open();
    await seedDemo(db, clock.now);
    // sweepMs 0: no interval here, the test runs the sweep itself on its clock
    app = buildCloud({ db, now: () => clock.now, deposits: { secrets: { alipay: SECRET }, sweepMs: 0 } });
    await app.ready();
    await ensureOrgAccount(db, 'outlet_prepaid', DEMO.outletId, clock.now);
    await db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.master.id,
    ]);
    owner = await EmployeeClient.register(injectSend(app), () => clock.now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    expect((await owner.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const callback = async (body: object) => {
    const raw = JSON.stringify(body);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/deposits/callback/alipay',
      headers: { 'content-type': 'application/json', [CHANNEL_SIGNATURE_HEADER]: signChannelBody(SECRET, raw) },
      payload: raw,
    });
    return { status: res.statusCode, body: res.json() };
  };
  const prepaid = () => balance(db, outletPrepaidId(DEMO.outletId));
  const start = async (amountFen: number) => {
    const clientId = randomUUID();
    const r = await owner.call(
      'POST',
      '/v1/deposits',
      { clientId, channelId: 'alipay', amountFen },
      { superPassword: SUPER },
    );
    expect(r.body.deposit.status).toBe('pending');
    return clientId;
  };

  it('expires after 24 h: the reserve is released, a late callback is refused every time and credits nothing', async () => {
    const before = await prepaid();
    // the channel account opens with the first deposit through it
    const channelBefore = await balance(db, channelAccountId(DEMO.platformId, 'alipay')).catch(() => ({ posted: 0 }));
    const stale = await start(50_000);
    clock.now += 60_000; // (within the session's idle window)
    const confirmed = await start(20_000);
    expect(
      (
        await callback({
          callbackId: 'ok-1',
          depositId: confirmed,
          status: 'paid',
          amountFen: 20_000,
          channelRef: 'ALI-OK',
        })
      ).body.outcome,
    ).toBe('confirmed');
    expect((await prepaid()).pendingCredits - before.pendingCredits).toBe(50_000 - 300);

    // One minute short of the TTL: nothing expires.
    clock.now += DEPOSIT_TTL_MS_DEFAULT - 60_000 - 60_000;
    expect(await expireDeposits(db, clock.now)).toEqual([]);
    clock.now += 60_000;
    expect(await expireDeposits(db, clock.now)).toEqual([stale]);
    expect(await expireDeposits(db, clock.now)).toEqual([]); // once

    const after = await prepaid();
    expect(after.pendingCredits).toBe(before.pendingCredits);
    expect(after.posted - before.posted).toBe(20_000 - 120); // only the confirmed one
    expect((await balance(db, channelAccountId(DEMO.platformId, 'alipay'))).posted - channelBefore.posted).toBe(
      -20_000,
    );
    expect(await checkLedgerInvariants(db)).toEqual([]);

    // The channel says "paid" after all: refused, and refused again on a replay; a "failed" is refused too.
    const late = { callbackId: 'late-1', depositId: stale, status: 'paid', amountFen: 50_000, channelRef: 'ALI-LATE' };
    for (const body of [late, late, { ...late, callbackId: 'late-2', status: 'failed' }]) {
      const r = await callback(body);
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'DEPOSIT_EXPIRED', details: { depositId: stale } });
    }
    expect(await prepaid()).toEqual(after);
    const seen = await db.query<{ callback_id: string; outcome: string }>(
      'SELECT callback_id, outcome FROM deposit_callbacks WHERE deposit_id = $1 ORDER BY callback_id',
      [stale],
    );
    expect(seen.rows).toEqual([
      { callback_id: 'late-1', outcome: 'refused_expired' },
      { callback_id: 'late-2', outcome: 'refused_expired' },
    ]);
    expect(await checkLedgerInvariants(db)).toEqual([]);

    // The list says so (a fresh login: the old session ended with the day that passed).
    const again = owner.fork();
    expect((await again.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    const list = (await again.call('GET', '/v1/deposits', undefined, { superPassword: SUPER })).body.deposits as {
      id: string;
      status: string;
      resolvedAt: number | null;
    }[];
    expect(list.find((d) => d.id === stale)).toMatchObject({ status: 'expired', resolvedAt: clock.now });
    expect(list.find((d) => d.id === confirmed)).toMatchObject({ status: 'confirmed' });
  });

  it('startCloud sweeps on an interval with its own TTL, and stops with the server', async () => {
    const fake = { now: Date.UTC(2026, 0, 6, 2, 0, 0) };
    const cloud = await startCloud({
      port: 0,
      now: () => fake.now,
      fulfilmentTickMs: 0,
      depositTtlMs: 10 * 60_000,
      depositSweepMs: 25,
    });
    try {
      const d = await cloud.db.tx((q) =>
        startDeposit(
          q,
          {
            id: randomUUID(),
            outletId: DEMO.outletId,
            channelId: 'wechat',
            amount: 10_000,
            employeeId: DEMO.master.id,
          },
          fake.now,
        ),
      );
      const status = async () =>
        (await cloud.db.query<{ status: string }>('SELECT status FROM deposits WHERE id = $1', [d.id])).rows[0]!.status;
      fake.now += 9 * 60_000;
      await new Promise((r) => setTimeout(r, 150)); // several sweeps run: still inside the TTL
      expect(await status()).toBe('pending');
      fake.now += 60_000;
      await vi.waitFor(async () => expect(await status()).toBe('expired'), { timeout: 10_000, interval: 25 });
      expect(await checkLedgerInvariants(cloud.db)).toEqual([]);
    } finally {
      await cloud.close();
    }
  }, 60_000);
});
