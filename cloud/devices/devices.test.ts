// Device registration: the master account's password is the approval; anything else is refused, and
// failed attempts count towards a lockout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zRegisterResponse, PATHS } from '../../shared/sync/protocol';
import { DEMO } from '../seed/demo';
import {
  challengeFrom,
  newDeviceKey,
  registerBody,
  registerPayload,
  registerDevice,
  signedHeaders,
} from '../test-support/device';
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
    const res = await w.app.inject({ method: 'POST', url: PATHS.register, payload: await registerPayload(w.app, key) });
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
      timeZone: 'Asia/Shanghai',
    });
    const { rows } = await w.db.query<{ status: string; registered_by: string }>(
      'SELECT status, registered_by FROM devices WHERE id = $1',
      [body.deviceId],
    );
    expect(rows[0]).toEqual({ status: 'active', registered_by: DEMO.master.id });
    // a retried registration of the same key returns the same device
    const again = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, key),
    });
    expect(again.json().deviceId).toBe(body.deviceId);
  });

  it('refuses a wrong password with BAD_CREDENTIALS and creates nothing', async () => {
    const before = await tableCounts(w.db);
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, newDeviceKey(), { password: 'wrong-pass' }),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('BAD_CREDENTIALS');
    const unknown = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, newDeviceKey(), { username: 'nobody', password: 'whatever' }),
    });
    expect(unknown.json().error.code).toBe('BAD_CREDENTIALS');
    expect(await tableCounts(w.db)).toEqual(before);
    await w.db.query('UPDATE employees SET failed_logins = 0 WHERE id = $1', [DEMO.master.id]);
  });

  it('answers a cashier’s right password exactly like a wrong one (no 403 vs 401 oracle)', async () => {
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, newDeviceKey(), {
        username: DEMO.cashier.username,
        password: DEMO.cashier.password,
      }),
    });
    const wrong = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, newDeviceKey(), {
        username: DEMO.cashier.username,
        password: 'not-it-at-all',
      }),
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
      payload: {
        ...registerBody(Buffer.alloc(44, 7).toString('base64')),
        proof: { challenge: await challengeFrom(w.app), signature: 'AA==' },
      },
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
        payload: await registerPayload(w.app, newDeviceKey(), { password: `wrong-${i}` }),
      });
      codes.push(res.json().error.code);
    }
    expect(codes).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'LOCKED_OUT']);
    // even the right password is refused while locked
    const locked = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, newDeviceKey()),
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('LOCKED_OUT');
    // after the lock expires, the right password works again
    w.clock.now += 15 * 60 * 1000 + 1;
    const ok = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, newDeviceKey()),
    });
    expect(ok.statusCode).toBe(200);
  });
});

// Issue 14 item 8: a device key with proof of possession, and signatures that name their device.
describe('proof of possession of the device key', () => {
  const register = (payload: unknown) =>
    w.app.inject({ method: 'POST', url: PATHS.register, payload: payload as object });
  const devices = async () => Number((await w.db.query<{ n: string }>('SELECT count(*) AS n FROM devices')).rows[0]!.n);

  it('refuses a registration without a proof, or with one the new key did not make', async () => {
    const before = await devices();
    const none = await register(registerBody(newDeviceKey().publicKey));
    expect(none.statusCode).toBe(400);
    expect(JSON.stringify(none.json().error)).toContain('proof');

    // signed by another key than the one registered: someone registering a key they do not hold
    const key = newDeviceKey();
    const other = newDeviceKey();
    const stolen = { ...(await registerPayload(w.app, other)), device: registerBody(key.publicKey).device };
    const res = await register(stolen);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('BAD_SIGNATURE');

    // a proof over a challenge the cloud never gave
    const forged = await registerPayload(async () => 'A'.repeat(43), key);
    expect((await register(forged)).json().error.code).toBe('BAD_SIGNATURE');
    expect(await devices()).toBe(before);
  });

  it('takes a challenge once, and not after it expired', async () => {
    const key = newDeviceKey();
    const payload = await registerPayload(w.app, key);
    expect((await register(payload)).statusCode).toBe(200);
    const again = await register({ ...payload, device: { ...payload.device, fingerprint: 'f'.repeat(64) } });
    expect(again.json().error.code).toBe('BAD_SIGNATURE'); // the challenge was used

    const late = await registerPayload(w.app, newDeviceKey());
    w.clock.now += 3 * 60_000;
    try {
      expect((await register(late)).json().error.code).toBe('BAD_SIGNATURE');
    } finally {
      w.clock.now -= 3 * 60_000;
    }
  });

  it('refuses a signature made for device A when it is presented as device B (same key)', async () => {
    const a = await registerDevice(w.app);
    // B: the very same key registered by another organisation (the agent's PC; its holder can prove it):
    // still, A's signatures are not B's
    const res = await register(
      await registerPayload(w.app, a, { username: DEMO.agentMaster.username, password: DEMO.agentMaster.password }),
    );
    expect(res.statusCode).toBe(200);
    const b = res.json().deviceId as string;
    expect(b).not.toBe(a.id);
    const call = { method: 'GET' as const, url: PATHS.deviceMe, now: w.clock.now };
    const asA = signedHeaders(a, call);
    expect((await w.app.inject({ method: 'GET', url: PATHS.deviceMe, headers: asA.headers })).statusCode).toBe(200);
    const replayedAsB = signedHeaders(a, {
      ...call,
      nonce: 'nonce-for-b-0001',
      mutate: (h) => {
        h['x-pos-device'] = b;
      },
    });
    const refused = await w.app.inject({ method: 'GET', url: PATHS.deviceMe, headers: replayedAsB.headers });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('BAD_SIGNATURE');
  });
});
