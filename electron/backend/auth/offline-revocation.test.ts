// Offline logins the cloud has voided stop working on the till: an account the owner disables, and a
// password changed in the cloud (SMS recovery). The till learns both from its next catalog pull (the feed
// lists the outlet's disabled employees and dates password changes), forgets the offline login, and ends a
// session it voids. Real cloud (PGlite), real SQLite files, real HTTP; each case on its own cloud and till.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../../cloud/seed/demo';
import { hashPassword } from '../../../cloud/auth/passwords';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { openPos, tempDir, type TestPos } from '../testing/harness';

const SUPER = '店长-超级密码-1';

/** A seeded cloud and a till registered to the demo outlet, for the describe block it is called in. */
function cloudAndTill(deviceName: string) {
  const w = {} as { cloud: RunningCloud; t: TestPos; dir: ReturnType<typeof tempDir> };
  beforeAll(async () => {
    w.cloud = await startCloud({ seed: true });
    w.dir = tempDir();
    w.t = await openPos({ dataDir: w.dir.dir, cloudUrl: w.cloud.url });
    await w.t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName,
    });
  }, 60_000);
  afterAll(async () => {
    await w.t?.backend.close();
    await w.cloud?.close().catch(() => {});
    w.dir?.cleanup();
  });
  return w;
}

/** The cashier logs in online once (the till may now let them in offline); then the owner pulls the feed. */
async function cashierKnownThenPull(t: TestPos, between: () => Promise<void>) {
  await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
  await t.pos.call('auth.logout', {});
  await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password });
  await between();
  await t.pos.call('catalog.sync', {});
  await t.pos.call('auth.logout', {});
}

const offlineUnknown = { code: 'OFFLINE', details: { reason: 'OFFLINE_LOGIN_UNKNOWN' } };

describe('offline login after the account is disabled', () => {
  const w = cloudAndTill('前台1');

  it('the next pull forgets the offline login; a wrong online password alone forgets nothing', async () => {
    const { t, cloud } = w;
    // A mistyped password refused online does not cost the real one its offline login.
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await t.pos.call('auth.logout', {});
    const typo = await t.pos.try('auth.login', { username: DEMO.cashier.username, password: 'not-the-password' });
    expect(!typo.ok && typo.error.code).toBe('BAD_CREDENTIALS');
    const sales = new Database(join(w.dir.dir, 'sales.db'), { readonly: true });
    expect(
      sales.prepare('SELECT count(*) FROM offline_credentials WHERE username = ?').pluck().get(DEMO.cashier.username),
    ).toBe(1);
    sales.close();
    await cashierKnownThenPull(t, async () => {
      await t.pos.call('owner.setSuperPassword', { password: DEMO.master.password, superPassword: SUPER });
      expect(await t.pos.call('owner.employeeDisable', { id: DEMO.cashier.id, superPassword: SUPER })).toEqual({
        ok: true,
      });
    });
    await cloud.close();
    // Offline now: the owner still gets in offline, the dismissed cashier does not.
    const refused = await t.pos.try('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect(!refused.ok && refused.error).toMatchObject(offlineUnknown);
    expect(
      await t.pos.call('auth.login', { username: DEMO.master.username, password: DEMO.master.password }),
    ).toMatchObject({ offline: true });
  });
});

describe('a session in progress when the account is disabled', () => {
  const w = cloudAndTill('前台2');

  it('ends at the next pull, even though the till could keep selling offline', async () => {
    const { t, cloud } = w;
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await cloud.db.query('UPDATE employees SET disabled_at = $2 WHERE id = $1', [DEMO.cashier.id, Date.now()]);
    await t.pos.try('catalog.sync', {});
    expect((await t.pos.call('app.status', {})).session).toBeNull();
    const r = await t.pos.try('cart.get', {});
    expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('offline login after the password changed in the cloud (SMS recovery on another till)', () => {
  const w = cloudAndTill('前台3');

  it('the old password stops working offline at the next pull', async () => {
    const { t, cloud } = w;
    await cashierKnownThenPull(t, async () => {
      // as recovery does (cloud/security/recovery.ts): a new hash, dated
      await cloud.db.query('UPDATE employees SET password_hash = $2, password_changed_at = $3 WHERE id = $1', [
        DEMO.cashier.id,
        await hashPassword('brand-new-1'),
        Date.now(),
      ]);
    });
    await cloud.close();
    const r = await t.pos.try('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect(!r.ok && r.error).toMatchObject(offlineUnknown);
  });
});
