// A dismissed cashier cannot log in offline: the owner disables the account in the cloud, the till learns it
// from its next catalog pull (the feed lists the outlet's disabled employees) and forgets that offline login
// — and ends a session of theirs in progress. Real cloud (PGlite), real SQLite files, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../../cloud/seed/demo';
import { hashPassword } from '../../../cloud/services/passwords';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { openPos, tempDir, type TestPos } from '../testing/harness';

const SUPER = '店长-超级密码-1';

describe('offline login after the account is disabled', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const fail = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as { code: string; details?: { reason?: string } };
    }
    throw new Error('expected a refusal');
  };

  beforeAll(async () => {
    cloud = await startCloud({ seed: true });
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('device.register', { username: DEMO.master.username, password: DEMO.master.password, deviceName: '前台1' });
  }, 60_000);
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close().catch(() => {});
    dir?.cleanup();
  });

  it('the next pull forgets the offline login and ends the session; a wrong online password alone forgets nothing', async () => {
    // Both log in online once: the till may now let them in offline.
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    // A mistyped password refused online does not cost the real one its offline login.
    await t.pos.call('auth.logout', {});
    expect((await fail(t.pos.call('auth.login', { username: DEMO.cashier.username, password: 'not-the-password' }))).code).toBe('BAD_CREDENTIALS');
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    await t.pos.call('owner.setSuperPassword', { password: DEMO.master.password, superPassword: SUPER });
    expect(await t.pos.call('owner.employeeDisable', { id: DEMO.cashier.id, superPassword: SUPER })).toEqual({ ok: true });
    await t.pos.call('catalog.sync', {});
    await t.pos.call('auth.logout', {});

    await cloud.close();
    // Offline now: the owner still gets in offline, the dismissed cashier does not.
    const refused = await fail(t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password }));
    expect(refused).toMatchObject({ code: 'OFFLINE', details: { reason: 'OFFLINE_LOGIN_UNKNOWN' } });
    expect(await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password })).toMatchObject({ offline: true });
  });
});

describe('a session in progress when the account is disabled', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    cloud = await startCloud({ seed: true });
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('device.register', { username: DEMO.master.username, password: DEMO.master.password, deviceName: '前台2' });
  }, 60_000);
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close().catch(() => {});
    dir?.cleanup();
  });

  it('ends at the next pull, even though the till could keep selling offline', async () => {
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await cloud.db.query('UPDATE employees SET disabled_at = $2 WHERE id = $1', [DEMO.cashier.id, Date.now()]);
    await t.pos.try('catalog.sync', {});
    expect((await t.pos.call('app.status', {})).session).toBeNull();
    const r = await t.pos.try('cart.get', {});
    expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('offline login after the password changed in the cloud (SMS recovery on another till)', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    cloud = await startCloud({ seed: true });
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('device.register', { username: DEMO.master.username, password: DEMO.master.password, deviceName: '前台3' });
  }, 60_000);
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close().catch(() => {});
    dir?.cleanup();
  });

  it('the old password stops working offline at the next pull', async () => {
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await t.pos.call('auth.logout', {});
    // as recovery does (cloud/security/recovery.ts): a new hash, dated
    await cloud.db.query('UPDATE employees SET password_hash = $2, password_changed_at = $3 WHERE id = $1', [DEMO.cashier.id, await hashPassword('brand-new-1'), Date.now()]);
    await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
    await t.pos.call('catalog.sync', {});
    await t.pos.call('auth.logout', {});
    await cloud.close();
    const r = await t.pos.try('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect(!r.ok && r.error).toMatchObject({ code: 'OFFLINE', details: { reason: 'OFFLINE_LOGIN_UNKNOWN' } });
  });
});
