// Sessions: 30 min idle / 12 h absolute; refresh rotates the token (the old one dies) without moving the
// absolute end; revoking the device or disabling the employee ends sessions and refreshes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../shared/sync/protocol';
import { DEMO } from '../seed/demo';
import { hashPassword } from '../auth/passwords';
import { SESSION_TTL_MS } from '../auth/policy';
import { createWorld, type TestWorld } from '../test-support/world';
import { SESSION_IDLE_MS } from './session-lifetime';
import { EmployeeClient, injectSend } from './testing/client';

const MIN = 60_000;
const SUPER = 'owner-super-1';

describe('session lifetime and refresh', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  beforeAll(async () => {
    w = await createWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.master.id,
    ]);
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });
  const me = (c: EmployeeClient) => c.call('GET', '/v1/me').then((r) => (r.status === 200 ? 'ok' : r.body.error.code));
  const refresh = (c: EmployeeClient) => c.call('POST', PATHS.refresh, {});

  it('ends after 30 minutes without use; use keeps it alive', async () => {
    const c = owner.fork();
    await c.login('cashier', 'cashier123');
    w.clock.now += SESSION_IDLE_MS - MIN;
    expect(await me(c)).toBe('ok'); // used: the idle deadline moves
    w.clock.now += SESSION_IDLE_MS - MIN;
    expect(await me(c)).toBe('ok');
    w.clock.now += SESSION_IDLE_MS + 1;
    expect(await me(c)).toBe('UNAUTHENTICATED');
    expect((await refresh(c)).body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refresh rotates the token: the new one works, the old one is dead; the 12 h end does not move', async () => {
    const c = owner.fork();
    const login = await c.login('cashier', 'cashier123');
    const old = c.token!;
    w.clock.now += 10 * MIN;
    const r = await refresh(c);
    expect(r.status).toBe(200);
    expect(r.body.expiresAt).toBe(login.body.expiresAt);
    expect(r.body.idleExpiresAt).toBe(w.clock.now + SESSION_IDLE_MS);
    c.token = r.body.token;
    expect(await me(c)).toBe('ok');
    expect((await c.call('GET', '/v1/me', undefined, { token: old })).body.error.code).toBe('UNAUTHENTICATED');
    expect((await c.call('POST', PATHS.refresh, {}, { token: old })).body.error.code).toBe('UNAUTHENTICATED');
    // kept alive by refreshes, it still ends 12 h after login
    for (let t = 0; t < SESSION_TTL_MS; t += 20 * MIN) {
      w.clock.now += 20 * MIN;
      const x = await refresh(c);
      if (x.status !== 200) break;
      c.token = x.body.token;
    }
    expect(w.clock.now).toBeGreaterThanOrEqual(login.body.expiresAt);
    expect(await me(c)).toBe('UNAUTHENTICATED');
    // refusals are audited
    const { rows } = await w.db.query("SELECT 1 FROM audit_log WHERE action = 'auth.refresh' AND outcome = 'refused'");
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it('disabling the employee or revoking the device ends its sessions and refreshes', async () => {
    const boss = owner.fork();
    await boss.login('owner', 'owner888');
    expect((await boss.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
    const c = owner.fork();
    await c.login('cashier', 'cashier123');
    expect(
      (await boss.call('POST', `/v1/employees/${DEMO.cashier.id}/disable`, {}, { superPassword: SUPER })).status,
    ).toBe(200);
    expect((await refresh(c)).body.error.code).toBe('UNAUTHENTICATED');
    expect(await me(c)).toBe('UNAUTHENTICATED');
    // disabled: the right password no longer logs in, until the owner enables the account again
    const d = owner.fork();
    expect((await d.login('cashier', 'cashier123')).body.error.code).toBe('BAD_CREDENTIALS');
    expect((await boss.call('POST', `/v1/employees/${DEMO.cashier.id}/enable`, {})).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    expect(
      (await boss.call('POST', `/v1/employees/${DEMO.cashier.id}/enable`, {}, { superPassword: SUPER })).status,
    ).toBe(200);
    expect((await d.login('cashier', 'cashier123')).status).toBe(200);

    const other = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    await other.login('owner', 'owner888');
    expect(
      (await boss.call('POST', `/v1/devices/${other.device.id}/revoke`, {}, { superPassword: SUPER })).status,
    ).toBe(200);
    expect((await refresh(other)).body.error.code).toBe('DEVICE_REVOKED');
  });
});
