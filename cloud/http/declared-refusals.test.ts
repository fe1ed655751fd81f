// Every route converted from a hand parse to a declared schema still refuses bad input as it did: 400 VALIDATION,
// "Invalid input: …", the field named in details — in the one error shape, whoever calls (a till, an owner, the
// platform administrator, an updating shell). A part judged in the handler (a member's money act) refuses alike.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_PATHS, cloudPath } from '../../shared/api/cloud-routes';
import { PAYMENT_OWNER_PATHS } from '../../shared/payments/owner';
import { PAYMENT_PATHS } from '../../shared/payments/wire';
import { SALE_SETTINGS_PATH } from '../../shared/sale/settings';
import { PATHS } from '../../shared/sync/protocol';
import { UPDATE_PATHS } from '../../shared/updates/protocol';
import { hashPassword } from '../auth/passwords';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { createPlatformAdmin } from '../updates/admins';
import { createWorld, type TestWorld } from '../test-support/world';

let w: TestWorld;
let owner: EmployeeClient;
const SUPER = 'refusals-super-1';
const sp = { superPassword: SUPER };

beforeAll(async () => {
  w = await createWorld();
  await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
    await hashPassword(SUPER),
    DEMO.master.id,
  ]);
  owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
  expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
});
afterAll(async () => {
  await w.close();
});

interface Refusal {
  status: number;
  body: { error?: { code: string; message: string; details?: { path: string }[] } };
}
/** [status, code, the fields named] — and the message says what was wrong */
function refusal(r: Refusal) {
  if (r.body.error?.code === 'VALIDATION')
    expect(r.body.error.message, JSON.stringify(r.body)).toMatch(/^Invalid input: /);
  if (r.body.error && !Array.isArray(r.body.error.details))
    return [r.status, r.body.error.code, JSON.stringify(r.body.error)];
  return [r.status, r.body.error?.code, r.body.error?.details?.map((d) => d.path)];
}
const VALIDATION = (...fields: string[]) => [400, 'VALIDATION', fields];

describe('routes that declare their schema refuse bad input as VALIDATION naming the field', () => {
  it('the till’s payment routes (device-signed)', async () => {
    const till = owner.fork();
    const submit = {
      paymentId: randomUUID(),
      code: '134567890123456789',
      amountFen: 'ten',
      purpose: 'sale',
      employeeId: DEMO.master.id,
    };
    expect(refusal(await till.call('POST', PAYMENT_PATHS.payments, submit))).toEqual(VALIDATION('amountFen'));
    expect(refusal(await till.call('GET', `${PAYMENT_PATHS.payments}/not-a-uuid`))).toEqual(VALIDATION('paymentId'));
    expect(refusal(await till.call('GET', `${PAYMENT_PATHS.payments}?open=yes`))).toEqual(VALIDATION('open'));
    const refund = { refundId: randomUUID(), amountFen: 0, reason: '退货' };
    expect(refusal(await till.call('POST', `${PAYMENT_PATHS.payments}/${randomUUID()}/refunds`, refund))).toEqual(
      VALIDATION('amountFen'),
    );
    // the record-kind batch envelope is declared: an empty batch is refused as a whole
    expect(refusal(await till.call('POST', PATHS.ordersBatch, { orders: [] }))).toEqual(VALIDATION('orders'));
  });

  it('the owner’s routes (employee session), the second factors riding beside the act', async () => {
    expect(
      refusal(await owner.call('GET', `${PAYMENT_OWNER_PATHS.takings}?from=yesterday&to=2026-01-01`, undefined, sp)),
    ).toEqual(VALIDATION('from'));
    expect(refusal(await owner.call('POST', PAYMENT_OWNER_PATHS.reconciliation, { date: '1/2/2026' }, sp))).toEqual(
      VALIDATION('date'),
    );
    const merchant = await owner.call('PUT', '/v1/payments/merchants/wechatpay', { provider: 'wechatpay' }, sp);
    expect(refusal(merchant)[1]).toBe('VALIDATION');
    expect(
      refusal(
        await owner.call(
          'PUT',
          SALE_SETTINGS_PATH,
          { rounding: 'sideways', voidWindowMinutes: 5, refundAlertFen: 0 },
          sp,
        ),
      ),
    ).toEqual(VALIDATION('rounding'));
    expect(
      refusal(await owner.call('PUT', '/v1/security/money-limits', { memberTopupMaxFen: -1, superPassword: SUPER })),
    ).toEqual(VALIDATION('memberTopupMaxFen'));
    expect(
      refusal(
        await owner.call('POST', '/v1/deposits', { clientId: randomUUID(), channelId: 'alipay', amountFen: 'x' }, sp),
      ),
    ).toEqual(VALIDATION('amountFen'));
    // a member's money act: its body is judged in the handler, after the replay check, and refused alike
    const topup = cloudPath(MEMBER_PATHS.topups, { id: randomUUID() });
    expect(refusal(await owner.call('POST', topup, { clientId: 'not-a-uuid', amountFen: 100 }, sp))).toEqual(
      VALIDATION('clientId'),
    );
    expect(refusal(await owner.call('POST', cloudPath(MEMBER_PATHS.topups, { id: 'x' }), {}, sp))).toEqual(
      VALIDATION('id'),
    );
  });

  it('the update routes: the shell’s feed and the platform administrator’s', async () => {
    const health = await w.app.inject({
      method: 'POST',
      url: `${UPDATE_PATHS.feed}/short/health`,
      payload: { version: '1.0.0', previousVersion: null, startOk: true },
    });
    expect(refusal({ status: health.statusCode, body: health.json() })).toEqual(VALIDATION('token'));
    const channel = await w.app.inject({ method: 'GET', url: `${UPDATE_PATHS.channel}/nightly/latest.yml` });
    expect(refusal({ status: channel.statusCode, body: channel.json() })).toEqual(VALIDATION('channel'));

    const admin = await createPlatformAdmin(w.db, 'refusals', w.clock.now);
    const asAdmin = async (method: 'POST' | 'PUT' | 'GET', url: string, payload?: unknown) => {
      const r = await w.app.inject({
        method,
        url: UPDATE_PATHS.admin + url,
        headers: { authorization: `Bearer ${admin.token}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: r.statusCode, body: r.json() };
    };
    expect(refusal(await asAdmin('POST', '/releases/stable/1.0.0/rollout', { percent: 'all' }))).toEqual(
      VALIDATION('percent'),
    );
    expect(refusal(await asAdmin('POST', '/releases/stable/one/pause', {}))).toEqual(VALIDATION('version'));
    expect(refusal(await asAdmin('POST', '/releases/stable/1.0.0/resume', { now: true }))[1]).toBe('VALIDATION');
    expect(refusal(await asAdmin('GET', '/releases?channel=nightly'))).toEqual(VALIDATION('channel'));
    expect(refusal(await asAdmin('PUT', `/outlets/${DEMO.outletId}`, { channel: 'nightly' }))).toEqual(
      VALIDATION('channel'),
    );
    // without a valid token the body is never judged
    const anon = await w.app.inject({ method: 'POST', url: `${UPDATE_PATHS.admin}/releases`, payload: { x: 1 } });
    expect(anon.statusCode).toBe(401);
  });
});
