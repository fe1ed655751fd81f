// The one clock, at the till against the real cloud, with the process itself in New York: the outlet's
// time zone is its setting in the cloud, carried to the till at every login (device policy) — app.status
// hands it to the screen, and the receipt, the shift report (交班单) and the order number's day are printed
// on that clock, never on the PC's. A till registered before the cloud sent the zone keeps the one given at
// registration; Asia/Shanghai when nothing else is known.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../../cloud/seed/demo';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { formatInZone } from '../../../shared/time';
import { openTillAt, type TestPos, type tempDir } from '../testing/harness';
import { deviceTimeZone } from './store';

process.env.TZ = 'America/New_York';
const glyphs = (svg: string) => svg.replace(/<[^>]+>/g, '').replaceAll('&#xa0;', ' '); // the SVG sets one glyph per tspan

describe('one clock: the outlet’s zone from the cloud to the till’s screen and paper', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    cloud = await startCloud({ port: 0 });
    ({ t, dir } = await openTillAt(cloud.url, { deviceName: '收银台1', login: DEMO.cashier }));
  }, 120_000);
  afterAll(async () => {
    await t?.backend.close();
    dir?.cleanup();
    await cloud?.close();
  });

  it('the demo outlet’s zone, Asia/Shanghai, reaches the screen through app.status', async () => {
    expect((await t.pos.call('app.status', {})).device.timeZone).toBe('Asia/Shanghai');
  });

  it('an outlet on another clock: the next login carries it; receipts, 交班单 and order numbers follow', async () => {
    await cloud.db.query('UPDATE organizations SET timezone = $1 WHERE id = $2', ['Asia/Tokyo', DEMO.outletId]);
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect((await t.pos.call('app.status', {})).device.timeZone).toBe('Asia/Tokyo');

    await t.pos.call('cart.scan', { code: DEMO.sampleBarcode });
    const { order } = await t.pos.call('sale.checkout', { tendered: 10_000 });
    const receipt = glyphs((await t.pos.call('receipt.preview', { orderId: order.id })).svg);
    expect(receipt).toContain(formatInZone(order.createdAt, 'Asia/Tokyo', 'dateTimeMinute'));
    expect(order.number.slice(0, 8)).toBe(formatInZone(order.createdAt, 'Asia/Tokyo', 'date').replaceAll('-', ''));

    const { shift } = await t.pos.call('shift.current', {});
    const { shift: closed } = await t.pos.call('shift.close', { countedCash: shift!.expectedCash });
    const report = glyphs((await t.pos.call('shift.preview', { id: closed.id })).svg);
    expect(report).toContain(formatInZone(closed.openedAt, 'Asia/Tokyo', 'dateTimeMinute'));
    expect(report).toContain(formatInZone(closed.closedAt!, 'Asia/Tokyo', 'dateTimeMinute'));
  });

  it('without the cloud’s zone: the registration’s, then Asia/Shanghai; a bad one never prints', () => {
    const policy = { offlineWindowHours: 72, offlineSalesCapFen: 0 } as never;
    expect(deviceTimeZone({ policy, outletTimezone: 'Asia/Urumqi' })).toBe('Asia/Urumqi');
    expect(deviceTimeZone({ policy: { timeZone: 'Asia/Tokyo' } as never, outletTimezone: 'Asia/Urumqi' })).toBe(
      'Asia/Tokyo',
    );
    expect(deviceTimeZone({ policy, outletTimezone: 'Not/AZone' })).toBe('Asia/Shanghai');
    expect(deviceTimeZone(null)).toBe('Asia/Shanghai');
  });
});
