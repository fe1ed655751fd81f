// A lost answer must not cost the customer (http/answers.ts): the same till repeating the same signed
// request (same client id) gets the FIRST answer again for 24 h — member creates and money acts — while
// nothing moves twice; another till's repeat, or one a day later, gets the route's own idempotent answer
// ('exists'). Answers are sealed at rest. Over the real routes, on PGlite and PostgreSQL (DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { createWorld, type TestWorld } from '../test-support/world';
import { ANSWER_RECENT_MS } from './answers';

let w: TestWorld;
let tillA: EmployeeClient;
let tillB: EmployeeClient;

beforeAll(async () => {
  w = await createWorld();
  tillA = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
  tillB = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
  for (const t of [tillA, tillB])
    expect((await t.login(DEMO.cashier.username, DEMO.cashier.password)).status).toBe(200);
  // the demo cashier template may lack member.manage: grant it for this test
  await w.db.query(
    "UPDATE employees SET permissions = array_append(permissions, 'member.manage') WHERE id = $1 AND NOT ('member.manage' = ANY(permissions))",
    [DEMO.cashier.id],
  );
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const balanceOf = async (memberId: string) =>
  (await tillA.call('GET', `/v1/members/${memberId}`)).body.member.balance as number;

describe('the same till repeating a member act gets the same answer', () => {
  let memberId: string;

  it('a member create: the repeat answers ok with the member as made; another till gets exists', async () => {
    const body = { clientId: randomUUID(), cardNo: 'VIP-2001', name: '李雷', phone: '13900139001' };
    const first = await tillA.call('POST', '/v1/members', body);
    expect(first.status).toBe(200);
    expect(first.body.result).toBe('ok');
    memberId = first.body.member.id;
    const again = await tillA.call('POST', '/v1/members', body);
    expect(again.body).toEqual(first.body);
    const elsewhere = await tillB.call('POST', '/v1/members', body);
    expect(elsewhere.body.result).toBe('exists');
    expect(elsewhere.body.member.id).toBe(memberId);
  });

  it('a cash top-up: the repeat answers ok with the balance it made, and moves the money once', async () => {
    const body = { clientId: randomUUID(), amountFen: 5_000 };
    const first = await tillA.call('POST', `/v1/members/${memberId}/topups`, body);
    expect([first.status, first.body.result, first.body.member.balance]).toEqual([200, 'ok', 5_000]);
    // meanwhile another top-up lands: the repeat still shows the answer as it was
    expect(
      (await tillB.call('POST', `/v1/members/${memberId}/topups`, { clientId: randomUUID(), amountFen: 100 })).status,
    ).toBe(200);
    const again = await tillA.call('POST', `/v1/members/${memberId}/topups`, body);
    expect(again.body).toEqual(first.body);
    expect(await balanceOf(memberId)).toBe(5_100);
    // another till repeating this till's clientId: the route's own answer, nothing moves
    const other = await tillB.call('POST', `/v1/members/${memberId}/topups`, body);
    expect(other.body.result).toBe('exists');
    expect(await balanceOf(memberId)).toBe(5_100);
    // the same clientId with another amount is not the same request: no replay
    const changed = await tillA.call('POST', `/v1/members/${memberId}/topups`, { ...body, amountFen: 9_999 });
    expect(changed.body.error.code).toBe('CONFLICT');
    expect(await balanceOf(memberId)).toBe(5_100);
  });

  it('after 24 h the repeat gets the route’s own answer: exists, nothing moves', async () => {
    const body = { clientId: randomUUID(), amountFen: 300 };
    const first = await tillA.call('POST', `/v1/members/${memberId}/spends`, body);
    expect(first.body.result).toBe('ok');
    w.clock.now += ANSWER_RECENT_MS - 1;
    // (sessions do not last a day: log in again)
    for (const t of [tillA, tillB])
      expect((await t.login(DEMO.cashier.username, DEMO.cashier.password)).status).toBe(200);
    expect((await tillA.call('POST', `/v1/members/${memberId}/spends`, body)).body).toEqual(first.body);
    w.clock.now += 1;
    expect((await tillA.call('POST', `/v1/members/${memberId}/spends`, body)).body.result).toBe('exists');
    expect(await balanceOf(memberId)).toBe(4_800);
  });

  it('keeps answers sealed at rest, one per (till, route, client id), and prunes them after 24 h', async () => {
    const { rows } = await w.db.query<{ answer_sealed: string; route: string }>(
      'SELECT answer_sealed, route FROM device_answers',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.answer_sealed).toMatch(/^[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
      expect(r.answer_sealed).not.toContain('VIP-2001');
    }
    expect(rows.map((r) => r.route)).toContain('POST /v1/members/:id/topups');
    // the spend's answer, older than 24 h, went when this till kept its next answer
    const tillAOld = await w.db.query('SELECT 1 FROM device_answers WHERE device_id = $1 AND created_at < $2', [
      tillA.device.id,
      w.clock.now - ANSWER_RECENT_MS,
    ]);
    expect(tillAOld.rows).toHaveLength(0);
  });
});
