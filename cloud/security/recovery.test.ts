// Phone binding, password recovery by SMS, and the SMS code as the extra factor for security settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/demo';
import { hashPassword } from '../auth/passwords';
import { createWorld, type TestWorld } from '../test-support/world';
import { sha256Hex } from '../catalog/canonical-json';
import { codePepperFromEnv, SEND_LIMIT } from './codes';
import { EmployeeClient, injectSend } from './testing/client';

const SUPER = 'owner-super-1';
const PHONE = '13800138000';

describe('phone binding, recovery and the SMS factor', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  let cashier: EmployeeClient;
  const lastSms = async () =>
    (await w.db.query<{ phone: string; body: string }>('SELECT phone, body FROM sms_messages ORDER BY id DESC LIMIT 1'))
      .rows[0];
  const codeOf = (body: string) => /(\d{6})/.exec(body)![1]!;
  const other = (c: string) => (c === '000000' ? '111111' : '000000');
  const later = (ms: number) => {
    w.clock.now += ms;
  };

  beforeAll(async () => {
    w = await createWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1, email = $2, email_verified_at = 1 WHERE id = $3', [
      await hashPassword(SUPER),
      'boss@example.com',
      DEMO.master.id,
    ]);
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login('owner', 'owner888')).status).toBe(200);
    expect((await owner.call('GET', '/v1/me', undefined, { superPassword: SUPER })).status).toBe(200);
    cashier = owner.fork();
    expect((await cashier.login('cashier', 'cashier123')).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it('binds a phone with an SMS code (wrong code refused, code single use)', async () => {
    expect((await cashier.call('POST', '/v1/me/phone', { phone: PHONE })).status).toBe(200);
    const sms = (await lastSms())!;
    expect(sms.phone).toBe(PHONE);
    const code = codeOf(sms.body);
    expect((await cashier.call('POST', '/v1/me/phone/verify', { code: other(code) })).body.error.code).toBe(
      'VALIDATION',
    );
    expect((await cashier.call('POST', '/v1/me/phone/verify', { code })).status).toBe(200);
    expect((await cashier.call('POST', '/v1/me/phone/verify', { code })).body.error.code).toBe('VALIDATION');
    // codes are stored only as a peppered HMAC: the table alone does not let anyone try the million codes
    const { rows } = await w.db.query<{ code_hash: string }>(
      "SELECT code_hash FROM verification_codes WHERE purpose = 'phone'",
    );
    expect(rows.every((r) => r.code_hash.length === 64 && !r.code_hash.includes(code))).toBe(true);
    const plain = new Set(
      Array.from({ length: 1_000_000 }, (_, n) => sha256Hex(`phone:${String(n).padStart(6, '0')}`)).filter((h) =>
        rows.some((r) => r.code_hash === h),
      ),
    );
    expect(plain.size).toBe(0);
  });

  it('CODE_PEPPER must be 32 bytes of hex; without it each process makes its own', () => {
    expect(codePepperFromEnv({ CODE_PEPPER: 'ab'.repeat(32) })).toEqual(Buffer.alloc(32, 0xab));
    expect(() => codePepperFromEnv({ CODE_PEPPER: 'short' })).toThrow(/64 hex/);
    expect(codePepperFromEnv({}).length).toBe(32);
    expect(codePepperFromEnv({})).not.toEqual(codePepperFromEnv({}));
  });

  it('recovers the password with a 5-minute single-use code to the bound phone; rate-limited, audited, alerted', async () => {
    later(SEND_LIMIT.gapMs);
    const before = (await w.db.query('SELECT 1 FROM sms_messages')).rows.length;
    // an unknown account gets the same answer and no SMS
    expect(
      (await cashier.call('POST', '/v1/auth/recovery/start', { username: 'nobody-here' }, { token: null })).body,
    ).toEqual({ sent: true });
    expect((await w.db.query('SELECT 1 FROM sms_messages')).rows.length).toBe(before);

    expect(
      (await cashier.call('POST', '/v1/auth/recovery/start', { username: 'cashier' }, { token: null })).body,
    ).toEqual({ sent: true });
    const first = codeOf((await lastSms())!.body);
    expect(
      (await cashier.call('POST', '/v1/auth/recovery/start', { username: 'cashier' }, { token: null })).body.error.code,
    ).toBe('RATE_LIMITED');
    // expires after 5 minutes
    later(5 * 60_000 + 1);
    expect(
      (
        await cashier.call(
          'POST',
          '/v1/auth/recovery/reset',
          { username: 'cashier', code: first, newPassword: 'new-pass-1' },
          { token: null },
        )
      ).body.error.code,
    ).toBe('VALIDATION');

    expect(
      (await cashier.call('POST', '/v1/auth/recovery/start', { username: 'cashier' }, { token: null })).status,
    ).toBe(200);
    const code = codeOf((await lastSms())!.body);
    expect(
      (
        await cashier.call(
          'POST',
          '/v1/auth/recovery/reset',
          { username: 'cashier', code: other(code), newPassword: 'new-pass-1' },
          { token: null },
        )
      ).body.error.code,
    ).toBe('VALIDATION');
    expect(
      (
        await cashier.call(
          'POST',
          '/v1/auth/recovery/reset',
          { username: 'cashier', code, newPassword: 'new-pass-1' },
          { token: null },
        )
      ).body,
    ).toEqual({ ok: true });
    // the change is dated: tills forget an offline login remembered before it (the feed's passwordChanges)
    const changed = await w.db.query<{ at: string | null }>(
      "SELECT password_changed_at AS at FROM employees WHERE username = 'cashier'",
    );
    expect(Number(changed.rows[0]!.at)).toBe(w.clock.now);
    // single use; the old password and the old session are dead; the new password works
    expect(
      (
        await cashier.call(
          'POST',
          '/v1/auth/recovery/reset',
          { username: 'cashier', code, newPassword: 'new-pass-2' },
          { token: null },
        )
      ).body.error.code,
    ).toBe('VALIDATION');
    expect((await cashier.call('GET', '/v1/me')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await cashier.login('cashier', 'cashier123')).body.error.code).toBe('BAD_CREDENTIALS');
    expect((await cashier.login('cashier', 'new-pass-1')).status).toBe(200);

    const audit = (
      await w.db.query<{ action: string; outcome: string; error_code: string | null }>(
        "SELECT action, outcome, error_code FROM audit_log WHERE action LIKE 'auth.recovery.%' ORDER BY id",
      )
    ).rows;
    expect(audit.map((a) => `${a.action}:${a.error_code ?? a.outcome}`)).toEqual([
      'auth.recovery.start:NO_VERIFIED_PHONE',
      'auth.recovery.start:ok',
      'auth.recovery.start:RATE_LIMITED',
      'auth.recovery.reset:VALIDATION',
      'auth.recovery.start:ok',
      'auth.recovery.reset:VALIDATION',
      'auth.recovery.reset:ok',
      'auth.recovery.reset:VALIDATION',
    ]);
    const mail = (
      await w.db.query<{ to_address: string; subject: string }>(
        "SELECT to_address, subject FROM email_messages WHERE kind = 'password_recovery'",
      )
    ).rows;
    expect(mail).toEqual([{ to_address: 'boss@example.com', subject: expect.stringContaining('cashier') }]);
  });

  it('with a bound phone, security settings need the SMS code besides the super password', async () => {
    // the owner binds a phone (first binding: session only)
    later(SEND_LIMIT.gapMs);
    await owner.call('POST', '/v1/me/phone', { phone: '13900139000' });
    expect((await owner.call('POST', '/v1/me/phone/verify', { code: codeOf((await lastSms())!.body) })).status).toBe(
      200,
    );

    const url = `/v1/employees/${DEMO.cashier.id}/ip-allowlist`;
    const r1 = await owner.call('PUT', url, { cidrs: ['127.0.0.0/8'] }, { superPassword: SUPER });
    expect(r1.body.error).toMatchObject({ code: 'SMS_CODE_REQUIRED', details: { phoneTail: '9000' } });
    expect((await owner.call('POST', '/v1/me/sms-code', {})).body).toEqual({ sent: true, phoneTail: '9000' });
    const code = codeOf((await lastSms())!.body);
    const withSms = (c: string) =>
      owner.call('PUT', url, { cidrs: ['127.0.0.0/8'], smsCode: c }, { superPassword: SUPER });
    expect((await withSms(other(code))).body.error.code).toBe('VALIDATION');
    expect((await withSms(code)).status).toBe(200);
    expect((await withSms(code)).body.error.code).toBe('VALIDATION'); // used once

    // changing the bound phone needs both factors too
    later(SEND_LIMIT.gapMs);
    expect((await owner.call('POST', '/v1/me/phone', { phone: '13700137000' })).body.error.code).toBe(
      'SUPER_PASSWORD_REQUIRED',
    );
    expect(
      (await owner.call('POST', '/v1/me/phone', { phone: '13700137000' }, { superPassword: SUPER })).body.error.code,
    ).toBe('SMS_CODE_REQUIRED');
    await owner.call('POST', '/v1/me/sms-code', {});
    const c2 = codeOf((await lastSms())!.body);
    expect(
      (await owner.call('POST', '/v1/me/phone', { phone: '13700137000', smsCode: c2 }, { superPassword: SUPER }))
        .status,
    ).toBe(200);
    expect((await lastSms())!.phone).toBe('13700137000');
  });
});
