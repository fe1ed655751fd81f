// Device registration: the master account's password is the approval; anything else is refused, and
// failed attempts count towards a lockout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zRegisterResponse, PATHS } from '../../shared/sync/protocol';
import { DEMO } from '../seed/demo';
import { newDeviceKey, registerBody } from '../test-support/device';
import { createWorld, tableCounts, type TestWorld } from '../test-support/world';

let w: TestWorld;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

describe('POST /v1/devices/register', () => {
  it('registers an active device for the master’s outlet', async () => {
    const key = newDeviceKey();
    const res = await w.app.inject({ method: 'POST', url: PATHS.register, payload: registerBody(key.publicKey) });
    expect(res.statusCode).toBe(200);
    const body = zRegisterResponse.parse(res.json());
    expect(body.status).toBe('active');
    expect(body.outlet).toEqual({
      id: DEMO.outletId,
      name: DEMO.outletName,
      timezone: 'Asia/Shanghai',
      kind: 'outlet',
    });
    expect(body.policy).toEqual({
      offlineWindowHours: 72,
      offlineSalesCapFen: 5_000_000,
      rounding: 'none',
      voidWindowMinutes: 10,
      memberTopupMaxFen: 500_000,
    });
    const { rows } = await w.db.query<{ status: string; registered_by: string }>(
      'SELECT status, registered_by FROM devices WHERE id = $1',
      [body.deviceId],
    );
    expect(rows[0]).toEqual({ status: 'active', registered_by: DEMO.master.id });
    // a retried registration of the same key returns the same device
    const again = await w.app.inject({ method: 'POST', url: PATHS.register, payload: registerBody(key.publicKey) });
    expect(again.json().deviceId).toBe(body.deviceId);
  });

  it('refuses a wrong password with BAD_CREDENTIALS and creates nothing', async () => {
    const before = await tableCounts(w.db);
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: registerBody(newDeviceKey().publicKey, { password: 'wrong-pass' }),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('BAD_CREDENTIALS');
    const unknown = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: registerBody(newDeviceKey().publicKey, { username: 'nobody', password: 'whatever' }),
    });
    expect(unknown.json().error.code).toBe('BAD_CREDENTIALS');
    expect(await tableCounts(w.db)).toEqual(before);
    await w.db.query('UPDATE employees SET failed_logins = 0 WHERE id = $1', [DEMO.master.id]);
  });

  it('answers a cashier’s right password exactly like a wrong one (no 403 vs 401 oracle)', async () => {
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: registerBody(newDeviceKey().publicKey, {
        username: DEMO.cashier.username,
        password: DEMO.cashier.password,
      }),
    });
    const wrong = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: registerBody(newDeviceKey().publicKey, { username: DEMO.cashier.username, password: 'not-it-at-all' }),
    });
    expect([res.statusCode, res.json()]).toEqual([wrong.statusCode, wrong.json()]);
    expect([res.statusCode, res.json().error.code]).toEqual([401, 'BAD_CREDENTIALS']);
    // …and it counts toward the lock like a wrong one (a right password must not reset the count: that
    // would tell, a few guesses later, which one was right).
    const { rows } = await w.db.query<{ failed_logins: number }>('SELECT failed_logins FROM employees WHERE id = $1', [
      DEMO.cashier.id,
    ]);
    expect(rows[0]!.failed_logins).toBe(2);
    await w.db.query('UPDATE employees SET failed_logins = 0 WHERE id = $1', [DEMO.cashier.id]);
  });

  it('refuses a public key that is not Ed25519 SPKI', async () => {
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: registerBody(Buffer.alloc(44, 7).toString('base64')),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
  });

  it('locks the account after 5 wrong passwords, for 15 minutes', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await w.app.inject({
        method: 'POST',
        url: PATHS.register,
        payload: registerBody(newDeviceKey().publicKey, { password: `wrong-${i}` }),
      });
      codes.push(res.json().error.code);
    }
    expect(codes).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'LOCKED_OUT']);
    // even the right password is refused while locked
    const locked = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: registerBody(newDeviceKey().publicKey),
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('LOCKED_OUT');
    // after the lock expires, the right password works again
    w.clock.now += 15 * 60 * 1000 + 1;
    const ok = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: registerBody(newDeviceKey().publicKey),
    });
    expect(ok.statusCode).toBe(200);
  });
});
