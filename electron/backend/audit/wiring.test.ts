// The till's acts land in the sales.db audit chain: logins (online, offline, refused), logout, the sale
// (in the sale's own transaction), printer settings, refused permission checks, registration and reset.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER_ID, type FakeCloud } from '../testing/fake-cloud';
import { closeTill, openRegisteredTill, type TestPos, type Till } from '../testing/harness';
import { verifyAuditChain } from './chain';

let cloud: FakeCloud;
let t: TestPos;
let dir: Till['dir'];

beforeEach(async () => {
  ({ cloud, dir, t } = await openRegisteredTill({ login: null }));
});
afterEach(async () => {
  await closeTill(t, { cloud, dir });
});

interface AuditRow {
  action: string;
  outcome: string;
  actor_id: string | null;
  device_id: string | null;
  target: string | null;
  error_code: string | null;
  details: string | null;
}
function auditRows(): AuditRow[] {
  const db = new Database(join(dir.dir, 'sales.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT action, outcome, actor_id, device_id, target, error_code, details FROM audit_log ORDER BY id')
      .all() as AuditRow[];
  } finally {
    db.close();
  }
}
function chain() {
  const db = new Database(join(dir.dir, 'sales.db'), { readonly: true });
  try {
    return verifyAuditChain(db as never);
  } finally {
    db.close();
  }
}

describe('POS audit wiring', () => {
  it('a sale commits with its audit row and the chain verifies; logins, refusals, printer changes and logout are recorded', async () => {
    const deviceId = (await t.pos.call('app.status', {})).device.deviceId;
    expect((await t.pos.try('auth.login', { username: 'cashier', password: 'wrong' })).ok).toBe(false);
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    await t.pos.call('catalog.sync', {});
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const { order } = await t.pos.call('sale.checkout', { tendered: 500 });
    // a cashier changing the printer is refused by the router, and that refusal is a security event
    const refused = await t.pos.try('printer.set', { kind: 'none' });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    await t.pos.call('sync.now', {});
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: 'manager', password: 'manager123' });
    await t.pos.call('printer.set', { kind: 'none' });

    const rows = auditRows();
    expect(rows.map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'device.register:ok',
      'auth.login:refused',
      'auth.login:ok',
      'sale.checkout:ok',
      'printer.set:refused',
      'auth.logout:ok',
      'auth.login:ok',
      'printer.set:ok',
    ]);
    const sale = rows.find((r) => r.action === 'sale.checkout')!;
    expect(sale).toMatchObject({ actor_id: CASHIER_ID, device_id: deviceId, target: order.id });
    expect(JSON.parse(sale.details!)).toMatchObject({ number: order.number, total: order.total });
    expect(rows[1]).toMatchObject({ error_code: 'BAD_CREDENTIALS', target: 'cashier', actor_id: null });
    expect(rows[4]).toMatchObject({ error_code: 'FORBIDDEN', actor_id: CASHIER_ID });
    expect(JSON.parse(rows[2]!.details!)).toEqual({ mode: 'online' });
    expect(chain()).toEqual({ ok: true, rows: rows.length });
  });

  it('a sale that rolls back leaves no audit row (and no order)', async () => {
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    await t.pos.call('catalog.sync', {});
    // Another connection makes the outbox write fail: the last statement of the sale's transaction.
    const other = new Database(join(dir.dir, 'sales.db'));
    other.exec(
      "CREATE TRIGGER test_fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk says no'); END;",
    );
    other.close();
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const r = await t.pos.try('sale.checkout', { tendered: 500 });
    expect(r.ok).toBe(false);
    expect(auditRows().filter((x) => x.action === 'sale.checkout')).toEqual([]);
    const db = new Database(join(dir.dir, 'sales.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(0);
    db.close();
    expect(chain().ok).toBe(true);
  });

  it('an offline login is recorded as such, and a device reset keeps the chain and adds its own row', async () => {
    await t.pos.call('auth.login', { username: 'manager', password: 'manager123' });
    cloud.down = true;
    await t.pos.call('auth.logout', {});
    const s = await t.pos.call('auth.login', { username: 'manager', password: 'manager123' });
    expect(s.offline).toBe(true);
    cloud.down = false;
    await t.pos.call('device.reset', { confirm: 'c1' });
    const rows = auditRows();
    expect(rows.map((r) => r.action)).toEqual([
      'device.register',
      'auth.login',
      'auth.logout',
      'auth.login',
      'device.reset',
    ]);
    expect(JSON.parse(rows[3]!.details!)).toEqual({ mode: 'offline' });
    expect(chain()).toEqual({ ok: true, rows: 5 });
  });
});
