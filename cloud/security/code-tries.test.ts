// Every one-time code counts its tries: phone and e-mail binding (whose wrong tries used to be rolled back
// with the refused act, so the counter never moved), password recovery and the SMS code for security
// settings — the recovery code's read-compare-increment under concurrency too (PostgreSQL: run with
// DATABASE_URL; PGlite as well). At most CODE_MAX_ATTEMPTS tries are ever compared per code.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/demo';
import { createWorld, type TestWorld } from '../test-support/world';
import { CODE_MAX_ATTEMPTS, consumeCode, issueCode, SEND_LIMIT } from './codes';
import { EmployeeClient, injectSend } from './testing/client';

let w: TestWorld;
let cashier: EmployeeClient;
const codeOf = (body: string) => /(\d{6})/.exec(body)![1]!;
/** CODE_MAX_ATTEMPTS + 1 distinct codes, none of them `right` */
const wrongCodes = (right: string, n = CODE_MAX_ATTEMPTS + 1) =>
  Array.from({ length: 50 }, (_, i) => String(100_000 + i * 7919))
    .filter((c) => c !== right)
    .slice(0, n);
const lastSms = async () =>
  (await w.db.query<{ body: string }>('SELECT body FROM sms_messages ORDER BY id DESC LIMIT 1')).rows[0]!.body;
const lastMail = async () =>
  (
    await w.db.query<{ body: string }>(
      "SELECT body FROM email_messages WHERE kind = 'verification' ORDER BY id DESC LIMIT 1",
    )
  ).rows[0]!.body;
/** 'wrong' (compared, did not match), 'expired' (not compared: no live code with tries left), 'ok' */
const kindOf = (r: { status: number; body: { error?: { details?: { message: string }[] } } }) =>
  r.status === 200 ? 'ok' : r.body.error?.details?.[0]?.message === 'wrong code' ? 'wrong' : 'expired';

beforeAll(async () => {
  w = await createWorld();
  const owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
  cashier = owner.fork();
  expect((await cashier.login('cashier', 'cashier123')).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await w?.close();
});
beforeEach(() => {
  w.clock.now += SEND_LIMIT.gapMs; // a new code may be sent
});

describe.each([
  {
    what: 'phone',
    start: '/v1/me/phone',
    body: { phone: '13800138001' },
    verify: '/v1/me/phone/verify',
    read: lastSms,
  },
  {
    what: 'email',
    start: '/v1/me/email',
    body: { email: 'cashier@example.com' },
    verify: '/v1/me/email/verify',
    read: lastMail,
  },
])('$what binding', ({ what, start, body, verify, read }) => {
  it(`counts wrong codes although the refused act rolls back: after ${CODE_MAX_ATTEMPTS} the right one is refused`, async () => {
    expect((await cashier.call('POST', start, body)).status).toBe(200);
    const code = codeOf(await read());
    const kinds: string[] = [];
    for (const c of wrongCodes(code)) kinds.push(kindOf(await cashier.call('POST', verify, { code: c })));
    expect(kinds).toEqual([...Array<string>(CODE_MAX_ATTEMPTS).fill('wrong'), 'expired']);
    expect(kindOf(await cashier.call('POST', verify, { code }))).toBe('expired');
    const { rows } = await w.db.query<Record<string, unknown>>(
      `SELECT ${what}_verified_at AS at FROM employees WHERE id = $1`,
      [DEMO.cashier.id],
    );
    expect(rows[0]!.at).toBeNull();
    // a new code works at once
    w.clock.now += SEND_LIMIT.gapMs;
    expect((await cashier.call('POST', start, body)).status).toBe(200);
    expect((await cashier.call('POST', verify, { code: codeOf(await read()) })).status).toBe(200);
  });
});

describe('password recovery codes', () => {
  const reset = (code: string, newPassword = 'brand-new-1') =>
    cashier.call('POST', '/v1/auth/recovery/reset', { username: 'cashier', code, newPassword }, { token: null });
  const startRecovery = async () => {
    expect(
      (await cashier.call('POST', '/v1/auth/recovery/start', { username: 'cashier' }, { token: null })).body,
    ).toEqual({
      sent: true,
    });
    return codeOf(await lastSms());
  };

  it(`30 concurrent wrong codes: exactly ${CODE_MAX_ATTEMPTS} are compared, then even the right one is refused`, async () => {
    // the phone is bound (previous test) and verified: recovery sends to it
    const code = await startRecovery();
    const kinds = (await Promise.all(wrongCodes(code, 30).map((c) => reset(c)))).map(kindOf);
    expect(kinds.filter((k) => k === 'wrong')).toHaveLength(CODE_MAX_ATTEMPTS);
    expect(kinds.filter((k) => k === 'expired')).toHaveLength(30 - CODE_MAX_ATTEMPTS);
    expect(kindOf(await reset(code))).toBe('expired');
    const { rows } = await w.db.query<{ attempts: number }>(
      "SELECT attempts FROM verification_codes WHERE employee_id = $1 AND purpose = 'recovery' ORDER BY id DESC LIMIT 1",
      [DEMO.cashier.id],
    );
    expect(rows[0]!.attempts).toBe(CODE_MAX_ATTEMPTS);
  });

  it('the right code among 29 concurrent wrong ones resets the password at most once, and only within the limit', async () => {
    const code = await startRecovery();
    const tries = wrongCodes(code, 29);
    tries.splice(3, 0, code);
    const kinds = (await Promise.all(tries.map((c, i) => reset(c, `brand-new-${i}`)))).map(kindOf);
    const ok = kinds.filter((k) => k === 'ok').length;
    expect(ok).toBeLessThanOrEqual(1);
    expect(kinds.filter((k) => k === 'wrong').length + ok).toBeLessThanOrEqual(CODE_MAX_ATTEMPTS);
    expect(
      (await w.db.query('SELECT 1 FROM audit_log WHERE action = $1 AND outcome = $2', ['auth.recovery.reset', 'ok']))
        .rows.length,
    ).toBe(ok);
  });
});

describe('SMS codes for security settings (checkCode on the pool)', () => {
  it('concurrent wrong tries compare at most the limit; two concurrent right answers use the code once', async () => {
    const code = await issueCode(w.db, DEMO.cashier.id, 'sensitive', '13800138001', w.clock.now);
    const wrong = await Promise.allSettled(
      wrongCodes(code, 30).map((c) => consumeCode(w.db, DEMO.cashier.id, 'sensitive', c, w.clock.now)),
    );
    const messages = wrong.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'));
    expect(messages.filter((m) => m === 'Wrong code')).toHaveLength(CODE_MAX_ATTEMPTS);
    expect(messages.filter((m) => m.startsWith('No valid code'))).toHaveLength(30 - CODE_MAX_ATTEMPTS);

    w.clock.now += SEND_LIMIT.gapMs;
    const fresh = await issueCode(w.db, DEMO.cashier.id, 'sensitive', '13800138001', w.clock.now);
    const twice = await Promise.allSettled(
      [fresh, fresh].map((c) => consumeCode(w.db, DEMO.cashier.id, 'sensitive', c, w.clock.now)),
    );
    expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
