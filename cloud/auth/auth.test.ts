// Employee login on a registered device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_TEMPLATES } from '../../shared/permissions';
import { PATHS, zLoginResponse } from '../../shared/sync/protocol';
import { sha256Hex } from '../catalog/canonical-json';
import { DEMO } from '../seed/demo';
import { registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';

let w: TestWorld;
let dev: TestDevice;
beforeAll(async () => {
  w = await createWorld();
  dev = await registerDevice(w.app);
});
afterAll(async () => {
  await w.close();
});

const login = (username: string, password: string) =>
  signedInject(w.app, dev, { method: 'POST', url: PATHS.login, body: { username, password }, now: w.clock.now });

describe('POST /v1/auth/login', () => {
  it('logs a cashier in with the cashier template and a 12 h session stored as a hash', async () => {
    const res = await login(DEMO.cashier.username, DEMO.cashier.password);
    expect(res.statusCode).toBe(200);
    const body = zLoginResponse.parse(res.json());
    expect(body.employee).toMatchObject({ id: DEMO.cashier.id, username: 'cashier', isMaster: false });
    expect(body.employee.permissions).toEqual([...ROLE_TEMPLATES.cafeCashier]);
    expect(body.expiresAt).toBe(w.clock.now + 12 * 3600 * 1000);
    expect(body.policy).toEqual({
      offlineWindowHours: 72,
      offlineSalesCapFen: 5_000_000,
      rounding: 'none',
      timeZone: 'Asia/Shanghai',
      voidWindowMinutes: 10,
      memberTopupMaxFen: 500_000,
    });
    expect(Buffer.from(body.token, 'base64url')).toHaveLength(32);
    const { rows } = await w.db.query<{ token_hash: string; device_id: string }>(
      'SELECT token_hash, device_id FROM sessions WHERE employee_id = $1',
      [DEMO.cashier.id],
    );
    expect(rows).toEqual([{ token_hash: sha256Hex(body.token), device_id: dev.id }]);
  });

  it('gives the master every permission', async () => {
    const res = await login(DEMO.master.username, DEMO.master.password);
    expect(res.json().employee.permissions).toEqual([...PERMISSIONS]);
    expect(res.json().employee.isMaster).toBe(true);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const a = await login(DEMO.cashier.username, 'not-it');
    const b = await login('ghost', 'not-it');
    expect([a.statusCode, a.json().error.code]).toEqual([401, 'BAD_CREDENTIALS']);
    expect([b.statusCode, b.json().error.code]).toEqual([401, 'BAD_CREDENTIALS']);
  });

  it('refuses an employee of another outlet', async () => {
    const otherOutlet = '7b1f1c9e-0000-4000-8000-000000000001';
    await w.db.query(
      `INSERT INTO organizations (id, type, name, parent_id, created_at) VALUES ($1, 'outlet', '别家网吧', $2, 0)`,
      [otherOutlet, DEMO.agentId],
    );
    const { hashPassword } = await import('./passwords');
    await w.db.query(
      `INSERT INTO employees (id, org_id, username, name, password_hash, created_at) VALUES (gen_random_uuid(), $1, 'stranger', '外人', $2, 0)`,
      [otherOutlet, await hashPassword('stranger1')],
    );
    const res = await login('stranger', 'stranger1');
    expect(res.json().error.code).toBe('BAD_CREDENTIALS');
  });

  it('locks out after 5 failures', async () => {
    await w.db.query('UPDATE employees SET failed_logins = 0 WHERE id = $1', [DEMO.cashier.id]);
    for (let i = 0; i < 4; i++)
      expect((await login(DEMO.cashier.username, `bad-${i}`)).json().error.code).toBe('BAD_CREDENTIALS');
    expect((await login(DEMO.cashier.username, 'bad-5')).json().error.code).toBe('LOCKED_OUT');
    expect((await login(DEMO.cashier.username, DEMO.cashier.password)).statusCode).toBe(423);
  });

  it('needs a valid device signature', async () => {
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.login,
      payload: { username: 'owner', password: 'owner888' },
    });
    expect(res.json().error.code).toBe('DEVICE_NOT_REGISTERED');
  });
});
