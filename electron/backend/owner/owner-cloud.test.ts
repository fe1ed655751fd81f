// The owner's back office through the real POS backend (real SQLite files, signed HTTP) against the real
// cloud (Fastify on PGlite, seeded demo, real ledger): every act goes through the router's permission
// check, then the cloud's — the employee-theft story of docs/security.md as backend calls.
// Long on purpose: one story (the employee-theft walk-through of docs/security.md) against one real cloud started
// once; split, each part would start its own cloud.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balance, ensureOrgAccount, outletPrepaidId, transfer, voidPending } from '../../../cloud/ledger';
import { DEMO } from '../../../cloud/seed/demo';
import { totpCode } from '../../../cloud/security/totp';
import { startCloud, type RunningCloud } from '../../../cloud/start';
import { openPos, tempDir, type TestPos } from '../testing/harness';
import { lastEmailCode, lastSmsCode, prepareMoneyStory } from '../testing/story-setup';

const SUPER = '超级密码-888';
const CASHIER_SUPER = 'zhang-super-1';

describe('owner back office: POS backend against the real cloud', () => {
  let cloud: RunningCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  let foreign: string;
  let cashierId: string;
  const fail = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as { code: string; details?: Record<string, unknown> };
    }
    throw new Error('expected a refusal');
  };
  const as = async (username: string, password: string) => {
    const s = (await t.pos.try('app.status', {})) as { ok: true; value: { session: unknown } };
    if (s.value.session) await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username, password });
  };

  beforeAll(async () => {
    cloud = await startCloud({ seed: true });
    foreign = (await prepareMoneyStory(cloud.db)).foreignAccountId;
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: '前台1',
    });
    await as(DEMO.master.username, DEMO.master.password);
  }, 60_000);
  afterAll(async () => {
    await t?.backend.close();
    await cloud?.close().catch(() => {});
    dir?.cleanup();
  });

  it('the owner sets a super password, binds an e-mail, and creates a cashier from the template', async () => {
    expect(
      (await fail(t.pos.call('owner.setSuperPassword', { password: 'wrong-pass', superPassword: SUPER }))).code,
    ).toBe('BAD_CREDENTIALS');
    expect(
      await t.pos.call('owner.setSuperPassword', { password: DEMO.master.password, superPassword: SUPER }),
    ).toEqual({ ok: true });
    await t.pos.call('owner.emailStart', { email: 'boss@example.com' });
    await t.pos.call('owner.emailVerify', { code: await lastEmailCode(cloud.db, 'boss@example.com') });
    const me = await t.pos.call('owner.me', {});
    expect(me.employee).toMatchObject({ isMaster: true, superPasswordSet: true, emailVerified: true });

    const r = await t.pos.call('owner.employeeCreate', {
      username: 'xiaozhang',
      name: '小张',
      password: 'zhang1234',
      role: 'cashier',
    });
    expect(r.employee.permissions).toEqual(['sale.sell', 'shift.manage']);
    cashierId = r.employee.id;
    expect((await t.pos.call('owner.employees', {})).employees.map((e) => e.username)).toContain('xiaozhang');
  });

  it('the cashier has no back office: the router refuses before the cloud is asked', async () => {
    await as('xiaozhang', 'zhang1234');
    const e = await fail(
      t.pos.call('owner.transfer', { toAccountId: foreign, amountFen: 100_000, superPassword: 'x' }),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect((await fail(t.pos.call('owner.employees', {}))).code).toBe('FORBIDDEN');
    expect((await fail(t.pos.call('owner.audit', {}))).code).toBe('FORBIDDEN');
  });

  it('granting finance needs the super password; the copy preview shows exactly what would change', async () => {
    await as(DEMO.master.username, DEMO.master.password);
    const finance = ['sale.sell', 'shift.manage', 'money.transfer', 'money.deposit', 'report.view'] as const;
    const none = await fail(t.pos.call('owner.employeePermissions', { id: cashierId, permissions: [...finance] }));
    expect(none.code).toBe('SUPER_PASSWORD_REQUIRED');
    expect(
      (
        await fail(
          t.pos.call('owner.employeePermissions', { id: cashierId, permissions: [...finance], superPassword: 'guess' }),
        )
      ).code,
    ).toBe('SUPER_PASSWORD_INVALID');
    const ok = await t.pos.call('owner.employeePermissions', {
      id: cashierId,
      permissions: [...finance],
      superPassword: SUPER,
    });
    expect(ok.added).toEqual(['money.transfer', 'money.deposit', 'report.view']);

    // Copying the demo café cashier's permissions onto 小张 would take finance away again (and add members).
    const preview = await t.pos.call('owner.copyPreview', { id: cashierId, fromEmployeeId: DEMO.cashier.id });
    expect(preview).toMatchObject({
      added: ['member.manage'],
      removed: ['money.transfer', 'money.deposit', 'report.view'],
      needsSuperPassword: false,
    });

    // Limits are always sensitive: the router wants the super password in the input.
    expect(
      (
        await fail(
          t.pos.call('owner.employeeLimits', {
            id: cashierId,
            maxDiscountFen: 0,
            dailyTransferCapFen: 200_000,
          } as never),
        )
      ).code,
    ).toBe('VALIDATION');
    const lim = await t.pos.call('owner.employeeLimits', {
      id: cashierId,
      maxDiscountFen: 0,
      dailyTransferCapFen: 200_000,
      maxDiscountBps: 1000,
      maxRefundFen: 5000,
      superPassword: SUPER,
    });
    expect(lim.employee.limits).toEqual({
      maxDiscountFen: 0,
      dailyTransferCapFen: 200_000,
      maxDiscountBps: 1000,
      maxRefundFen: 5000,
    });
  });

  it('the finance cashier moves money under the cap, is refused over it with the cap in the details', async () => {
    await as('xiaozhang', 'zhang1234');
    const notSet = await fail(
      t.pos.call('owner.transfer', { toAccountId: foreign, amountFen: 120_000, superPassword: CASHIER_SUPER }),
    );
    expect(notSet).toMatchObject({ code: 'SUPER_PASSWORD_REQUIRED', details: { reason: 'NOT_SET' } });
    await t.pos.call('owner.setSuperPassword', { password: 'zhang1234', superPassword: CASHIER_SUPER });
    const r = await t.pos.call('owner.transfer', {
      toAccountId: foreign,
      amountFen: 120_000,
      superPassword: CASHIER_SUPER,
    });
    expect(r).toMatchObject({ movedTodayFen: 120_000, capFen: 200_000 });
    expect((await balance(cloud.db, outletPrepaidId(DEMO.outletId))).posted).toBe(500_000 - 120_000);
    const over = await fail(
      t.pos.call('owner.transfer', { toAccountId: foreign, amountFen: 100_000, superPassword: CASHIER_SUPER }),
    );
    expect(over).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { capFen: 200_000, movedTodayFen: 120_000, amountFen: 100_000 },
    });
    expect((await balance(cloud.db, outletPrepaidId(DEMO.outletId))).posted).toBe(380_000);
    // a deposit is started (pending until the channel calls back)
    const channels = (await t.pos.call('owner.depositChannels', {})).channels;
    expect(channels.length).toBeGreaterThan(0);
    const dep = await t.pos.call('owner.depositStart', {
      clientId: randomUUID(),
      channelId: channels[0]!.id,
      amountFen: 100_000,
      superPassword: CASHIER_SUPER,
    });
    expect(dep.deposit).toMatchObject({ status: 'pending', amountFen: 100_000 });
    expect((await t.pos.call('owner.deposits', {})).deposits.map((d) => d.id)).toContain(dep.deposit.id);
  });

  it("预付款余额: the figures are the ledger's, after the transfer and while a top-up is reserved", async () => {
    await as(DEMO.master.username, DEMO.master.password);
    const account = outletPrepaidId(DEMO.outletId);
    const before = await t.pos.call('owner.balance', {});
    const lb = await balance(cloud.db, account);
    expect(before).toMatchObject({
      accountId: account,
      postedFen: lb.posted,
      reservedFen: lb.pendingDebits,
      availableFen: lb.available,
    });
    expect(before.postedFen).toBe(380_000);
    // newest first: the cashier's ¥1,000 deposit awaiting its channel (credit less the fee, not spendable yet),
    // then her transfer going out; the opening deposit came in
    expect(before.incomingFen).toBe(lb.pendingCredits);
    expect(before.entries[0]).toMatchObject({
      code: 'deposit',
      amountFen: before.incomingFen,
      direction: 'in',
      kind: 'pending',
    });
    expect(before.entries[1]).toMatchObject({
      code: 'prepaid_transfer',
      amountFen: 120_000,
      direction: 'out',
      kind: 'single',
    });
    expect(before.entries.some((e) => e.code === 'deposit' && e.direction === 'in' && e.kind === 'single')).toBe(true);

    // a top-up reserves its supply price (as cloud/virtual/orders.ts does): available drops, posted does not
    const reserveId = randomUUID();
    await cloud.db.tx(async (q) => {
      const supplier = await ensureOrgAccount(q, 'supplier_receivable', DEMO.supplierId, Date.now());
      await transfer(
        q,
        {
          id: reserveId,
          debitAccountId: account,
          creditAccountId: supplier.id,
          amount: 4_950,
          pending: true,
          code: 'virtual_reserve',
          ref: 'test:balance',
        },
        Date.now(),
      );
    });
    const reserved = await t.pos.call('owner.balance', {});
    const lr = await balance(cloud.db, account);
    expect(reserved).toMatchObject({ postedFen: 380_000, reservedFen: 4_950, availableFen: 380_000 - 4_950 });
    expect(reserved).toMatchObject({ postedFen: lr.posted, reservedFen: lr.pendingDebits, availableFen: lr.available });
    expect(reserved.entries[0]).toMatchObject({
      id: reserveId,
      code: 'virtual_reserve',
      amountFen: 4_950,
      direction: 'out',
      kind: 'pending',
    });
    // the supplier failed: the reserve is released and the balance is whole again
    await cloud.db.tx((q) =>
      voidPending(
        q,
        { id: randomUUID(), voidPendingId: reserveId, code: 'virtual_refund', ref: 'test:balance' },
        Date.now(),
      ),
    );
    const back = await t.pos.call('owner.balance', {});
    expect(back).toMatchObject({ postedFen: 380_000, reservedFen: 0, availableFen: 380_000 });
    expect(back.entries[0]).toMatchObject({ code: 'virtual_refund', kind: 'void_pending' });
    expect(back.entries.length).toBeLessThanOrEqual(20);
  });

  it('the balance is a report: an employee without report.view is refused', async () => {
    await as('xiaozhang', 'zhang1234');
    // 小张 holds report.view (granted with finance above) and sees the same figures as the owner
    expect((await t.pos.call('owner.balance', {})).availableFen).toBe(380_000);
    await as(DEMO.cashier.username, DEMO.cashier.password);
    expect((await fail(t.pos.call('owner.balance', {}))).code).toBe('FORBIDDEN');
  });

  it('the owner sees the alert, the audit rows by actor and action, and the chain verifies', async () => {
    await as(DEMO.master.username, DEMO.master.password);
    const alerts = (await t.pos.call('owner.alerts', {})).emails;
    expect(alerts.some((m) => m.kind === 'money_movement' && m.subject.includes('1200.00'))).toBe(true);
    expect(alerts.some((m) => m.kind === 'permission_change')).toBe(true);
    const moves = (await t.pos.call('owner.audit', { action: 'money.transfer', actorId: cashierId })).rows;
    expect(moves.map((r) => `${r.outcome}:${r.error_code ?? ''}`).sort()).toEqual([
      'ok:',
      'refused:LIMIT_EXCEEDED',
      'refused:SUPER_PASSWORD_REQUIRED',
    ]);
    const from = moves[0]!.at;
    expect((await t.pos.call('owner.audit', { action: 'money.transfer', from: from + 1 })).rows).toHaveLength(0);
    expect((await t.pos.call('owner.audit', { action: 'employee.permissions', outcome: 'ok' })).rows[0]).toMatchObject({
      target: cashierId,
      details: { added: ['money.transfer', 'money.deposit', 'report.view'] },
    });
    const v = await t.pos.call('owner.auditVerify', {});
    expect(v.ok).toBe(true);
    expect(v.rows).toBeGreaterThan(5);
  });

  it('停用账号: a disabled cashier cannot log in (sessions end at once); enabled again, the same password works', async () => {
    await as(DEMO.master.username, DEMO.master.password);
    expect(
      (await fail(t.pos.call('owner.employeeDisable', { id: cashierId, superPassword: 'wrong-super' }))).code,
    ).toBe('SUPER_PASSWORD_INVALID');
    expect(await t.pos.call('owner.employeeDisable', { id: cashierId, superPassword: SUPER })).toEqual({ ok: true });
    expect((await t.pos.call('owner.employees', {})).employees.find((e) => e.id === cashierId)?.disabled).toBe(true);
    await t.pos.call('auth.logout', {});
    expect((await fail(t.pos.call('auth.login', { username: 'xiaozhang', password: 'zhang1234' }))).code).toBe(
      'BAD_CREDENTIALS',
    );
    await as(DEMO.master.username, DEMO.master.password);
    expect(await t.pos.call('owner.employeeEnable', { id: cashierId, superPassword: SUPER })).toEqual({ ok: true });
    await as('xiaozhang', 'zhang1234');
    await as(DEMO.master.username, DEMO.master.password);
  });

  it('a network address the cloud has not seen for the owner: reads refused (NEW_IP) until owner.me carries the super password', async () => {
    await as(DEMO.master.username, DEMO.master.password);
    await cloud.db.query('DELETE FROM employee_known_ips WHERE employee_id = $1', [DEMO.master.id]);
    const refused = await fail(t.pos.call('owner.employees', {}));
    expect(refused).toMatchObject({ code: 'SUPER_PASSWORD_REQUIRED', details: { reason: 'NEW_IP' } });
    expect((await fail(t.pos.call('owner.me', { superPassword: 'wrong-super' }))).code).toBe('SUPER_PASSWORD_INVALID');
    expect((await t.pos.call('owner.me', { superPassword: SUPER })).employee.isMaster).toBe(true);
    expect((await t.pos.call('owner.employees', {})).employees.length).toBeGreaterThan(0);
  });

  it('devices: listed; revoking needs the right super password', async () => {
    const { devices } = await t.pos.call('owner.devices', {});
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ name: '前台1', status: 'active' });
    expect((await fail(t.pos.call('owner.deviceRevoke', { id: devices[0]!.id, superPassword: 'guess' }))).code).toBe(
      'SUPER_PASSWORD_INVALID',
    );
  });

  it('IP binding: a bad CIDR is refused; the list is stored normalised; a login from outside it is refused', async () => {
    await as(DEMO.master.username, DEMO.master.password);
    const id = DEMO.cashier.id;
    // the router checks the shape (shared/net/cidr.ts) before the cloud is asked; nothing is stored
    const bad = await fail(t.pos.call('owner.setIpAllowlist', { id, cidrs: ['10.1.0.0/33'], superPassword: SUPER }));
    expect(bad.code).toBe('VALIDATION');
    expect(
      (await fail(t.pos.call('owner.setIpAllowlist', { id, cidrs: ['2001:db8::/129'], superPassword: SUPER }))).code,
    ).toBe('VALIDATION');
    expect(
      (await fail(t.pos.call('owner.setIpAllowlist', { id, cidrs: ['10.1.0.0/16'], superPassword: 'guess' }))).code,
    ).toBe('SUPER_PASSWORD_INVALID');
    const cashierRow = async () => (await t.pos.call('owner.employees', {})).employees.find((e) => e.id === id)!;
    expect((await cashierRow()).ipAllowlist).toEqual([]);

    const bound = await t.pos.call('owner.setIpAllowlist', {
      id,
      cidrs: ['10.1.0.0/16', ' 2001:db8::/32 '],
      superPassword: SUPER,
    });
    expect(bound.employee.ipAllowlist).toEqual(['10.1.0.0/16', '2001:db8::/32']);
    expect((await cashierRow()).ipAllowlist).toEqual(['10.1.0.0/16', '2001:db8::/32']);
    const { rows } = await cloud.db.query<{ ip_allowlist: string[] }>(
      'SELECT ip_allowlist FROM employees WHERE id = $1',
      [id],
    );
    expect(rows[0]!.ip_allowlist).toEqual(['10.1.0.0/16', '2001:db8::/32']);
    const audited = (await t.pos.call('owner.audit', { action: 'employee.ip_allowlist', outcome: 'ok' })).rows[0];
    expect(audited).toMatchObject({ target: id, after: { cidrs: ['10.1.0.0/16', '2001:db8::/32'] } });

    // this till talks to the cloud from 127.0.0.1, outside the list: the cashier's login is refused
    await t.pos.call('auth.logout', {});
    expect(
      (await fail(t.pos.call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password }))).code,
    ).toBe('IP_NOT_ALLOWED');
    // the owner lets the counter's address in: the login goes through
    await as(DEMO.master.username, DEMO.master.password);
    await t.pos.call('owner.setIpAllowlist', { id, cidrs: ['127.0.0.1/32', '::1'], superPassword: SUPER });
    await as(DEMO.cashier.username, DEMO.cashier.password);
    expect((await t.pos.call('app.status', {})).session).toMatchObject({
      employee: { username: DEMO.cashier.username },
    });
    await as(DEMO.master.username, DEMO.master.password);
  });

  it('新设备需批准: read, switched with the super password, and with the SMS code once the owner has a phone', async () => {
    const stored = async () =>
      (
        await cloud.db.query<{ v: boolean }>('SELECT new_devices_need_approval AS v FROM organizations WHERE id = $1', [
          DEMO.outletId,
        ])
      ).rows[0]!.v;
    const start = await t.pos.call('owner.securitySettings', {});
    expect(start.newDevicesNeedApproval).toBe(await stored());
    const want = !start.newDevicesNeedApproval;
    expect((await fail(t.pos.call('owner.setSecuritySettings', { newDevicesNeedApproval: want } as never))).code).toBe(
      'VALIDATION',
    );
    expect(
      (await fail(t.pos.call('owner.setSecuritySettings', { newDevicesNeedApproval: want, superPassword: 'guess' })))
        .code,
    ).toBe('SUPER_PASSWORD_INVALID');
    expect(await stored()).toBe(start.newDevicesNeedApproval);
    expect(
      await t.pos.call('owner.setSecuritySettings', { newDevicesNeedApproval: want, superPassword: SUPER }),
    ).toEqual({ newDevicesNeedApproval: want });
    expect(await t.pos.call('owner.securitySettings', {})).toEqual({ newDevicesNeedApproval: want });
    expect(await stored()).toBe(want);

    // with a verified phone the switch also wants the code sent to it
    await t.pos.call('owner.phoneStart', { phone: '13900002222' });
    await t.pos.call('owner.phoneVerify', { code: await lastSmsCode(cloud.db, '13900002222') });
    const noSms = await fail(
      t.pos.call('owner.setSecuritySettings', { newDevicesNeedApproval: !want, superPassword: SUPER }),
    );
    expect(noSms.code).toBe('SMS_CODE_REQUIRED');
    expect(await stored()).toBe(want);
    await t.pos.call('owner.smsCode', {});
    const code = await lastSmsCode(cloud.db, '13900002222');
    expect(
      await t.pos.call('owner.setSecuritySettings', {
        newDevicesNeedApproval: !want,
        superPassword: SUPER,
        smsCode: code,
      }),
    ).toEqual({ newDevicesNeedApproval: !want });
    expect(await stored()).toBe(!want);
    const audited = (await t.pos.call('owner.audit', { action: 'security.settings' })).rows.map(
      (r) => `${r.outcome}:${r.error_code ?? ''}`,
    );
    expect(audited).toEqual(['ok:', 'refused:SMS_CODE_REQUIRED', 'ok:', 'refused:SUPER_PASSWORD_INVALID']);
    // the IP binding wants the code too now
    expect(
      (await fail(t.pos.call('owner.setIpAllowlist', { id: DEMO.cashier.id, cidrs: [], superPassword: SUPER }))).code,
    ).toBe('SMS_CODE_REQUIRED');
  });

  it('TOTP enrolment: otpauth URI and QR picture, confirmed by a code; sensitive acts then want the code', async () => {
    const en = await t.pos.call('owner.totpEnroll', { superPassword: SUPER });
    expect(en.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(en.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = new URL(en.uri).searchParams.get('secret')!;
    expect(
      (
        await fail(
          t.pos.call('owner.totpConfirm', { code: totpCode(secret, Date.now()) === '000000' ? '111111' : '000000' }),
        )
      ).code,
    ).toBe('TOTP_INVALID');
    await t.pos.call('owner.totpConfirm', { code: totpCode(secret, Date.now()) });
    const { devices } = await t.pos.call('owner.devices', {});
    expect((await fail(t.pos.call('owner.deviceApprove', { id: devices[0]!.id, superPassword: SUPER }))).code).toBe(
      'TOTP_REQUIRED',
    );
  });

  it('password recovery by SMS from the login screen', async () => {
    await as('xiaozhang', 'zhang1234');
    await t.pos.call('owner.phoneStart', { phone: '13900001111' });
    await t.pos.call('owner.phoneVerify', { code: await lastSmsCode(cloud.db, '13900001111') });
    await t.pos.call('auth.logout', {});
    expect(await t.pos.call('auth.recoveryStart', { username: 'xiaozhang' })).toEqual({ sent: true });
    expect(await t.pos.call('auth.recoveryStart', { username: 'nobody-here' })).toEqual({ sent: true }); // existence is not told
    const code = await lastSmsCode(cloud.db, '13900001111');
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      (await fail(t.pos.call('auth.recoveryReset', { username: 'xiaozhang', code: wrong, newPassword: 'zhang-new-1' })))
        .code,
    ).toBe('VALIDATION');
    expect(await t.pos.call('auth.recoveryReset', { username: 'xiaozhang', code, newPassword: 'zhang-new-1' })).toEqual(
      { ok: true },
    );
    await t.pos.call('auth.login', { username: 'xiaozhang', password: 'zhang-new-1' });
  });

  it('the back office is online only: OFFLINE when the cloud is gone', async () => {
    await cloud.close();
    expect((await fail(t.pos.call('owner.me', {}))).code).toBe('OFFLINE');
    await t.pos.call('auth.logout', {}).catch(() => {});
    expect((await fail(t.pos.call('auth.recoveryStart', { username: 'xiaozhang' }))).code).toBe('OFFLINE');
  });
});
