// What the shift acts read and write besides the drawer (shifts/store.ts), on a real sales.db: an act's
// transaction takes its movement and its audit row back together when it throws; a shift's sale changes start
// at zero; parked baskets are counted; an employee's name comes from their last online login here
// (auth/offline-credentials.ts, what the shift views name the opener and the covers by).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineCredentials } from '../auth/offline-credentials';
import { openDatabases, type Databases } from '../db/open';
import { tempDir } from '../testing/harness';
import { createDrawer } from './drawer';
import { createShiftStore } from './store';

const T = Date.UTC(2026, 2, 10, 2, 0, 0);

describe('the shift store', () => {
  let dir: ReturnType<typeof tempDir>;
  let dbs: Databases;
  beforeAll(() => {
    dir = tempDir();
    dbs = openDatabases(dir.dir);
  });
  afterAll(() => {
    dbs.close();
    dir.cleanup();
  });

  it('rolls an act back whole: its movement and its audit row go together', () => {
    const store = createShiftStore(dbs.sales);
    const drawer = createDrawer(dbs.sales);
    const shift = store.transaction(() => drawer.open({ employeeId: 'e1', openingFloat: 10_000, now: T, auto: false }));
    expect(() =>
      store.transaction(() => {
        drawer.record({ kind: 'pay_in', amount: 500, reason: '零钱', employeeId: 'e1', now: T + 1 });
        store.audit({
          at: T + 1,
          actorId: 'e1',
          deviceId: null,
          action: 'shift.payIn',
          target: shift.id,
          outcome: 'ok',
          details: { amount: 500 },
        });
        throw new Error('the act fails after writing');
      }),
    ).toThrow('the act fails after writing');
    expect(drawer.totals(shift).expectedCash).toBe(10_000);
    expect(dbs.sales.prepare("SELECT count(*) FROM audit_log WHERE action = 'shift.payIn'").pluck().get()).toBe(0);
    expect(store.saleChanges(shift.id)).toEqual({
      discountsGiven: 0,
      memberDiscounts: 0,
      rounding: 0,
      returnsCount: 0,
      refundsByMethod: {},
      voidsCount: 0,
      voidsTotal: 0,
      overridesCount: 0,
    });
  });

  it('names an employee by their last online login here, and counts the baskets still parked', () => {
    const store = createShiftStore(dbs.sales);
    const names = createOfflineCredentials(dbs.sales);
    expect(names.employeeName('e9')).toBeNull();
    dbs.sales
      .prepare(
        `INSERT INTO offline_credentials (username, employee_id, verifier, employee_json, online_login_at, window_ms, failed_attempts)
         VALUES ('li', 'e9', 'v', ?, ?, 0, 0)`,
      )
      .run(JSON.stringify({ name: '', username: 'li' }), T);
    expect(names.employeeName('e9')).toBe('li');
    expect(store.openBaskets()).toBe(0);
  });
});
