// A supervisor approves a cashier's discount by scanning their staff card (员工卡), against the real cloud (Fastify
// on PGlite, seeded demo) through a proxy that can play "the network dropped": the owner binds the card from this
// till's back office; online the cloud names the supervisor; offline the till checks the card against the hashes
// the employee feed gave it; a removed card stops approving offline once the till has pulled the feed again.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../cloud/auth/passwords';
import { DEMO } from '../../../cloud/seed/demo';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { zOrderWire } from '../../../shared/sync/protocol';
import { MAX_OFFLINE_FAILURES } from '../auth/offline-credentials';
import { openDatabases } from '../db/open';
import { openTillAt, type tempDir, type TestPos } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';

const SUPER = 'owner-super-pw';
const CARD = '88001234';

describe('supervisor override by staff card (real cloud)', () => {
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const supId = randomUUID();
  const fail = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as { code: string; details?: Record<string, unknown> };
    }
    throw new Error('expected a refusal');
  };
  const sales = <T>(fn: (db: ReturnType<typeof openDatabases>['sales']) => T): T => {
    const dbs = openDatabases(dir.dir);
    try {
      return fn(dbs.sales);
    } finally {
      dbs.close();
    }
  };
  const grants = () =>
    sales((db) =>
      (
        db
          .prepare("SELECT target, outcome, details FROM audit_log WHERE action = 'override.grant' ORDER BY id")
          .all() as {
          target: string | null;
          outcome: string;
          details: string;
        }[]
      ).map((r) => ({ ...r, details: JSON.parse(r.details) })),
    );

  beforeAll(async () => {
    cloud = await startCloud({ port: 0, seed: true, fulfilmentTickMs: 0 });
    await cloud.db.query('UPDATE employees SET super_password_hash = $2 WHERE id = $1', [
      DEMO.master.id,
      await hashPassword(SUPER),
    ]);
    await cloud.db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, max_discount_fen, max_discount_bps, created_at) VALUES ($1, $2, 'sup', '值班主管', $3, $4, 5000, 2000, 0)",
      [supId, DEMO.outletId, await hashPassword('sup-login'), ['sale.sell', 'sale.discount']],
    );
    proxy = await startToggleProxy(cloud.url);
    ({ t, dir } = await openTillAt(proxy.url, { deviceName: '收银台1', login: DEMO.master }));
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('the owner binds the card from the till; online, the card alone approves and the cloud names the supervisor', async () => {
    const bound = await t.pos.call('owner.employeeCard', { id: supId, card: CARD, superPassword: SUPER });
    expect(bound.employee).toMatchObject({ id: supId, cardHint: '1234' });
    const taken = await fail(
      t.pos.call('owner.employeeCard', { id: DEMO.cashier.id, card: CARD, superPassword: SUPER }),
    );
    expect(taken).toMatchObject({ code: 'CONFLICT', details: { reason: 'CARD_TAKEN' } });
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    await t.pos.call('catalog.sync', {});

    const g = await t.pos.call('override.grant', { act: 'discount', card: CARD });
    expect(g).toMatchObject({ mode: 'online', supervisor: { id: supId, name: '值班主管' } });
  });

  it('offline, the card is checked against the feed’s hashes; the order records the supervisor, the audit says by card', async () => {
    proxy.setDown(true);
    const wrong = await fail(t.pos.call('override.grant', { act: 'discount', card: '99990000' }));
    expect(wrong).toMatchObject({ code: 'BAD_CREDENTIALS', details: { reason: 'UNKNOWN_CARD' } });
    // full-width, lower-case, spaces: the same card
    const g = await t.pos.call('override.grant', { act: 'discount', card: ' ８８００１２３４ ' });
    expect(g).toMatchObject({ mode: 'offline', supervisor: { id: supId } });

    await t.pos.call('cart.scan', { code: DEMO.sampleBarcode });
    const refused = await fail(t.pos.call('cart.discountOrder', { discount: { kind: 'percent', bps: 1000 } }));
    expect(refused.details).toMatchObject({ override: 'discount' });
    await t.pos.call('cart.discountOrder', { discount: { kind: 'percent', bps: 1000 }, overrideId: g.overrideId });
    const { order } = await t.pos.call('sale.checkout', { tendered: DEMO.sampleProduct.price });
    expect(order.override).toMatchObject({ supervisorId: supId });
    const wire = zOrderWire.parse(
      JSON.parse(
        sales((db) =>
          db.prepare("SELECT payload FROM outbox WHERE kind = 'order' ORDER BY id DESC").pluck().get(),
        ) as string,
      ),
    );
    expect(wire.overrides).toEqual([{ act: 'discount', supervisorId: supId, at: expect.any(Number) }]);

    const audit = grants();
    expect(audit.map((a) => [a.outcome, a.details.by, a.details.mode ?? null])).toEqual([
      ['ok', 'card', 'online'],
      ['refused', 'card', null],
      ['ok', 'card', 'offline'],
    ]);
    // the number is never written down on the till
    expect(JSON.stringify(audit)).not.toContain(CARD);
    expect(sales((db) => JSON.stringify(db.prepare('SELECT * FROM staff_cards').all()))).not.toContain(CARD);
  });

  it('wrong cards offline lock card approval until the cloud is reached again', async () => {
    for (let i = 1; i < MAX_OFFLINE_FAILURES; i++)
      expect((await fail(t.pos.call('override.grant', { act: 'discount', card: `7777000${i}` }))).code).toBe(
        'BAD_CREDENTIALS',
      );
    const locked = await fail(t.pos.call('override.grant', { act: 'discount', card: CARD }));
    expect(locked).toMatchObject({ code: 'LOCKED_OUT', details: { reason: 'OFFLINE_CARD_LOCKED' } });
    proxy.setDown(false);
    await t.pos.call('catalog.sync', {});
    proxy.setDown(true);
    expect((await t.pos.call('override.grant', { act: 'discount', card: CARD })).mode).toBe('offline');
  });

  it('hashes older than the offline window stop approving offline; the next pull brings them back', async () => {
    proxy.setDown(true);
    // the till was last in touch with the cloud 73 hours ago (the demo outlet's window is 72 h)
    sales((db) => db.prepare('UPDATE staff_cards SET synced_at = synced_at - ?').run(73 * 3_600_000));
    const stale = await fail(t.pos.call('override.grant', { act: 'discount', card: CARD }));
    expect(stale).toMatchObject({ code: 'OFFLINE', details: { reason: 'OFFLINE_CARDS_EXPIRED' } });
    expect(grants().at(-1)).toMatchObject({ outcome: 'refused', details: { by: 'card' } });
    proxy.setDown(false);
    await t.pos.call('catalog.sync', {});
    proxy.setDown(true);
    expect((await t.pos.call('override.grant', { act: 'discount', card: CARD })).mode).toBe('offline');
  });

  it('a removed card (挂失) stops approving offline after the next pull; online at once', async () => {
    proxy.setDown(false);
    await cloud.db.query('UPDATE employees SET card_hash = NULL, card_hint = NULL WHERE id = $1', [supId]);
    expect((await fail(t.pos.call('override.grant', { act: 'discount', card: CARD }))).code).toBe('BAD_CREDENTIALS');
    await t.pos.call('catalog.sync', {});
    proxy.setDown(true);
    const gone = await fail(t.pos.call('override.grant', { act: 'discount', card: CARD }));
    expect(gone).toMatchObject({ code: 'BAD_CREDENTIALS', details: { reason: 'UNKNOWN_CARD' } });
    proxy.setDown(false);
  });
});
