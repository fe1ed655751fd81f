// device.reset against the real cloud: refused while an order is unsent, needs the device name typed, then
// wipes the local data and the registration (lives here because backend tests may not import cloud/).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../cloud/start';
import { DEMO, openPos, registerDevice, startChaosCloud, tempDir } from './world';

describe('device.reset', () => {
  let cloud: RunningCloud;
  const dir = tempDir();
  beforeAll(async () => {
    cloud = await startChaosCloud();
  });
  afterAll(async () => {
    await cloud?.close();
    dir.cleanup();
  });

  it('is refused with UNSENT_ORDERS until the cloud has every order, then forgets the device', async () => {
    const { codes } = await registerDevice(cloud.url, dir.dir, 'front-1');
    const { backend, pos } = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    try {
      await pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
      await pos.call('cart.scan', { code: codes[0]! });
      await pos.call('sale.checkout', { tendered: (await pos.call('cart.get', {})).total });
      const early = await pos.try('device.reset', { confirm: 'front-1' });
      expect(!early.ok && early.error).toMatchObject({ code: 'UNSENT_ORDERS', details: { unsent: 1 } });
      expect((await pos.call('sync.now', {})).unsent).toBe(0);
      const wrong = await pos.try('device.reset', { confirm: 'front-2' });
      expect(!wrong.ok && wrong.error).toMatchObject({
        code: 'VALIDATION',
        details: { reason: 'RESET_NOT_CONFIRMED' },
      });
      expect(await pos.call('device.reset', { confirm: 'front-1' })).toEqual({ reset: true });
      expect((await pos.call('app.status', {})).device.state).toBe('unregistered');
      expect((await pos.try('cart.get', {})).ok).toBe(false);
    } finally {
      await backend.close();
    }
    const db = new Database(join(dir.dir, 'sales.db'), { readonly: true });
    expect(
      db
        .prepare('SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM device)')
        .pluck()
        .get(),
    ).toBe(0);
    // the drawer's record is not the cloud's: the shift the sale opened and its cash movement stay
    expect(
      db
        .prepare(
          "SELECT (SELECT count(*) FROM shifts) || '/' || (SELECT count(*) FROM cash_movements WHERE kind = 'sale')",
        )
        .pluck()
        .get(),
    ).toBe('1/1');
    db.close();
    // a new registration is a new device (new key)
    const again = await registerDevice(cloud.url, dir.dir, 'front-1b');
    expect(again.codes.length).toBeGreaterThan(0);
  });
});
