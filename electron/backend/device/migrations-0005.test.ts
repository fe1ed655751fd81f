// sales 0005 stores which kind of organisation the PC is registered to. A till registered before it keeps
// selling: its row reads back as an outlet's; only 'outlet' and 'agent' are accepted; the store carries it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { SALES_MIGRATIONS } from '../db/migrations/index';
import { createDeviceStore } from './store';

describe('migration sales 0005 (device org kind)', () => {
  it("existing registrations become 'outlet'; the store saves and reads an agent PC", () => {
    const db = new Database(':memory:');
    migrate(
      db,
      SALES_MIGRATIONS.filter((m) => m.version < 5),
      'sales.db',
    );
    db.prepare(
      `INSERT INTO device (singleton, device_id, fingerprint, public_key, name, platform, outlet_id, outlet_name, outlet_timezone, status, policy_json, registered_at)
      VALUES (1, 'd1', 'f', 'k', '前台1', 'linux', 'o1', '星光网咖', 'Asia/Shanghai', 'active', '{"offlineWindowHours":72,"offlineSalesCapFen":500000}', 1)`,
    ).run();
    migrate(db, SALES_MIGRATIONS, 'sales.db');
    const store = createDeviceStore(db);
    const before = store.get()!;
    expect(before).toMatchObject({ deviceId: 'd1', outletName: '星光网咖', orgKind: 'outlet', status: 'active' });
    expect(() => db.prepare("UPDATE device SET org_kind = 'supplier'").run()).toThrow(/CHECK/);
    store.save({ ...before, deviceId: 'd2', outletId: 'a1', outletName: '华东区代', orgKind: 'agent' });
    expect(store.get()).toMatchObject({ deviceId: 'd2', outletName: '华东区代', orgKind: 'agent' });
    db.close();
  });
});
