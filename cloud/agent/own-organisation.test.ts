// Done means: the agent's (区代) master runs the agent's own back office from the agent's PC — sets a super
// password through /v1/me; creates employees; approves a second agent PC that an employee with device.manage
// registered (pending until then); reads security settings, the audit chain, alerts and the commission
// balance — and an agent employee with product.edit reaches the agent routes but cannot create employees.
// Agent and outlet never see or change each other's employees, devices or audit rows; money movement stays
// outlet-only. Password recovery by SMS works on the agent's PC too.
// Real HTTP (inject), real database (PGlite, or PostgreSQL with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/demo';
import { agentCommissionId } from '../ledger';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { createWorld, type TestWorld } from '../test-support/world';

const AGENT_SUPER = 'agent-super-1';
const OWNER_SUPER = 'owner-super-1';
const asp = { superPassword: AGENT_SUPER };
const PHONE = '13900139000';

describe('an agent’s PC runs the agent’s own organisation', () => {
  let w: TestWorld;
  let agent: EmployeeClient;
  let owner: EmployeeClient;
  let opsId: string;
  let secondPc: EmployeeClient;
  const lastSms = async () =>
    (await w.db.query<{ phone: string; body: string }>('SELECT phone, body FROM sms_messages ORDER BY id DESC LIMIT 1'))
      .rows[0]!;
  const codeOf = (body: string) => /(\d{6})/.exec(body)![1]!;

  beforeAll(async () => {
    w = await createWorld();
    agent = await EmployeeClient.register(injectSend(w.app), () => w.clock.now, {
      username: DEMO.agentMaster.username,
      password: DEMO.agentMaster.password,
    });
    expect((await agent.login(DEMO.agentMaster.username, DEMO.agentMaster.password)).status).toBe(200);
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it('the agent master sets a super password from the agent PC, and nothing else is enrolled', async () => {
    const before = await agent.call('GET', '/v1/me');
    expect(before.body.employee).toMatchObject({
      username: DEMO.agentMaster.username,
      isMaster: true,
      superPasswordSet: false,
    });
    expect(
      (
        await agent.call('PUT', '/v1/me/super-password', {
          password: DEMO.agentMaster.password,
          superPassword: DEMO.agentMaster.password,
        })
      ).body.error.code,
    ).toBe('VALIDATION');
    const set = await agent.call('PUT', '/v1/me/super-password', {
      password: DEMO.agentMaster.password,
      superPassword: AGENT_SUPER,
    });
    expect(set.status).toBe(200);
    expect((await agent.call('GET', '/v1/me')).body.employee).toMatchObject({
      superPasswordSet: true,
      totpEnrolled: false,
      phoneVerified: false,
      emailVerified: false,
    });
    // a sensitive act now needs it
    expect((await agent.call('PUT', '/v1/security/settings', { newDevicesNeedApproval: false })).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    expect((await agent.call('GET', '/v1/security/settings')).body).toEqual({ newDevicesNeedApproval: false });
  });

  it('creates agent employees; one with product.edit reads the agent routes but cannot create employees', async () => {
    const merch = await agent.call('POST', '/v1/employees', {
      username: 'agent-merch',
      name: '区代商品专员',
      password: 'merch-pass-1',
      permissions: ['product.edit'],
    });
    expect(merch.body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    const ok = await agent.call(
      'POST',
      '/v1/employees',
      { username: 'agent-merch', name: '区代商品专员', password: 'merch-pass-1', permissions: ['product.edit'] },
      asp,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.employee).toMatchObject({ username: 'agent-merch', isMaster: false, permissions: ['product.edit'] });
    const ops = await agent.call(
      'POST',
      '/v1/employees',
      { username: 'agent-ops', name: '区代运维', password: 'ops-pass-1', permissions: ['device.manage'] },
      asp,
    );
    expect(ops.status).toBe(200);
    opsId = ops.body.employee.id;
    const org = await w.db.query<{ org_id: string }>('SELECT org_id FROM employees WHERE username = ANY($1)', [
      ['agent-merch', 'agent-ops'],
    ]);
    expect(org.rows.map((r) => r.org_id)).toEqual([DEMO.agentId, DEMO.agentId]);

    const m = agent.fork();
    expect((await m.login('agent-merch', 'merch-pass-1')).status).toBe(200);
    const sources = await m.call('GET', '/v1/agent/sources');
    expect(sources.status).toBe(200);
    expect(sources.body.sources.length).toBeGreaterThan(0);
    const refused = await m.call('POST', '/v1/employees', { username: 'agent-x', name: 'x', password: 'xxxx-pass-1' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'employee.manage' } });
    expect((await m.call('GET', '/v1/employees')).body.error.details).toMatchObject({ permission: 'employee.manage' });
  });

  it('approves a second agent PC that an employee with device.manage registered', async () => {
    secondPc = await EmployeeClient.register(injectSend(w.app), () => w.clock.now, {
      username: 'agent-ops',
      password: 'ops-pass-1',
    });
    const { rows } = await w.db.query<{ outlet_id: string; status: string; registered_by: string }>(
      'SELECT outlet_id, status, registered_by FROM devices WHERE id = $1',
      [secondPc.device.id],
    );
    expect(rows[0]).toEqual({ outlet_id: DEMO.agentId, status: 'pending', registered_by: opsId });
    expect((await secondPc.login('agent-ops', 'ops-pass-1')).body.error.code).toBe('DEVICE_PENDING');

    const list = await agent.call('GET', '/v1/devices');
    expect(list.status).toBe(200);
    expect(list.body.devices.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
      [agent.device.id, 'active'],
      [secondPc.device.id, 'pending'],
    ]);
    expect((await agent.call('POST', `/v1/devices/${secondPc.device.id}/approve`, {})).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    const approved = await agent.call('POST', `/v1/devices/${secondPc.device.id}/approve`, {}, asp);
    expect(approved.body).toEqual({ id: secondPc.device.id, status: 'active' });
    expect((await secondPc.login('agent-ops', 'ops-pass-1')).status).toBe(200);
    expect((await secondPc.call('GET', '/v1/devices')).body.devices).toHaveLength(2);
    // the outlet's master cannot log in on the agent's PC
    expect((await secondPc.fork().login(DEMO.master.username, DEMO.master.password)).body.error.code).toBe(
      'BAD_CREDENTIALS',
    );
  });

  it('agent and outlet never see or change each other’s employees, devices or audit rows', async () => {
    const agentEmps = (await agent.call('GET', '/v1/employees')).body.employees.map(
      (e: { username: string }) => e.username,
    );
    expect(agentEmps.sort()).toEqual(['agent', 'agent-merch', 'agent-ops']);
    const ownerEmps = (await owner.call('GET', '/v1/employees')).body.employees.map(
      (e: { username: string }) => e.username,
    );
    expect(ownerEmps.sort()).toEqual(['cashier', 'owner']);

    const ownerDevices = (await owner.call('GET', '/v1/devices')).body.devices.map((d: { id: string }) => d.id);
    expect(ownerDevices).toEqual([owner.device.id]);

    // Set the owner's super password so the owner's sensitive calls pass the factor check and reach the scope check.
    expect(
      (await owner.call('PUT', '/v1/me/super-password', { password: DEMO.master.password, superPassword: OWNER_SUPER }))
        .status,
    ).toBe(200);
    const osp = { superPassword: OWNER_SUPER };
    const crossed = [
      await agent.call('POST', `/v1/devices/${owner.device.id}/revoke`, {}, asp),
      await agent.call('POST', `/v1/devices/${owner.device.id}/approve`, {}, asp),
      await agent.call('PUT', `/v1/employees/${DEMO.cashier.id}/permissions`, { permissions: [] }, asp),
      await agent.call('POST', `/v1/employees/${DEMO.cashier.id}/disable`, {}, asp),
      await agent.call(
        'PUT',
        `/v1/employees/${DEMO.cashier.id}/limits`,
        { maxDiscountFen: 0, dailyTransferCapFen: 0 },
        asp,
      ),
      await agent.call(
        'POST',
        `/v1/employees/${opsId}/copy-permissions/preview`,
        { fromEmployeeId: DEMO.cashier.id },
        asp,
      ),
      await owner.call('POST', `/v1/devices/${secondPc.device.id}/revoke`, {}, osp),
      await owner.call('PUT', `/v1/employees/${opsId}/permissions`, { permissions: [] }, osp),
      await owner.call('POST', `/v1/employees/${opsId}/disable`, {}, osp),
    ];
    expect(crossed.map((r) => r.body.error?.code)).toEqual(Array(crossed.length).fill('NOT_FOUND'));
    const still = await w.db.query<{ status: string }>(
      'SELECT status FROM devices WHERE id = ANY($1) ORDER BY created_at',
      [[owner.device.id, secondPc.device.id]],
    );
    expect(still.rows.map((r) => r.status)).toEqual(['active', 'active']);
    expect(
      (
        await w.db.query('SELECT disabled_at FROM employees WHERE id = ANY($1) AND disabled_at IS NOT NULL', [
          [DEMO.cashier.id, opsId],
        ])
      ).rows,
    ).toEqual([]);

    const agentAudit = (await agent.call('GET', '/v1/audit?limit=500')).body.rows as {
      actor_id: string | null;
      device_id: string | null;
      action: string;
    }[];
    const ownerAudit = (await owner.call('GET', '/v1/audit?limit=500')).body.rows as {
      actor_id: string | null;
      device_id: string | null;
      action: string;
    }[];
    expect(agentAudit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['me.super_password', 'employee.create', 'device.register', 'device.approve']),
    );
    expect(agentAudit.some((r) => r.actor_id === DEMO.master.id || r.device_id === owner.device.id)).toBe(false);
    expect(
      ownerAudit.some(
        (r) =>
          r.actor_id === DEMO.agentMaster.id || r.device_id === agent.device.id || r.device_id === secondPc.device.id,
      ),
    ).toBe(false);
    // the agent's refused attempts above are in the agent's chain, the outlet's in the outlet's
    expect(agentAudit.filter((r) => r.action === 'device.revoke' && r.device_id === agent.device.id)).toHaveLength(1);
    expect(ownerAudit.filter((r) => r.action === 'device.revoke' && r.device_id === owner.device.id)).toHaveLength(1);
    expect((await agent.call('GET', '/v1/audit/verify')).body).toMatchObject({ ok: true });
    expect((await owner.call('GET', '/v1/audit/verify')).body).toMatchObject({ ok: true });
    expect((await agent.call('GET', '/v1/security/emails')).status).toBe(200);
  });

  it('the agent reads its commission balance; money movement and deposits stay outlet-only', async () => {
    const bal = await agent.call('GET', '/v1/money/balance');
    expect(bal.body).toEqual({
      accountId: agentCommissionId(DEMO.agentId),
      account: 'agent_commission',
      postedFen: 0,
      reservedFen: 0,
      incomingFen: 0,
      availableFen: 0,
      entries: [],
    });
    expect((await owner.call('GET', '/v1/money/balance')).body).toMatchObject({ account: 'outlet_prepaid' });
    for (const [m, url, body] of [
      ['POST', '/v1/money/transfers', { toAccountId: agentCommissionId(DEMO.agentId), amountFen: 100 }],
      ['GET', '/v1/deposits'],
      ['GET', '/v1/members'],
    ] as const) {
      const r = await agent.call(m, url, body, asp);
      expect(r.body.error, url).toMatchObject({ code: 'FORBIDDEN', details: { orgKind: 'agent' } });
    }
  });

  it('an agent employee binds a phone on the agent PC and recovers the password there by SMS', async () => {
    expect((await secondPc.call('POST', '/v1/me/phone', { phone: PHONE })).status).toBe(200);
    expect((await secondPc.call('POST', '/v1/me/phone/verify', { code: codeOf((await lastSms()).body) })).status).toBe(
      200,
    );
    const pc = secondPc.fork();
    expect((await pc.call('POST', '/v1/auth/recovery/start', { username: 'agent-ops' }, { token: null })).body).toEqual(
      { sent: true },
    );
    const sms = await lastSms();
    expect(sms.phone).toBe(PHONE);
    expect(
      (
        await pc.call(
          'POST',
          '/v1/auth/recovery/reset',
          { username: 'agent-ops', code: codeOf(sms.body), newPassword: 'ops-pass-2' },
          { token: null },
        )
      ).body,
    ).toEqual({ ok: true });
    expect((await pc.login('agent-ops', 'ops-pass-2')).status).toBe(200);
    // an outlet's account cannot be recovered from the agent's PC (same answer, no SMS)
    const n = (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sms_messages')).rows[0]!.n;
    expect(
      (await pc.call('POST', '/v1/auth/recovery/start', { username: DEMO.cashier.username }, { token: null })).body,
    ).toEqual({ sent: true });
    expect((await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sms_messages')).rows[0]!.n).toBe(n);
  });
});
