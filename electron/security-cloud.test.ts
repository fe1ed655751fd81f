// The POS backend against the real cloud (seeded, PGlite) for the security loop: a device that needs
// approval shows pending, "check again" (app.status) learns the approval; an active till rotates its
// session token in the background while it is used. Lives outside electron/backend/ (the backend must not
// import the cloud).
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../cloud/seed/demo';
import { createWorld, type TestWorld } from '../cloud/test-support/world';
import { REFRESH_AFTER_MS } from './backend/auth/refresh';
import { PENDING_RECHECK_MS } from './backend/device/handlers';
import { openPos, tempDir, type TestPos } from './backend/testing/harness';

describe('POS security loop against the real cloud', () => {
  let w: TestWorld;
  let url: string;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    w = await createWorld();
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: url, now: () => w.clock.now });
  }, 60_000);
  afterAll(async () => {
    await t?.backend.close();
    await w?.close();
    dir?.cleanup();
  });

  it('a pending device learns its approval through app.status (the pending screen’s "check again")', async () => {
    await w.db.query('UPDATE organizations SET new_devices_need_approval = true WHERE id = $1', [DEMO.outletId]);
    const dev = await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '收银台1',
    });
    expect(dev.state).toBe('pending');
    expect((await t.pos.try('auth.login', { username: 'cashier', password: 'cashier123' })).ok).toBe(false);
    expect((await t.pos.call('app.status', {})).device.state).toBe('pending');
    await w.db.query("UPDATE devices SET status = 'active' WHERE id = $1", [dev.deviceId]); // the owner's approval
    w.clock.now += PENDING_RECHECK_MS;
    expect((await t.pos.call('app.status', {})).device.state).toBe('active');
    expect((await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' })).employee.username).toBe(
      'cashier',
    );
  });

  it('rotates the session token in the background while the till is used', async () => {
    const hashes = async () =>
      (
        await w.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE employee_id = $1', [
          DEMO.cashier.id,
        ])
      ).rows.map((r) => r.token_hash);
    const before = await hashes();
    expect(before).toHaveLength(1);
    await t.pos.call('cart.get', {}); // young token: nothing happens
    expect(await hashes()).toEqual(before);
    w.clock.now += REFRESH_AFTER_MS;
    await t.pos.call('cart.get', {});
    await t.backend.settled(); // the rotation runs in the background: wait for it, not for the clock
    expect(await hashes()).not.toEqual(before);
    expect(await hashes()).toHaveLength(1);
    // the till goes on using the new token: the next rotation starts from it
    w.clock.now += REFRESH_AFTER_MS;
    const second = await hashes();
    await t.pos.call('cart.get', {});
    await t.backend.settled();
    expect(await hashes()).not.toEqual(second);
  });
});
