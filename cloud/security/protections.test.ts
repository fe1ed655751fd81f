// Bad input against the protections: wrong and replayed TOTP codes, brute-force logins, unknown permission
// names, self-editing, granting beyond one's own, new IP address, IP allowlist, device revocation. Each is
// refused with a typed error AND leaves an audit row.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/demo';
import { ROLE_TEMPLATES } from '../../shared/permissions';
import { hashPassword } from '../auth/passwords';
import { createWorld, type TestWorld } from '../test-support/world';
import { verifyAuditChain } from './audit';
import { EmployeeClient, injectSend } from './testing/client';
import { totpCode, TOTP_PERIOD_S } from './totp';

const SUPER = 'owner-super-pw';

describe('protections refuse bad input, typed and audited', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  let managerId: string;
  let manager: EmployeeClient;
  const refusals = async (action: string, code: string) =>
    (
      await w.db.query('SELECT 1 FROM audit_log WHERE action = $1 AND outcome = $2 AND error_code = $3', [
        action,
        'refused',
        code,
      ])
    ).rows.length;

  beforeAll(async () => {
    w = await createWorld();
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login('owner', 'owner888')).status).toBe(200);
    expect(
      (await owner.call('PUT', '/v1/me/super-password', { password: 'owner888', superPassword: SUPER })).status,
    ).toBe(200);
    managerId = randomUUID();
    await w.db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, super_password_hash, created_at) VALUES ($1, $2, 'mgr', '店长', $3, $4, $5, 0)",
      [
        managerId,
        DEMO.outletId,
        await hashPassword('mgr-login'),
        ['employee.manage', 'sale.sell', 'report.view'],
        await hashPassword('mgr-super'),
      ],
    );
    manager = owner.fork();
    expect((await manager.login('mgr', 'mgr-login')).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it('unknown permission names → VALIDATION, audited', async () => {
    const r = await owner.call(
      'PUT',
      `/v1/employees/${DEMO.cashier.id}/permissions`,
      { permissions: ['sale.sell', 'money.steal'] },
      { superPassword: SUPER },
    );
    expect(r.body.error.code).toBe('VALIDATION');
    expect(await refusals('employee.permissions', 'VALIDATION')).toBe(1);
  });

  it('an employee editing their own permissions → FORBIDDEN SELF_EDIT, audited', async () => {
    const r = await manager.call(
      'PUT',
      `/v1/employees/${managerId}/permissions`,
      { permissions: ['employee.manage', 'money.transfer'] },
      { superPassword: 'mgr-super' },
    );
    expect(r.body.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_EDIT' } });
    expect(await refusals('employee.permissions', 'FORBIDDEN')).toBe(1);
  });

  it('nobody grants what they do not hold; copy shows the exact grant first', async () => {
    const grant = await manager.call(
      'PUT',
      `/v1/employees/${DEMO.cashier.id}/permissions`,
      // the café cashier's own permissions kept, one the manager does not hold added
      { permissions: ['sale.sell', 'shift.manage', 'member.manage', 'money.transfer'] },
      { superPassword: 'mgr-super' },
    );
    expect(grant.body.error).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'GRANT_EXCEEDS_OWN', permissions: ['money.transfer'] },
    });
    // copying the owner's (= every) permission onto the cashier: the preview names each one and the
    // sensitive ones, and the copy is refused without the super password
    const preview = await owner.call('POST', `/v1/employees/${DEMO.cashier.id}/copy-permissions/preview`, {
      fromEmployeeId: DEMO.master.id,
    });
    expect(preview.body.added).toContain('money.transfer');
    expect(preview.body.sensitiveAdded).toContain('money.transfer');
    expect(preview.body.needsSuperPassword).toBe(true);
    const copy = await owner.call('POST', `/v1/employees/${DEMO.cashier.id}/copy-permissions`, {
      fromEmployeeId: DEMO.master.id,
    });
    expect(copy.body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    expect(await refusals('employee.copy_permissions', 'SUPER_PASSWORD_REQUIRED')).toBe(1);
    const { rows } = await w.db.query<{ permissions: string[] }>('SELECT permissions FROM employees WHERE id = $1', [
      DEMO.cashier.id,
    ]);
    expect(rows[0]!.permissions).toEqual([...ROLE_TEMPLATES.cafeCashier]); // unchanged
  });

  it('TOTP: enrolment by URI + QR; a wrong code and a reused code are refused and audited', async () => {
    const en = await owner.call('POST', '/v1/me/totp/enroll', {}, { superPassword: SUPER });
    expect(en.status).toBe(200);
    expect(en.body.uri).toMatch(/^otpauth:\/\/totp\/.*period=60/);
    expect(en.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = en.body.secret as string;
    expect((await owner.call('POST', '/v1/me/totp/confirm', { code: totpCode(secret, w.clock.now) })).status).toBe(200);
    // the confirming code is used up; the next step's code works once
    const body = { cidrs: [] };
    const reused = await owner.call('PUT', `/v1/employees/${DEMO.master.id}/ip-allowlist`, body, {
      superPassword: SUPER,
      totp: totpCode(secret, w.clock.now),
    });
    expect(reused.body.error).toMatchObject({ code: 'TOTP_INVALID', details: { reason: 'USED' } });
    const missing = await owner.call('PUT', `/v1/employees/${DEMO.master.id}/ip-allowlist`, body, {
      superPassword: SUPER,
    });
    expect(missing.body.error.code).toBe('TOTP_REQUIRED');
    const wrong = await owner.call('PUT', `/v1/employees/${DEMO.master.id}/ip-allowlist`, body, {
      superPassword: SUPER,
      totp: totpCode(secret, w.clock.now + 10 * TOTP_PERIOD_S * 1000),
    });
    expect(wrong.body.error.code).toBe('TOTP_INVALID');
    w.clock.now += TOTP_PERIOD_S * 1000;
    const code = totpCode(secret, w.clock.now);
    expect(
      (
        await owner.call('PUT', `/v1/employees/${DEMO.master.id}/ip-allowlist`, body, {
          superPassword: SUPER,
          totp: code,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await owner.call('PUT', `/v1/employees/${DEMO.master.id}/ip-allowlist`, body, {
          superPassword: SUPER,
          totp: code,
        })
      ).body.error.code,
    ).toBe('TOTP_INVALID');
    expect(await refusals('employee.ip_allowlist', 'TOTP_INVALID')).toBe(3);
    await w.db.query('UPDATE employees SET totp_secret = NULL WHERE id = $1', [DEMO.master.id]);
  });

  it('a new IP address needs the super password once; an IP allowlist refuses other addresses', async () => {
    const other = '203.0.113.7';
    const r = await manager.call('GET', '/v1/me', undefined, { ip: other });
    expect(r.body.error).toMatchObject({ code: 'SUPER_PASSWORD_REQUIRED', details: { reason: 'NEW_IP' } });
    expect((await manager.call('GET', '/v1/me', undefined, { ip: other, superPassword: 'mgr-super' })).status).toBe(
      200,
    );
    expect((await manager.call('GET', '/v1/me', undefined, { ip: other })).status).toBe(200);
    const bind = await owner.call(
      'PUT',
      `/v1/employees/${managerId}/ip-allowlist`,
      { cidrs: ['10.1.0.0/16'] },
      { superPassword: SUPER },
    );
    expect(bind.status).toBe(200);
    const refused = await manager.call('GET', '/v1/me', undefined, { ip: other });
    expect(refused.body.error.code).toBe('IP_NOT_ALLOWED');
    expect((await manager.login('mgr', 'mgr-login', other)).body.error.code).toBe('IP_NOT_ALLOWED');
    expect(
      (await manager.call('GET', '/v1/me', undefined, { ip: '10.1.2.3', superPassword: 'mgr-super' })).status,
    ).toBe(200);
    expect(await refusals('GET /v1/me', 'IP_NOT_ALLOWED')).toBe(1);
  });

  it('brute-force login locks the account, audits every attempt and alerts the owner', async () => {
    await w.db.query("UPDATE employees SET email = 'boss@example.com', email_verified_at = 1 WHERE id = $1", [
      DEMO.master.id,
    ]);
    const c = owner.fork();
    const codes: string[] = [];
    for (let i = 0; i < 6; i += 1) codes.push((await c.login('cashier', `wrong-${i}`)).body.error.code);
    expect(codes).toEqual([
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'LOCKED_OUT',
      'LOCKED_OUT',
    ]);
    expect((await c.login('cashier', DEMO.cashier.password)).body.error.code).toBe('LOCKED_OUT');
    expect(await refusals('auth.login', 'BAD_CREDENTIALS')).toBeGreaterThanOrEqual(4);
    const { rows } = await w.db.query(
      "SELECT 1 FROM email_messages WHERE kind = 'lockout' AND to_address = 'boss@example.com'",
    );
    expect(rows.length).toBe(1);
  });

  it('revoking a device ends its sessions at once', async () => {
    const second = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await second.login('mgr', 'mgr-login', '10.1.0.9')).status).toBe(200);
    expect((await second.call('GET', '/v1/me', undefined, { ip: '10.1.0.9', superPassword: 'mgr-super' })).status).toBe(
      200,
    );
    const list = await owner.call('GET', '/v1/devices');
    expect(list.body.devices.map((d: { id: string }) => d.id)).toContain(second.device.id);
    expect((await owner.call('POST', `/v1/devices/${second.device.id}/revoke`, {})).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    expect(
      (await owner.call('POST', `/v1/devices/${second.device.id}/revoke`, {}, { superPassword: SUPER })).status,
    ).toBe(200);
    expect((await second.call('GET', '/v1/me', undefined, { ip: '10.1.0.9' })).body.error.code).toBe('DEVICE_REVOKED');
    expect((await w.db.query('SELECT 1 FROM sessions WHERE device_id = $1', [second.device.id])).rows.length).toBe(0);
  });

  it('the whole chain still verifies', async () => {
    expect(await verifyAuditChain(w.db, DEMO.outletId)).toMatchObject({ ok: true });
  });
});
