// The employee-theft story (docs/security.md) against the real cloud over HTTP: the owner creates a
// cashier; the cashier cannot move the prepaid balance; granting finance needs the super password; the
// allowed transfer is audited and alerts the owner; a transfer over the daily cap is refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/demo';
import { startCloud, type RunningCloud } from '../start';
import { ensureOrgAccount, outletPrepaidId } from '../ledger/accounts';
import { createTransfers } from '../ledger/transfers';
import { balance } from '../ledger/accounts';
import { verifyAuditChain } from './audit';
import { EmployeeClient, httpSend } from './testing/client';

const SUPER = '超级密码-888';
const CASHIER_SUPER = 'zhang-super-1';

describe('the ¥50,000 story', () => {
  let cloud: RunningCloud;
  let owner: EmployeeClient;
  let cashier: EmployeeClient;
  let otherOutletAccount: string;
  let cashierId: string;

  beforeAll(async () => {
    cloud = await startCloud({ seed: true });
    const now = Date.now();
    // ¥50,000 in the outlet's prepaid account, and a foreign outlet to receive transfers.
    const foreign = randomUUID();
    await cloud.db.query(
      "INSERT INTO organizations (id, type, name, parent_id, created_at) VALUES ($1, 'outlet', '外店', $2, $3)",
      [foreign, DEMO.agentId, now],
    );
    await cloud.db.tx(async (q) => {
      const bank = await ensureOrgAccount(q, 'platform', DEMO.platformId, now, 'bank');
      await ensureOrgAccount(q, 'outlet_prepaid', DEMO.outletId, now);
      otherOutletAccount = (await ensureOrgAccount(q, 'outlet_prepaid', foreign, now)).id;
      const [r] = await createTransfers(
        q,
        [
          {
            id: randomUUID(),
            debitAccountId: bank.id,
            creditAccountId: outletPrepaidId(DEMO.outletId),
            amount: 5_000_000,
            code: 'deposit',
          },
        ],
        now,
      );
      expect(r?.result).toBe('ok');
    });
    owner = await EmployeeClient.register(httpSend(cloud.url), Date.now);
    expect((await owner.login('owner', 'owner888')).status).toBe(200);
    cashier = owner.fork();
  }, 60_000);
  afterAll(async () => {
    await cloud?.close();
  });

  it('the owner sets a super password and binds an e-mail address', async () => {
    expect(
      (await owner.call('PUT', '/v1/me/super-password', { password: 'owner888', superPassword: SUPER })).status,
    ).toBe(200);
    expect((await owner.call('POST', '/v1/me/email', { email: 'boss@example.com' })).status).toBe(200);
    const { rows } = await cloud.db.query<{ body: string }>(
      "SELECT body FROM email_messages WHERE kind = 'verification' ORDER BY id DESC LIMIT 1",
    );
    const code = /(\d{6})/.exec(rows[0]!.body)![1]!;
    expect(
      (await owner.call('POST', '/v1/me/email/verify', { code: '000000' === code ? '111111' : '000000' })).body.error
        .code,
    ).toBe('VALIDATION');
    expect((await owner.call('POST', '/v1/me/email/verify', { code })).status).toBe(200);
  });

  it('the owner creates a cashier from the cashier template', async () => {
    const r = await owner.call('POST', '/v1/employees', {
      username: 'xiaozhang',
      name: '小张',
      password: 'zhang1234',
      role: 'cashier',
    });
    expect(r.status).toBe(200);
    expect(r.body.employee.permissions).toEqual(['sale.sell', 'shift.manage']);
    cashierId = r.body.employee.id;
    expect((await cashier.login('xiaozhang', 'zhang1234')).status).toBe(200);
  });

  it('the cashier tries to move the prepaid balance: refused', async () => {
    const r = await cashier.call('POST', '/v1/money/transfers', {
      toAccountId: otherOutletAccount,
      amountFen: 5_000_000,
    });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'money.transfer' } });
  });

  it('the owner grants finance without the super password: refused; wrong one: refused; with it: allowed', async () => {
    const finance = ['sale.sell', 'shift.manage', 'money.transfer', 'money.deposit', 'report.view'];
    const noPw = await owner.call('PUT', `/v1/employees/${cashierId}/permissions`, { permissions: finance });
    expect(noPw.body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    const wrong = await owner.call(
      'PUT',
      `/v1/employees/${cashierId}/permissions`,
      { permissions: finance },
      { superPassword: 'guess' },
    );
    expect(wrong.body.error.code).toBe('SUPER_PASSWORD_INVALID');
    const ok = await owner.call(
      'PUT',
      `/v1/employees/${cashierId}/permissions`,
      { permissions: finance },
      { superPassword: SUPER },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.added).toEqual(['money.transfer', 'money.deposit', 'report.view']);
    const lim = await owner.call(
      'PUT',
      `/v1/employees/${cashierId}/limits`,
      { maxDiscountFen: 0, dailyTransferCapFen: 500_000 },
      { superPassword: SUPER },
    );
    expect(lim.status).toBe(200);
    // the permission change alerted the owner
    const { rows } = await cloud.db.query<{ subject: string }>(
      "SELECT subject FROM email_messages WHERE kind = 'permission_change' AND to_address = 'boss@example.com'",
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  it('the finance employee moves money with the super password: allowed, audited, owner alerted', async () => {
    // without a super password of their own, the act is refused
    const none = await cashier.call('POST', '/v1/money/transfers', {
      toAccountId: otherOutletAccount,
      amountFen: 300_000,
    });
    expect(none.body.error).toMatchObject({ code: 'SUPER_PASSWORD_REQUIRED', details: { reason: 'NOT_SET' } });
    expect(
      (await cashier.call('PUT', '/v1/me/super-password', { password: 'zhang1234', superPassword: CASHIER_SUPER }))
        .status,
    ).toBe(200);
    const r = await cashier.call(
      'POST',
      '/v1/money/transfers',
      { toAccountId: otherOutletAccount, amountFen: 300_000 },
      { superPassword: CASHIER_SUPER },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ movedTodayFen: 300_000, capFen: 500_000 });
    expect((await balance(cloud.db, outletPrepaidId(DEMO.outletId))).posted).toBe(4_700_000);

    const audit = await owner.call('GET', '/v1/audit?action=money.transfer&outcome=ok');
    expect(audit.status).toBe(200);
    expect(audit.body.rows).toHaveLength(1);
    expect(audit.body.rows[0]).toMatchObject({
      actor_id: cashierId,
      device_id: cashier.device.id,
      after: { amountFen: 300_000 },
    });
    const mail = await owner.call('GET', '/v1/security/emails');
    expect(
      mail.body.emails.some(
        (m: { kind: string; to_address: string }) => m.kind === 'money_movement' && m.to_address === 'boss@example.com',
      ),
    ).toBe(true);
  });

  it('a transfer over the daily cap is refused, moves nothing, and is audited', async () => {
    const r = await cashier.call(
      'POST',
      '/v1/money/transfers',
      { toAccountId: otherOutletAccount, amountFen: 300_000 },
      { superPassword: CASHIER_SUPER },
    );
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { capFen: 500_000, movedTodayFen: 300_000 },
    });
    expect((await balance(cloud.db, outletPrepaidId(DEMO.outletId))).posted).toBe(4_700_000);
    const audit = await owner.call('GET', '/v1/audit?action=money.transfer&outcome=refused');
    expect(audit.body.rows.map((x: { error_code: string }) => x.error_code)).toContain('LIMIT_EXCEEDED');
    expect(audit.body.rows.map((x: { error_code: string }) => x.error_code)).toContain('FORBIDDEN');
  });

  it('the owner filters the audit by kind: every row of that kind, nothing else; an unknown kind is refused', async () => {
    const money = (await owner.call('GET', '/v1/audit?kind=money&limit=500')).body.rows as { action: string }[];
    expect(money.length).toBeGreaterThanOrEqual(3);
    expect(new Set(money.map((r) => r.action))).toEqual(new Set(['money.transfer']));
    const all = (await owner.call('GET', '/v1/audit?limit=500')).body.rows as { action: string }[];
    expect(money).toHaveLength(all.filter((r) => r.action === 'money.transfer').length);
    const auth = (await owner.call('GET', '/v1/audit?kind=auth&limit=500')).body.rows as { action: string }[];
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((r) => r.action.startsWith('auth.'))).toBe(true);
    expect((await owner.call('GET', '/v1/audit?kind=stock')).status).toBe(400);
  });

  it('the audit chain verifies, and a row changed directly in SQL is found', async () => {
    const ok = await owner.call('GET', '/v1/audit/verify');
    expect(ok.body).toMatchObject({ ok: true });
    expect(ok.body.rows).toBeGreaterThan(5);
    // The table refuses UPDATE; an attacker with owner rights disables the trigger first.
    await expect(
      cloud.db.query("UPDATE audit_log SET outcome = 'ok' WHERE error_code = 'LIMIT_EXCEEDED'"),
    ).rejects.toThrow(/append-only/);
    await cloud.db.exec(
      "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; UPDATE audit_log SET after = '{\"amountFen\": 1}' WHERE action = 'money.transfer' AND outcome = 'ok'; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;",
    );
    const bad = await verifyAuditChain(cloud.db, DEMO.outletId);
    expect(bad).toMatchObject({ ok: false, reason: 'hash' });
  });
});
