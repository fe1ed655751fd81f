// Limits on member top-ups in the cloud (shared/limits.ts): the outlet's maximum for one top-up (default
// ¥5,000, set by the owner with the super password, handed to the tills in the device policy), and the
// employee's daily money-movement cap, which member top-ups count against like transfers — a retry of a
// booked top-up is never refused; the master has no cap but the outlet maximum holds for everyone. Login tells
// the till the employee's cap and what they moved today. Real HTTP routes (inject), real database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../shared/limits';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { hashPassword } from '../auth/passwords';
import { createWorld, type TestWorld } from '../test-support/world';

const SUPER = 'limits-super-1';

describe('member top-up limits', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  let clerk: EmployeeClient;
  let memberId: string;
  const topUp = (c: EmployeeClient, amountFen: number, clientId: string = randomUUID()) =>
    c.call('POST', `/v1/members/${memberId}/topups`, { clientId, amountFen });

  beforeAll(async () => {
    w = await createWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.master.id,
    ]);
    // a member clerk with a ¥3,000 daily cap
    await w.db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, daily_transfer_cap_fen, created_at) VALUES ($1, $2, 'clerk', '前台', $3, '{member.manage}', 300000, 0)",
      [randomUUID(), DEMO.outletId, await hashPassword('clerk-pass-1')],
    );
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    const ownerLogin = await owner.login(DEMO.master.username, DEMO.master.password);
    expect(ownerLogin.body.policy.memberTopupMaxFen).toBe(DEFAULT_MEMBER_TOPUP_MAX_FEN);
    expect(ownerLogin.body.money).toMatchObject({ dailyCapFen: null, movedTodayFen: 0 });
    expect((await owner.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
    clerk = owner.fork();
    expect((await clerk.login('clerk', 'clerk-pass-1')).body.money).toMatchObject({ dailyCapFen: 300_000 });
    memberId = (await owner.call('POST', '/v1/members', { cardNo: 'LIM001', name: '限额' })).body.member.id;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it('refuses one top-up above the outlet maximum (¥5,000), for the master too', async () => {
    const r = await topUp(owner, DEFAULT_MEMBER_TOPUP_MAX_FEN + 1);
    expect(r.body.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { reason: 'MEMBER_TOPUP_MAX', maxFen: DEFAULT_MEMBER_TOPUP_MAX_FEN },
    });
    const ok = await topUp(owner, DEFAULT_MEMBER_TOPUP_MAX_FEN);
    expect(ok.body, JSON.stringify(ok.body)).toMatchObject({ result: 'ok' });
  });

  it('counts an employee’s top-ups against their daily cap; a retry is never refused; login reports the day', async () => {
    const first = randomUUID();
    expect((await topUp(clerk, 200_000, first)).body.result).toBe('ok');
    const over = await topUp(clerk, 150_000);
    expect(over.body.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { reason: 'DAILY_CAP', capFen: 300_000, movedTodayFen: 200_000, amountFen: 150_000 },
    });
    // the same top-up again (a lost answer): its first answer again, neither refused nor counted twice
    expect((await topUp(clerk, 200_000, first)).body.result).toBe('ok');
    expect((await topUp(clerk, 100_000)).body.result).toBe('ok'); // exactly at the cap
    const again = owner.fork();
    expect((await again.login('clerk', 'clerk-pass-1')).body.money).toMatchObject({
      dailyCapFen: 300_000,
      movedTodayFen: 300_000,
    });
  });

  it('the owner sets the maximum with the super password; the tills get it in the policy at login', async () => {
    expect((await owner.call('PUT', '/v1/security/money-limits', { memberTopupMaxFen: 100_000 })).status).toBe(403);
    const set = await owner.call(
      'PUT',
      '/v1/security/money-limits',
      { memberTopupMaxFen: 100_000 },
      { superPassword: SUPER },
    );
    expect(set.body).toEqual({ memberTopupMaxFen: 100_000 });
    expect((await owner.call('GET', '/v1/security/money-limits')).body).toEqual({ memberTopupMaxFen: 100_000 });
    expect((await topUp(owner, 100_001)).body.error.details.reason).toBe('MEMBER_TOPUP_MAX');
    expect((await owner.fork().login('clerk', 'clerk-pass-1')).body.policy.memberTopupMaxFen).toBe(100_000);
    for (const bad of [0, 10_000_001])
      expect(
        (await owner.call('PUT', '/v1/security/money-limits', { memberTopupMaxFen: bad }, { superPassword: SUPER }))
          .status,
      ).toBe(400);
  });

  it('the next day (the outlet’s calendar day) starts from nothing', async () => {
    w.clock.now += 24 * 3_600_000;
    const next = owner.fork();
    expect((await next.login('clerk', 'clerk-pass-1')).body.money).toMatchObject({ movedTodayFen: 0 });
    expect((await topUp(next, 100_000)).body.result).toBe('ok');
  });
});
