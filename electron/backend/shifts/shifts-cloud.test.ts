// Closed shifts reach the cloud: the real POS backend (real sales.db, signed HTTP through a proxy that can
// play "the network dropped") against the real cloud (Fastify on PGlite, seeded demo). A shift closed offline
// stays unsent (a device reset refused), goes once the cloud is back — after the sale rung up in it — exactly once
// however often it is pushed, alerts the owner about a ¥200 shortfall, and the owner's back office lists it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { DEMO } from '../../../cloud/seed/demo';
import { openDatabases } from '../db/open';
import { nodeFileKeyStore } from '../device/keystore-file';
import { loadDeviceKey } from '../device/keys';
import { createDeviceStore } from '../device/store';
import { createCloudClient } from '../sync/cloud-client';
import { openTillAt, type tempDir, type TestPos } from '../testing/harness';
import { startToggleProxy, type ToggleProxy } from '../testing/toggle-proxy';

describe('closed shifts reach the cloud (real cloud)', () => {
  let cloud: RunningCloud;
  let proxy: ToggleProxy;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const fail = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as { code: string };
    }
    throw new Error('expected a refusal');
  };

  beforeAll(async () => {
    cloud = await startCloud({ port: 0, seed: true, fulfilmentTickMs: 0 });
    await cloud.db.query("UPDATE employees SET email = 'boss@example.com', email_verified_at = 1 WHERE id = $1", [
      DEMO.master.id,
    ]);
    proxy = await startToggleProxy(cloud.url);
    ({ t, dir } = await openTillAt(proxy.url, { deviceName: '收银台1', login: DEMO.master }));
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    await proxy?.close();
    await cloud?.close();
    dir?.cleanup();
  });

  it('closed offline: unsent until the cloud is back, then there once, after its sale; the owner is alerted and sees it', async () => {
    proxy.setDown(true);
    await t.pos.call('shift.open', { openingFloat: 30_000 });
    await t.pos.call('cart.scan', { code: DEMO.sampleBarcode });
    const { order } = await t.pos.call('sale.checkout', { tendered: DEMO.sampleProduct.price });
    const expected = 30_000 + DEMO.sampleProduct.price;
    const { shift } = await t.pos.call('shift.close', { countedCash: expected - 20_000, note: '少了两百' });
    expect(shift.difference).toBe(-20_000);

    // the order and then its shift wait in the outbox, in that order; logging out is refused meanwhile
    const s1 = await t.pos.call('sync.now', {});
    expect(s1).toMatchObject({ state: 'offline', unsent: 2 });
    const dbs = openDatabases(dir.dir);
    const queue = dbs.sales.prepare('SELECT kind, ref_id FROM outbox WHERE acked_at IS NULL ORDER BY id').all();
    const payload = JSON.parse(
      dbs.sales
        .prepare("SELECT payload FROM outbox WHERE kind = 'shift' AND ref_id = ?")
        .pluck()
        .get(shift.id) as string,
    );
    const record = createDeviceStore(dbs.sales).get()!;
    dbs.close();
    expect(queue).toEqual([
      { kind: 'order', ref_id: order.id },
      { kind: 'shift', ref_id: shift.id },
    ]);
    expect((await fail(t.pos.call('device.reset', { confirm: record.name }))).code).toBe('UNSENT_ORDERS');
    expect((await cloud.db.query('SELECT 1 FROM shifts')).rows).toHaveLength(0);

    proxy.setDown(false);
    expect(await t.pos.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0 });
    await t.pos.call('sync.now', {});
    const { rows } = await cloud.db.query<{
      id: string;
      difference: string;
      counted_cash: string;
      note: string;
      received_at: string;
    }>('SELECT id, difference, counted_cash, note, received_at FROM shifts WHERE client_shift_id = $1', [shift.id]);
    expect(rows).toHaveLength(1);
    expect([Number(rows[0]!.difference), Number(rows[0]!.counted_cash), rows[0]!.note]).toEqual([
      -20_000,
      expected - 20_000,
      '少了两百',
    ]);
    const sold = await cloud.db.query<{ received_at: string }>(
      'SELECT received_at FROM orders WHERE client_order_id = $1',
      [order.id],
    );
    expect(Number(sold.rows[0]!.received_at)).toBeLessThanOrEqual(Number(rows[0]!.received_at));

    // the very same payload again (a push whose answer was lost) is a duplicate: still one shift, one alert
    const key = (await loadDeviceKey(nodeFileKeyStore(dir.dir)))!;
    const client = createCloudClient({
      baseUrl: cloud.url,
      now: Date.now,
      credentials: () => ({ deviceId: record.deviceId, privateKey: key.privateKey }),
    });
    expect((await client.pushRecords('shift', [payload])).results[0]).toMatchObject({
      status: 'duplicate',
      serverShiftId: rows[0]!.id,
    });
    expect((await cloud.db.query('SELECT 1 FROM shifts WHERE client_shift_id = $1', [shift.id])).rows).toHaveLength(1);
    const mails = (
      await cloud.db.query<{ to_address: string; subject: string }>(
        "SELECT to_address, subject FROM email_messages WHERE kind = 'cash_shortfall'",
      )
    ).rows;
    expect(mails).toEqual([
      { to_address: 'boss@example.com', subject: expect.stringContaining('收银台1 交班短款 ¥200.00') },
    ]);

    // the owner's back office: 交班记录 with the till and the names resolved
    const list = await t.pos.call('owner.shifts', {});
    expect(list.shifts[0]).toMatchObject({
      clientShiftId: shift.id,
      deviceName: '收银台1',
      closedByName: DEMO.master.name,
      difference: -20_000,
      expectedCash: expected,
      salesCount: 1,
      note: '少了两百',
    });
    expect((await t.pos.call('owner.shifts', { deviceId: record.deviceId, from: shift.closedAt! + 1 })).shifts).toEqual(
      [],
    );
    await t.pos.call('auth.logout', {});
  });

  it('a cashier (no report.view) is refused the list at the till', async () => {
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect((await fail(t.pos.call('owner.shifts', {}))).code).toBe('FORBIDDEN');
  });
});
