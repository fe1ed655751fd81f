// Deposits (加款) through the real app: start (money.deposit + super password) reserves the credit as
// pending; the channel's HMAC-signed callback posts it (outlet credited amount − fee, fee to the platform)
// or voids it; replays, late contradicting answers, forged signatures and wrong amounts change nothing.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCloud } from '../app';
import type { CloudDb } from '../db/types';
import { balance, checkLedgerInvariants, ensureOrgAccount, outletPrepaidId, platformAccountId } from '../ledger/index';
import { DEMO, seedDemo } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { hashPassword } from '../auth/passwords';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { channelAccountId } from './ledger';
import { CHANNEL_SIGNATURE_HEADER, signChannelBody } from './routes';

const SUPER = 'deposit-super-1';
const SECRET = 'alipay-test-secret';

describe('deposits', () => {
  let database: TestDatabase;
  let db: CloudDb;
  let app: FastifyInstance;
  let owner: EmployeeClient;
  const now = () => Date.now();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await database.open();
    await seedDemo(db, now());
    app = buildCloud({ db, deposits: { secrets: { alipay: SECRET, unionpay: 'up-secret' } } });
    await app.ready();
    await ensureOrgAccount(db, 'outlet_prepaid', DEMO.outletId, now());
    await db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.master.id,
    ]);
    owner = await EmployeeClient.register(injectSend(app), now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    expect((await owner.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const callback = async (channelId: string, body: object, secret = SECRET) => {
    const raw = JSON.stringify(body);
    const res = await app.inject({
      method: 'POST',
      url: `/v1/deposits/callback/${channelId}`,
      headers: { 'content-type': 'application/json', [CHANNEL_SIGNATURE_HEADER]: signChannelBody(secret, raw) },
      payload: raw,
    });
    return { status: res.statusCode, body: res.json() };
  };
  const prepaid = () => balance(db, outletPrepaidId(DEMO.outletId));

  it('lists the channels with their fees', async () => {
    const r = await owner.call('GET', '/v1/deposits/channels');
    expect(r.body.channels.map((c: { id: string }) => c.id)).toEqual(['alipay', 'bank_transfer', 'unionpay', 'wechat']);
    expect(r.body.channels.find((c: { id: string }) => c.id === 'unionpay')).toMatchObject({
      feeBps: 30,
      feeFixed: 200,
    });
  });

  it('a ¥1,000 Alipay deposit: pending until the signed callback, then ¥994 to the outlet and ¥6 fee to the platform', async () => {
    const before = await prepaid();
    const clientId = randomUUID();
    const body = { clientId, channelId: 'alipay', amountFen: 100_000 };
    expect((await owner.call('POST', '/v1/deposits', body)).body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    const r = await owner.call('POST', '/v1/deposits', body, { superPassword: SUPER });
    expect(r.body.deposit).toMatchObject({
      id: clientId,
      amountFen: 100_000,
      feeFen: 600,
      creditFen: 99_400,
      status: 'pending',
    });
    // a retry is the same deposit; the same id with another amount is a conflict
    expect((await owner.call('POST', '/v1/deposits', body, { superPassword: SUPER })).body.deposit.id).toBe(clientId);
    expect(
      (await owner.call('POST', '/v1/deposits', { ...body, amountFen: 5 }, { superPassword: SUPER })).body.error.code,
    ).toMatch(/CONFLICT|VALIDATION/);
    const pending = await prepaid();
    expect(pending.pendingCredits - before.pendingCredits).toBe(99_400);
    expect(pending.available).toBe(before.available);

    // forged signature, wrong amount, unknown deposit: refused, nothing moves
    expect(
      (
        await callback(
          'alipay',
          { callbackId: 'cb-x', depositId: clientId, status: 'paid', amountFen: 100_000, channelRef: 'A1' },
          'wrong',
        )
      ).body.error.code,
    ).toBe('BAD_SIGNATURE');
    expect(
      (
        await callback('alipay', {
          callbackId: 'cb-0',
          depositId: clientId,
          status: 'paid',
          amountFen: 99_999,
          channelRef: 'A1',
        })
      ).body.error.code,
    ).toBe('VALIDATION');
    expect(
      (
        await callback('alipay', {
          callbackId: 'cb-u',
          depositId: randomUUID(),
          status: 'paid',
          amountFen: 100_000,
          channelRef: 'A1',
        })
      ).body.error.code,
    ).toBe('NOT_FOUND');
    expect((await prepaid()).posted).toBe(before.posted);

    const paid = {
      callbackId: 'cb-1',
      depositId: clientId,
      status: 'paid',
      amountFen: 100_000,
      channelRef: 'ALI-2024-1',
    };
    expect((await callback('alipay', paid)).body.outcome).toBe('confirmed');
    expect((await callback('alipay', paid)).body.outcome).toBe('replayed');
    expect((await callback('alipay', { ...paid, callbackId: 'cb-2', status: 'failed' })).body.outcome).toBe(
      'ignored_terminal',
    );
    const after = await prepaid();
    expect(after.posted - before.posted).toBe(99_400);
    expect(after.pendingCredits).toBe(before.pendingCredits);
    const fees = await balance(db, platformAccountId(DEMO.platformId, 'fees'));
    expect(fees.posted).toBeGreaterThanOrEqual(600);
    expect((await balance(db, channelAccountId(DEMO.platformId, 'alipay'))).posted).toBe(-100_000);
    const list = await owner.call('GET', '/v1/deposits');
    expect(list.body.deposits[0]).toMatchObject({ id: clientId, status: 'confirmed', channelRef: 'ALI-2024-1' });
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it('a failed deposit releases the reserve; below-minimum and unknown channels are refused', async () => {
    const before = await prepaid();
    const id = randomUUID();
    const r = await owner.call(
      'POST',
      '/v1/deposits',
      { clientId: id, channelId: 'unionpay', amountFen: 50_000 },
      { superPassword: SUPER },
    );
    expect(r.body.deposit).toMatchObject({ feeFen: 350, creditFen: 49_650 });
    expect(
      (
        await callback(
          'unionpay',
          { callbackId: 'u-1', depositId: id, status: 'failed', amountFen: 50_000, channelRef: 'UP-9' },
          'up-secret',
        )
      ).body.outcome,
    ).toBe('failed');
    const after = await prepaid();
    expect(after).toEqual(before);
    expect(
      (
        await owner.call(
          'POST',
          '/v1/deposits',
          { clientId: randomUUID(), channelId: 'bank_transfer', amountFen: 500 },
          { superPassword: SUPER },
        )
      ).body.error.code,
    ).toBe('VALIDATION');
    expect(
      (
        await owner.call(
          'POST',
          '/v1/deposits',
          { clientId: randomUUID(), channelId: 'paypal', amountFen: 50_000 },
          { superPassword: SUPER },
        )
      ).body.error.code,
    ).toBe('NOT_FOUND');
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it('a cashier without money.deposit is refused', async () => {
    const c = owner.fork();
    expect((await c.login(DEMO.cashier.username, DEMO.cashier.password)).status).toBe(200);
    const r = await c.call('POST', '/v1/deposits', { clientId: randomUUID(), channelId: 'alipay', amountFen: 1000 });
    expect(r.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'money.deposit' } });
  });
});
