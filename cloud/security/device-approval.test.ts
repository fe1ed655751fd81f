// Device approval: an employee with device.manage registers a pending device; so does the master once the
// outlet asks for approval; a pending device can only ask its status; the master's approval takes effect at
// the device's next request; each registration is audited and alerts the owner; a cashier cannot register.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../shared/sync/protocol';
import { DEMO } from '../seed/demo';
import { hashPassword } from '../auth/passwords';
import { newDeviceKey, registerPayload } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';
import { verifyAuditChain } from './audit';
import { EmployeeClient, injectSend } from './testing/client';

const SUPER = 'owner-super-1';

describe('device approval', () => {
  let w: TestWorld;
  let owner: EmployeeClient;

  beforeAll(async () => {
    w = await createWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1, email = $2, email_verified_at = 1 WHERE id = $3', [
      await hashPassword(SUPER),
      'boss@example.com',
      DEMO.master.id,
    ]);
    await w.db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, created_at) VALUES ($1, $2, 'itguy', '小王', $3, '{device.manage}', 0)",
      [randomUUID(), DEMO.outletId, await hashPassword('itguy-pass')],
    );
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login('owner', 'owner888')).status).toBe(200);
    expect((await owner.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200); // first use from this address
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  async function register(username: string, password: string) {
    const key = newDeviceKey();
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, key, { username, password }),
    });
    return {
      res,
      client:
        res.statusCode === 200
          ? new EmployeeClient(
              injectSend(w.app),
              { id: res.json().deviceId, privateKey: key.privateKey },
              () => w.clock.now,
            )
          : null,
    };
  }
  const emails = async (kind: string) =>
    (
      await w.db.query<{ subject: string }>('SELECT subject FROM email_messages WHERE kind = $1 ORDER BY id', [kind])
    ).rows.map((r) => r.subject);

  it('a device registered by a non-master with device.manage starts pending, can only ask its status, and works after approval', async () => {
    const { res, client } = await register('itguy', 'itguy-pass');
    expect(res.json()).toMatchObject({ status: 'pending' });
    const dev = client!;
    expect((await dev.login('cashier', 'cashier123')).body.error.code).toBe('DEVICE_PENDING');
    expect((await dev.call('GET', PATHS.deviceMe)).body).toEqual({ deviceId: dev.device.id, status: 'pending' });
    expect((await emails('new_device')).at(-1)).toMatch(/待您审批/);

    // The owner sees it pending and approves it (super password); it works at its next request.
    const list = await owner.call('GET', '/v1/devices');
    expect(list.body.devices.find((d: { id: string }) => d.id === dev.device.id)).toMatchObject({ status: 'pending' });
    expect((await owner.call('POST', `/v1/devices/${dev.device.id}/approve`, {})).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    expect(
      (await owner.call('POST', `/v1/devices/${dev.device.id}/approve`, {}, { superPassword: SUPER })).status,
    ).toBe(200);
    expect((await dev.call('GET', PATHS.deviceMe)).body.status).toBe('active');
    expect((await dev.login('cashier', 'cashier123')).status).toBe(200);

    // Revoked at once: the device learns it from the same route.
    expect((await owner.call('POST', `/v1/devices/${dev.device.id}/revoke`, {}, { superPassword: SUPER })).status).toBe(
      200,
    );
    expect((await dev.call('GET', PATHS.deviceMe)).body.error.code).toBe('DEVICE_REVOKED');
  });

  it('with "new devices need approval" set, even the master registers a pending device', async () => {
    const before = await register('owner', 'owner888');
    expect(before.res.json().status).toBe('active');
    expect((await owner.call('PUT', '/v1/security/settings', { newDevicesNeedApproval: true })).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    expect(
      (await owner.call('PUT', '/v1/security/settings', { newDevicesNeedApproval: true }, { superPassword: SUPER }))
        .status,
    ).toBe(200);
    const after = await register('owner', 'owner888');
    expect(after.res.json().status).toBe('pending');
    expect((await owner.call('GET', '/v1/security/settings')).body).toEqual({ newDevicesNeedApproval: true });
    await owner.call('PUT', '/v1/security/settings', { newDevicesNeedApproval: false }, { superPassword: SUPER });
  });

  it('a cashier cannot register a device; every attempt and registration is audited in a chain that verifies', async () => {
    const { res } = await register('cashier', 'cashier123');
    // Answered like a wrong password (nothing to learn about the password); the audit keeps the real reason.
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('BAD_CREDENTIALS');
    const rows = (
      await w.db.query<{
        outcome: string;
        error_code: string | null;
        details: { byMaster?: boolean } | null;
        after: { status?: string } | null;
      }>(
        "SELECT outcome, error_code, details, after FROM audit_log WHERE org_id = $1 AND action = 'device.register' ORDER BY id",
        [DEMO.outletId],
      )
    ).rows;
    expect(rows.map((r) => r.after?.status ?? r.error_code)).toEqual([
      'active',
      'pending',
      'active',
      'pending',
      'FORBIDDEN',
    ]);
    expect(await verifyAuditChain(w.db, DEMO.outletId)).toMatchObject({ ok: true });
    expect((await emails('new_device')).length).toBe(4);
  });
});
