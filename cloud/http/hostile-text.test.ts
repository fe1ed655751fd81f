/// <reference types="vite/client" />
// Text the database cannot hold (NUL, lone UTF-16 surrogates) and control characters, in every field the
// outside probe found answering 500 INTERNAL: each is now a 400 VALIDATION naming the field (an order: a
// rejected VALIDATION, which the till does not retry), and nothing is stored. Plus the walk over every zod
// schema the cloud's modules export (shared/testing/schema-walk.ts; shared/text.test.ts walks shared/).
// Real routes over inject, on PGlite and on PostgreSQL (DATABASE_URL).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, VIRTUAL_PATHS } from '../../shared/sync/protocol';
import { checkTextRule, notTests } from '../../shared/testing/schema-walk';
import { TEXT_PROBLEMS } from '../../shared/text';
import { buildCloud } from '../app';
import type { CloudDb } from '../db/types';
import { CHANNEL_SIGNATURE_HEADER, signChannelBody } from '../deposits/routes';
import { ensureOrgAccount, outletPrepaidId, transfer } from '../ledger';
import { DEMO, demoCatalog, seedDemo } from '../seed/demo';
import { hashPassword } from '../auth/passwords';
import { EmployeeClient, injectSend, type Reply } from '../security/testing/client';
import { makeOrder } from '../test-support/orders';
import { newDeviceKey, registerBody } from '../test-support/device';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { tableCounts } from '../test-support/world';
import { demoFulfilment, type DemoFulfilment } from '../virtual/fulfilment';

const SUPER = 'owner-super-pw';
const DEPOSIT_SECRET = 'alipay-test-secret';
/** what PostgreSQL cannot store, and what no field wants */
const HOSTILE = [
  { text: 'a\u0000b', problem: TEXT_PROBLEMS.nul },
  { text: 'a\ud800b', problem: TEXT_PROBLEMS.surrogate },
  { text: 'b\udc00', problem: TEXT_PROBLEMS.surrogate },
  { text: 'a\u0007b', problem: TEXT_PROBLEMS.control },
];

let database: TestDatabase;
let db: CloudDb;
let app: FastifyInstance;
let f: DemoFulfilment;
let owner: EmployeeClient;
let member: string;
const clock = { now: 1_750_000_000_000 };

beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open();
  await seedDemo(db, clock.now);
  f = demoFulfilment({ seed: 3, latencyMs: 1_000, now: () => clock.now, fateOf: () => 'success' });
  app = buildCloud({
    db,
    now: () => clock.now,
    fulfilment: f,
    deposits: { secrets: { alipay: DEPOSIT_SECRET } },
  });
  await app.ready();
  await db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
    await hashPassword(SUPER),
    DEMO.master.id,
  ]);
  owner = await EmployeeClient.register(injectSend(app), () => clock.now);
  expect((await owner.login('owner', 'owner888')).status).toBe(200);
  expect((await owner.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
  const m = await owner.call('POST', '/v1/members', { cardNo: 'VIP-0001', name: '张三' });
  expect(m.status).toBe(200);
  member = m.body.member.id;
  const bank = await ensureOrgAccount(db, 'platform', DEMO.platformId, clock.now, 'bank');
  await ensureOrgAccount(db, 'outlet_prepaid', DEMO.outletId, clock.now);
  await db.tx((q) =>
    transfer(
      q,
      {
        id: uuidv7(),
        debitAccountId: bank.id,
        creditAccountId: outletPrepaidId(DEMO.outletId),
        amount: 100_000,
        code: 'deposit',
      },
      clock.now,
    ),
  );
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

function expectRefused(r: Reply, field: string, problem: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('VALIDATION');
  expect(r.body.error.details).toContainEqual(expect.objectContaining({ path: field, message: problem }));
}
const post = async (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
  const res = await app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.statusCode, body: res.json() };
};

describe('hostile text in the fields the probe found', () => {
  it.each(HOSTILE)('$problem: refused as VALIDATION naming the field, nothing stored', async ({ text, problem }) => {
    const before = await tableCounts(db);
    const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;
    const otherRows = async () =>
      [
        await count('SELECT count(*)::int AS n FROM members'),
        await count('SELECT count(*)::int AS n FROM supplier_callbacks'),
        await count('SELECT count(*)::int AS n FROM virtual_complaints'),
      ].join();
    const othersBefore = await otherRows();

    // a device name at registration (unauthenticated)
    const reg = registerBody(newDeviceKey().publicKey);
    expectRefused(
      await post(PATHS.register, { ...reg, device: { ...reg.device, name: text } }),
      'device.name',
      problem,
    );
    // a member's name and card number
    expectRefused(await owner.call('POST', '/v1/members', { cardNo: 'C-1', name: text }), 'name', problem);
    expectRefused(await owner.call('POST', '/v1/members', { cardNo: text, name: '王五' }), 'cardNo', problem);
    // a member spend's memo (it would land in the audit row's jsonb)
    expectRefused(
      await owner.call('POST', `/v1/members/${member}/spends`, { clientId: randomUUID(), amountFen: 100, memo: text }),
      'memo',
      problem,
    );
    // an employee's name
    expectRefused(
      await owner.call(
        'POST',
        '/v1/employees',
        { username: 'xiao_li', name: text, password: 'li-12345', role: 'cashier' },
        { superPassword: SUPER },
      ),
      'name',
      problem,
    );
    // a category's name
    expectRefused(
      await owner.call(
        'POST',
        '/v1/catalog-admin/categories',
        { parentId: null, name: text },
        { superPassword: SUPER },
      ),
      'name',
      problem,
    );
    // a complaint's reason, on a real top-up
    const topup = demoCatalog().products.find((p) => p.kind === 'topup' && p.carrier === 'cmcc')!;
    const order = await owner.call('POST', VIRTUAL_PATHS.submit, {
      clientOrderId: uuidv7(),
      productId: topup.id,
      phone: '13800138001',
    });
    expect(order.status).toBe(200);
    expectRefused(
      await owner.call('POST', `${VIRTUAL_PATHS.order}/${order.body.id}${VIRTUAL_PATHS.complaintSuffix}`, {
        reason: text,
      }),
      'reason',
      problem,
    );
    // a supplier's reference in its signed callback
    const cb = { callbackId: `cb-${randomUUID()}`, orderId: order.body.id, supplierRef: text, status: 'success' };
    const raw = JSON.stringify(cb);
    const supplied = await app.inject({
      method: 'POST',
      url: `${VIRTUAL_PATHS.supplierCallback}/${DEMO.supplierId}`,
      headers: { 'content-type': 'application/json', 'x-supplier-signature': f.demo.sign(raw) },
      payload: raw,
    });
    expectRefused({ status: supplied.statusCode, body: supplied.json() }, 'supplierRef', problem);
    // a deposit channel's reference in its signed callback
    const dep = {
      callbackId: `cb-${randomUUID()}`,
      depositId: randomUUID(),
      status: 'paid',
      amountFen: 100,
      channelRef: text,
    };
    const depRaw = JSON.stringify(dep);
    expectRefused(
      await post('/v1/deposits/callback/alipay', dep, {
        [CHANNEL_SIGNATURE_HEADER]: signChannelBody(DEPOSIT_SECRET, depRaw),
      }),
      'channelRef',
      problem,
    );

    expect(await tableCounts(db)).toEqual(before);
    expect(await otherRows()).toEqual(othersBefore);
  });

  it.each(HOSTILE)(
    '$problem in an order: rejected VALIDATION (never INTERNAL, which the till retries)',
    async ({ text }) => {
      const before = await tableCounts(db);
      const withName = makeOrder();
      (withName.lines as { name: string }[])[0]!.name = `农夫山泉 ${text}`;
      const withNumber = makeOrder({ number: `A1-${text}` });
      const withSku = makeOrder();
      (withSku.lines as { sku: string }[])[1]!.sku = text;
      const r = await owner.call('POST', PATHS.ordersBatch, { orders: [withName, withNumber, withSku] });
      expect(r.status).toBe(200);
      expect(r.body.results.map((x: { status: string; error: { code: string } }) => [x.status, x.error.code])).toEqual([
        ['rejected', 'VALIDATION'],
        ['rejected', 'VALIDATION'],
        ['rejected', 'VALIDATION'],
      ]);
      expect(r.body.results.map((x: { error: { message: string } }) => x.error.message.split(' ')[2])).toEqual([
        'lines.0.name',
        'number',
        'lines.1.sku',
      ]);
      expect(await tableCounts(db)).toEqual(before);
    },
  );
});

describe('every zod schema the cloud exports', () => {
  it('refuses NUL and lone surrogates at every string position', () => {
    const all = import.meta.glob(
      [
        '../**/*.ts',
        '!../**/*.test.ts',
        // scripts that run on import (a server, CLIs, a worker process that opens DATABASE_URL)
        '!../server.ts',
        '!../**/*-cli.ts',
        '!../virtual/import-prefixes.ts',
        '!../jobs/testing/worker-process.ts',
      ],
      { eager: true },
    );
    const r = checkTextRule(notTests(all));
    expect(r.failures).toEqual([]);
    expect(r.schemas).toBeGreaterThan(10);
    expect(r.leaves).toBeGreaterThan(20);
  });
});
