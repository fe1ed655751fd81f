// The outlet's sale rules over HTTP on PGlite and (DATABASE_URL) PostgreSQL: the owner reads the defaults,
// changes them with the super password (audited), a cashier may not, bad values are refused naming the field,
// and the next login hands the tills the new 抹零 rule and void window; an employee's discount share and
// refund limits are set with their other limits and reach the till at login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALE_SETTINGS_PATH } from '../../shared/sale/settings';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { hashPassword } from '../auth/passwords';
import { createWorld, type TestWorld } from '../test-support/world';

const SUPER = 'sale-settings-super';
const sp = { superPassword: SUPER };

describe('sale settings (抹零, void window, refund alert)', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  let cashier: EmployeeClient;

  beforeAll(async () => {
    w = await createWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.master.id,
    ]);
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    expect((await owner.call('GET', '/v1/me', undefined, sp)).status).toBe(200); // first use from this address
    cashier = owner.fork();
    expect((await cashier.login(DEMO.cashier.username, DEMO.cashier.password)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it('reads the defaults; a change needs the super password, is audited and reaches the next login', async () => {
    expect((await owner.call('GET', SALE_SETTINGS_PATH)).body).toEqual({
      rounding: 'none',
      voidWindowMinutes: 10,
      refundAlertFen: 0,
    });
    const next = { rounding: 'jiao', voidWindowMinutes: 5, refundAlertFen: 50_000 };
    expect((await owner.call('PUT', SALE_SETTINGS_PATH, next)).body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    const put = await owner.call('PUT', SALE_SETTINGS_PATH, next, sp);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await owner.call('GET', SALE_SETTINGS_PATH)).body).toEqual(next);

    const audit = await w.db.query<{ before: unknown; after: unknown }>(
      "SELECT before, after FROM audit_log WHERE action = 'sale.settings' ORDER BY id DESC LIMIT 1",
    );
    expect(audit.rows[0]).toMatchObject({ before: { rounding: 'none' }, after: next });

    const till = owner.fork();
    const login = await till.login(DEMO.cashier.username, DEMO.cashier.password);
    expect(login.body.policy).toMatchObject({ rounding: 'jiao', voidWindowMinutes: 5 });
  });

  it("sets a cashier's discount share and refund limit; an older back office's body leaves them alone", async () => {
    const url = `/v1/employees/${DEMO.cashier.id}/limits`;
    const set = await owner.call(
      'PUT',
      url,
      { maxDiscountFen: 500, dailyTransferCapFen: 0, maxDiscountBps: 1500, maxRefundFen: 2000 },
      sp,
    );
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.employee.limits).toEqual({
      maxDiscountFen: 500,
      dailyTransferCapFen: 0,
      maxDiscountBps: 1500,
      maxRefundFen: 2000,
    });
    const old = await owner.call('PUT', url, { maxDiscountFen: 600, dailyTransferCapFen: 0 }, sp);
    expect(old.body.employee.limits).toMatchObject({ maxDiscountFen: 600, maxDiscountBps: 1500, maxRefundFen: 2000 });
    const till = owner.fork();
    const login = await till.login(DEMO.cashier.username, DEMO.cashier.password);
    expect(login.body.employee.limits).toEqual({ maxDiscountFen: 600, maxDiscountBps: 1500, maxRefundFen: 2000 });
    const bad = await owner.call('PUT', url, { maxDiscountFen: 0, dailyTransferCapFen: 0, maxDiscountBps: 10_001 }, sp);
    expect(JSON.stringify(bad.body.error)).toContain('maxDiscountBps');
  });

  it('refuses a cashier and values out of range, naming the field', async () => {
    const ok = { rounding: 'yuan', voidWindowMinutes: 0, refundAlertFen: 0 };
    const forbidden = await cashier.call('PUT', SALE_SETTINGS_PATH, ok, sp);
    expect(forbidden.body.error).toMatchObject({ code: 'FORBIDDEN' });
    for (const [bad, field] of [
      [{ ...ok, rounding: 'fen' }, 'rounding'],
      [{ ...ok, voidWindowMinutes: 1441 }, 'voidWindowMinutes'],
      [{ ...ok, voidWindowMinutes: 1.5 }, 'voidWindowMinutes'],
      [{ ...ok, refundAlertFen: -1 }, 'refundAlertFen'],
    ] as const) {
      const r = await owner.call('PUT', SALE_SETTINGS_PATH, bad, sp);
      expect(r.body.error?.code, JSON.stringify(r.body)).toBe('VALIDATION');
      expect(JSON.stringify(r.body.error), field).toContain(field);
    }
    expect((await owner.call('GET', SALE_SETTINGS_PATH)).body.rounding).toBe('jiao');
  });
});
