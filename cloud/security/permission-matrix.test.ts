// Permission matrix: every employee-session route of the cloud under every role template, the master and
// an account with no permissions. A call is refused with FORBIDDEN {permission} exactly when the role lacks
// the route's declared permission; a granted call is never refused for that permission.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_TEMPLATES, type Permission } from '../../shared/permissions';
import { DEMO, demoCatalog } from '../seed/demo';
import { hashPassword } from '../auth/passwords';
import { newDeviceKey, registerPayload } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';
import { SECURED_ROUTES } from './session-auth';
import { EmployeeClient, injectSend } from './testing/client';

const SUPER = 'matrix-super-pw';
const ROLES: Record<string, readonly Permission[] | 'master'> = { ...ROLE_TEMPLATES, master: 'master', none: [] };

describe('cloud permission matrix', () => {
  let w: TestWorld;
  let targetId: string;
  let deviceToApprove: string;
  let n = 0;
  const clients = new Map<string, EmployeeClient>();
  /** the same roles on a PC of the demo agent: agent routes (orgKinds ['agent']) are called from there */
  const agentClients = new Map<string, EmployeeClient>();

  beforeAll(async () => {
    w = await createWorld();
    const hash = await hashPassword(SUPER);
    const loginHash = await hashPassword('matrix-login');
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [hash, DEMO.master.id]);
    targetId = randomUUID();
    await w.db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, created_at) VALUES ($1, $2, 'mx-target', '目标', $3, '{}', 0)",
      [targetId, DEMO.outletId, loginHash],
    );
    const owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    for (const [role, perms] of Object.entries(ROLES)) {
      const c = owner.fork();
      if (perms === 'master') {
        expect((await c.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
      } else {
        await w.db.query(
          'INSERT INTO employees (id, org_id, username, name, password_hash, permissions, super_password_hash, created_at) VALUES ($1, $2, $3, $3, $4, $5, $6, 0)',
          [randomUUID(), DEMO.outletId, `mx-${role}`, loginHash, [...perms], hash],
        );
        expect((await c.login(`mx-${role}`, 'matrix-login')).status).toBe(200);
      }
      clients.set(role, c);
    }
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [hash, DEMO.agentMaster.id]);
    const agentMaster = await EmployeeClient.register(injectSend(w.app), () => w.clock.now, {
      username: DEMO.agentMaster.username,
      password: DEMO.agentMaster.password,
    });
    for (const [role, perms] of Object.entries(ROLES)) {
      const c = agentMaster.fork();
      if (perms === 'master') {
        expect((await c.login(DEMO.agentMaster.username, DEMO.agentMaster.password)).status).toBe(200);
      } else {
        await w.db.query(
          'INSERT INTO employees (id, org_id, username, name, password_hash, permissions, super_password_hash, created_at) VALUES ($1, $2, $3, $3, $4, $5, $6, 0)',
          [randomUUID(), DEMO.agentId, `mx-agent-${role}`, loginHash, [...perms], hash],
        );
        expect((await c.login(`mx-agent-${role}`, 'matrix-login')).status).toBe(200);
      }
      agentClients.set(role, c);
    }
    const key = newDeviceKey();
    const reg = await w.app.inject({
      method: 'POST',
      url: '/v1/devices/register',
      payload: await registerPayload(w.app, key),
    });
    deviceToApprove = reg.json().deviceId;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  /** A plausible request for each route; a route missing here fails the test (new routes must be added). */
  function sample(method: string, url: string): { url: string; body?: unknown } | undefined {
    const u = url.startsWith('/v1/agent/')
      ? url
          .replace(':id', DEMO.outletId)
          .replace(':categoryId', targetId)
          .replace(':sourceId', demoCatalog().sources[0]!.id)
      : url.replace(':id', url.startsWith('/v1/devices') ? deviceToApprove : targetId);
    const table: Record<string, unknown> = {
      'GET /v1/employees': undefined,
      'POST /v1/employees': { username: `mx-new-${(n += 1)}`, name: '新员工', password: 'new-pass-1', role: 'cashier' },
      'PUT /v1/employees/:id/permissions': { permissions: ['report.view'] },
      'POST /v1/employees/:id/copy-permissions/preview': { fromEmployeeId: DEMO.cashier.id },
      'POST /v1/employees/:id/copy-permissions': { fromEmployeeId: DEMO.cashier.id },
      'PUT /v1/employees/:id/limits': { maxDiscountFen: 0, dailyTransferCapFen: 0 },
      'POST /v1/employees/:id/disable': {},
      // staff cards (cloud/security/card-routes.ts): :id names no employee here, so granted calls end in NOT_FOUND
      'PUT /v1/employees/:id/card': { card: 'CARD12345678' },
      'POST /v1/employees/:id/card/remove': {},
      'POST /v1/employees/:id/enable': {},
      'GET /v1/me': undefined,
      'PUT /v1/me/super-password': { password: 'matrix-login', superPassword: SUPER, currentSuperPassword: SUPER },
      'POST /v1/me/totp/enroll': {},
      'POST /v1/me/totp/confirm': { code: '123456' },
      'POST /v1/me/phone': { phone: '13800138000' },
      'POST /v1/me/phone/verify': { code: '123456' },
      'POST /v1/me/email': { email: 'a@example.com' },
      'POST /v1/me/email/verify': { code: '123456' },
      'GET /v1/devices': undefined,
      'POST /v1/devices/:id/approve': {},
      'POST /v1/devices/:id/revoke': {},
      'PUT /v1/employees/:id/ip-allowlist': { cidrs: [] },
      'GET /v1/audit': undefined,
      'GET /v1/audit/verify': undefined,
      'GET /v1/security/emails': undefined,
      'POST /v1/money/transfers': { toAccountId: randomUUID(), amountFen: 100 },
      'GET /v1/money/balance': undefined,
      // closed shifts of every till (cloud/shifts/routes.ts); POST /v1/shifts/batch is device-signed, no session route
      'GET /v1/shifts': undefined,
      // orders the cloud could not vouch for (cloud/order-flags/routes.ts); :id names no flagged order here
      'GET /v1/orders/flagged': undefined,
      'POST /v1/orders/flagged/:id/review': {},
      // the outlet's sale rules: 抹零, void window, refund alert (cloud/returns/settings-routes.ts)
      'GET /v1/sale-settings': undefined,
      'PUT /v1/sale-settings': { rounding: 'none', voidWindowMinutes: 10, refundAlertFen: 0 },
      'POST /v1/me/sms-code': {},
      'GET /v1/security/settings': undefined,
      'PUT /v1/security/settings': { newDevicesNeedApproval: false },
      'GET /v1/security/money-limits': undefined,
      'PUT /v1/security/money-limits': { memberTopupMaxFen: 500_000 },
      // members (cloud/members/routes.ts): :id names no member here, so granted calls end in NOT_FOUND
      'POST /v1/members': { cardNo: `MX${(n += 1)}`, name: '会员' },
      'GET /v1/members': undefined,
      'GET /v1/members/overdrafts': undefined,
      'GET /v1/members/:id': undefined,
      'PUT /v1/members/:id': { name: '会员' },
      'POST /v1/members/:id/topups': { clientId: randomUUID(), amountFen: 100 },
      'POST /v1/members/:id/spends': { clientId: randomUUID(), amountFen: 100 },
      'POST /v1/members/:id/refunds': { clientId: randomUUID(), spendId: randomUUID(), amountFen: 100 },
      'GET /v1/members/:id/history': undefined,
      'POST /v1/members/:id/corrections': { clientId: randomUUID(), deltaFen: 100, reason: '更正' },
      'POST /v1/members/:id/write-off': { clientId: randomUUID(), amountFen: 100, reason: '核销' },
      'POST /v1/members/:id/close': { clientId: randomUUID() },
      // deposits (cloud/deposits/routes.ts)
      'GET /v1/deposits/channels': undefined,
      'POST /v1/deposits': { clientId: randomUUID(), channelId: 'alipay', amountFen: 1000 },
      'GET /v1/deposits': undefined,
      // payments (cloud/payments/owner-routes.ts): merchant accounts, takings, reconciliation
      'GET /v1/payments/merchants': undefined,
      'PUT /v1/payments/merchants/:provider': { provider: 'wechatpay' },
      'GET /v1/payments/takings': undefined,
      'GET /v1/payments/reconciliation': undefined,
      // refunds to a code that failed after being accepted (cloud/returns/late-refunds.ts)
      'GET /v1/payments/refunds/failed': undefined,
      'POST /v1/payments/reconciliation': { date: '2026-01-05' },
      // catalog administration (cloud/catalog-admin/routes.ts)
      'POST /v1/catalog-admin/categories': { parentId: null, name: `分类${(n += 1)}` },
      'PUT /v1/catalog-admin/categories/:id': { name: '改名' },
      'POST /v1/catalog-admin/products': { sku: `MX-SKU-${(n += 1)}`, name: '自有商品', price: 100 },
      'PUT /v1/catalog-admin/products/:id/price': { price: 100 },
      'GET /v1/catalog-admin/products/:id': undefined,
      'PUT /v1/catalog-admin/products/:id': { categoryId: null },
      'GET /v1/catalog-admin/categories': undefined,
      // the agent's back office (cloud/agent/routes.ts), called from the agent's PC
      'GET /v1/agent/outlets': undefined,
      'GET /v1/agent/sources': undefined,
      'PUT /v1/agent/markup-rules': { scope: 'kind', target: 'gamecard', basis: 'bps', value: 50 },
      'GET /v1/agent/outlets/:id/categories': undefined,
      'POST /v1/agent/outlets/:id/categories': { parentId: null, name: `区代分类${(n += 1)}` },
      'PUT /v1/agent/outlets/:id/categories/:categoryId': { name: '改名' },
      'GET /v1/agent/outlets/:id/sources': undefined,
      'PUT /v1/agent/outlets/:id/sources/:sourceId': { enabled: true },
      // the agent pins its outlets' updates (cloud/updates/agent-routes.ts)
      'GET /v1/agent/updates': undefined,
      'PUT /v1/agent/outlets/:id/update-pin': { pinnedVersion: null },
    };
    const key = `${method} ${url}`;
    if (!(key in table)) return undefined;
    return { url: u, body: table[key] };
  }

  it('covers every secured route', () => {
    expect(SECURED_ROUTES.size).toBeGreaterThanOrEqual(20);
    for (const r of SECURED_ROUTES.values())
      expect(sample(r.method, r.url), `${r.method} ${r.url} has no sample in the matrix`).toBeDefined();
  });

  // The supplier's routes (its callbacks, and publishing its goods sources: cloud/suppliers/routes.ts) are
  // signed by the supplier's shared secret, not by a device and a session: no role reaches them, the master
  // included, and they are no session routes at all.
  it('supplier-signed routes answer no employee session, whatever its permissions', async () => {
    expect([...SECURED_ROUTES.keys()].filter((k) => k.includes('/v1/suppliers/'))).toEqual([]);
    const master = clients.get('master')!;
    const put = await master.call(
      'PUT',
      `/v1/suppliers/${DEMO.supplierId}/sources/MX-1`,
      { requestId: 'mx', version: 1, kind: 'gamecard', name: 'x', faceValue: 100, supplyPrice: 1, active: true },
      { superPassword: SUPER },
    );
    const get = await master.call('GET', `/v1/suppliers/${DEMO.supplierId}/sources?at=${w.clock.now}`, undefined, {
      superPassword: SUPER,
    });
    const callback = await master.call(
      'POST',
      `/v1/suppliers/callback/${DEMO.supplierId}`,
      { callbackId: 'mx', orderId: randomUUID(), supplierRef: 'x', status: 'failed' },
      { superPassword: SUPER },
    );
    for (const r of [put, get, callback]) expect([r.status, r.body?.error?.code]).toEqual([401, 'BAD_SIGNATURE']);
  });

  // Pushes from the till (orders, closed shifts) are signed by the device alone: a shift closed offline goes
  // after the cashier's session ended, so no permission decides them and they are no session routes.
  it('device-signed pushes are no session routes', () => {
    expect(SECURED_ROUTES.has('POST /v1/shifts/batch')).toBe(false);
    expect(SECURED_ROUTES.has('POST /v1/orders/batch')).toBe(false);
    expect(SECURED_ROUTES.get('GET /v1/shifts')?.permission).toBe('report.view');
  });

  it('refuses exactly the calls whose permission the role lacks', async () => {
    const failures: string[] = [];
    for (const [role, perms] of Object.entries(ROLES)) {
      for (const r of SECURED_ROUTES.values()) {
        // a route serving both kinds (the organisation's own back office) is checked from a till and an agent PC
        for (const kind of r.orgKinds) {
          const c = (kind === 'outlet' ? clients : agentClients).get(role)!;
          const s = sample(r.method, r.url)!;
          const granted = r.permission === null || perms === 'master' || perms.includes(r.permission);
          const res = await c.call(r.method as 'GET', s.url, s.body, { superPassword: SUPER });
          const deniedForPermission =
            res.status === 403 &&
            res.body?.error?.code === 'FORBIDDEN' &&
            res.body.error.details?.permission === r.permission;
          if (
            granted === deniedForPermission ||
            res.status >= 500 ||
            res.body?.error?.code === 'UNAUTHENTICATED' ||
            res.body?.error?.details?.orgKind
          ) {
            failures.push(
              `${role}@${kind} ${r.method} ${r.url} (${r.permission}) → ${res.status} ${JSON.stringify(res.body?.error ?? 'ok')}`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
