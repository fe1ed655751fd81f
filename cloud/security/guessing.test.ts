// Guessing limits under concurrency, through the real routes: the login lock, the same check through the
// unauthenticated device registration, and the super-password lock. Every password comparison is counted
// (the real scrypt, wrapped), so "no more than the limit is ever compared per lock period" is measured, not
// inferred from answers. A gate can hold one comparison mid-way, to replay exactly the interleavings that
// used to slip past the lock: a right password sent just after a locking guess, and a right password whose
// success, landing after a lock, cleared it. Run on PostgreSQL (DATABASE_URL) as well as PGlite.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PATHS } from '../../shared/sync/protocol';
import { DEMO } from '../seed/demo';
import type * as Passwords from '../auth/passwords';
import { LOCKOUT } from '../auth/policy';
import { newDeviceKey, registerPayload } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';
import { REFUSAL_LIMITS } from './refusal-limit';
import { EmployeeClient, injectSend, type Reply } from './testing/client';

const probe = vi.hoisted(() => ({
  compared: 0,
  gate: null as null | { password: string; entered: () => void; release: Promise<void> },
}));
vi.mock('../auth/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof Passwords>();
  return {
    ...real,
    async verifyPassword(password: string, stored: string): Promise<boolean> {
      probe.compared += 1;
      const g = probe.gate;
      if (g && g.password === password) {
        probe.gate = null;
        g.entered();
        await g.release;
      }
      return real.verifyPassword(password, stored);
    },
  };
});

/** Holds the next comparison of `password` until release(); `entered` resolves once it is being compared. */
function gate(password: string): { entered: Promise<void>; release: () => void } {
  let entered!: () => void;
  let release!: () => void;
  const enteredP = new Promise<void>((r) => (entered = r));
  const releaseP = new Promise<void>((r) => (release = r));
  probe.gate = { password, entered, release: releaseP };
  return { entered: enteredP, release };
}

const SUPER = 'owner-super-pw';
let w: TestWorld;
let owner: EmployeeClient;
/** a fresh address per attempt: the per-address refusal limit stays out of the lock tests */
let addr = 0;
const nextAddress = () => `10.77.${Math.floor(++addr / 250) % 250}.${(addr % 250) + 1}`;

interface Answer {
  status: number;
  code: string | undefined;
}
interface Subject {
  name: string;
  right: string;
  attempt(password: string): Promise<Answer>;
  reset(): Promise<void>;
}

beforeAll(async () => {
  w = await createWorld();
  owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
  expect((await owner.login('owner', 'owner888')).status).toBe(200);
  expect(
    (await owner.call('PUT', '/v1/me/super-password', { password: 'owner888', superPassword: SUPER })).status,
  ).toBe(200);
  await w.db.query("UPDATE employees SET email = 'boss@example.com', email_verified_at = 1 WHERE id = $1", [
    DEMO.master.id,
  ]);
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const subjects: Subject[] = [
  {
    name: 'login (signed POST /v1/auth/login)',
    right: DEMO.cashier.password,
    async attempt(password) {
      const r = await owner.fork().login(DEMO.cashier.username, password, nextAddress());
      return { status: r.status, code: r.body?.error?.code };
    },
    async reset() {
      await w.db.query('UPDATE employees SET failed_logins = 0, locked_until = NULL WHERE id = $1', [DEMO.cashier.id]);
    },
  },
  {
    name: 'device registration (unauthenticated POST /v1/devices/register)',
    right: DEMO.master.password,
    async attempt(password) {
      const r = await w.app.inject({
        method: 'POST',
        url: PATHS.register,
        payload: await registerPayload(w.app, newDeviceKey(), { password }),
        remoteAddress: nextAddress(),
      });
      return { status: r.statusCode, code: r.statusCode === 200 ? undefined : r.json().error.code };
    },
    async reset() {
      await w.db.query('UPDATE employees SET failed_logins = 0, locked_until = NULL WHERE id = $1', [DEMO.master.id]);
    },
  },
  {
    name: 'super password (a sensitive act: PUT /v1/employees/:id/limits)',
    right: SUPER,
    async attempt(password) {
      const r = await owner.call(
        'PUT',
        `/v1/employees/${DEMO.cashier.id}/limits`,
        { maxDiscountFen: 0, dailyTransferCapFen: 0 },
        { superPassword: password },
      );
      return { status: r.status, code: r.body?.error?.code };
    },
    async reset() {
      await w.db.query('UPDATE employees SET factor_failures = 0, factor_locked_until = NULL WHERE id = $1', [
        DEMO.master.id,
      ]);
      expect((await owner.login('owner', 'owner888')).status).toBe(200); // the clock moved past the idle limit
    },
  },
];

const wrongCode = (s: Subject) => (s.right === SUPER ? 'SUPER_PASSWORD_INVALID' : 'BAD_CREDENTIALS');

/** Every test starts in fresh refusal windows (fixed windows: a whole window later is always a new one). */
async function freshWindows(): Promise<void> {
  w.clock.now += Math.max(REFUSAL_LIMITS.address.windowMs, REFUSAL_LIMITS.account.windowMs);
  probe.gate = null;
  for (const s of subjects) await s.reset();
}

describe.each(subjects)('the lock of $name', (s) => {
  beforeEach(freshWindows);

  it(`30 concurrent wrong guesses: at most ${LOCKOUT.maxFailures} are compared, and the right password is then refused until the lock expires`, async () => {
    const before = probe.compared;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => s.attempt(`wrong-guess-${i}`)));
    expect(probe.compared - before).toBe(LOCKOUT.maxFailures);
    const codes = answers.map((a) => a.code);
    expect(codes.filter((c) => c === wrongCode(s))).toHaveLength(LOCKOUT.maxFailures - 1);
    // the rest: locked — or, for login and registration, past the per-account refusal limit first
    expect(codes.filter((c) => c === 'LOCKED_OUT' || c === 'RATE_LIMITED')).toHaveLength(
      30 - (LOCKOUT.maxFailures - 1),
    );
    expect(codes.filter((c) => c === 'LOCKED_OUT').length).toBeGreaterThanOrEqual(1);
    const beforeRight = probe.compared;
    expect(['LOCKED_OUT', 'RATE_LIMITED']).toContain((await s.attempt(s.right)).code);
    expect(probe.compared).toBe(beforeRight); // refused without looking at it
    await freshWindowsKeepingLocks();
    w.clock.now += LOCKOUT.lockMs + 1;
    expect((await s.attempt(s.right)).status).toBe(200);
  });

  it('a right password sent while the locking guess is being compared is refused', async () => {
    for (let i = 0; i < LOCKOUT.maxFailures - 1; i++) expect((await s.attempt(`wrong-${i}`)).code).toBe(wrongCode(s));
    const g = gate('the-locking-guess');
    const locking = s.attempt('the-locking-guess');
    await g.entered;
    const right = await s.attempt(s.right);
    g.release();
    expect((await locking).code).toBe('LOCKED_OUT');
    expect(right.code).toBe('LOCKED_OUT');
  });

  it('a right password whose check began before a lock cannot clear that lock when it succeeds', async () => {
    for (let i = 0; i < 2; i++) expect((await s.attempt(`early-wrong-${i}`)).code).toBe(wrongCode(s));
    const g = gate(s.right);
    const slow = s.attempt(s.right);
    await g.entered;
    const later: string[] = [];
    for (let i = 0; i < 4; i++) later.push((await s.attempt(`late-wrong-${i}`)).code!);
    // the right one in flight holds one of the five guesses: two more wrong ones lock, the last is not compared
    expect(later).toEqual([wrongCode(s), 'LOCKED_OUT', 'LOCKED_OUT', 'LOCKED_OUT']);
    g.release();
    expect((await slow).status).toBe(200); // it was within the limit…
    const before = probe.compared;
    expect((await s.attempt('one-more-wrong')).code).toBe('LOCKED_OUT'); // …but the lock stands
    expect((await s.attempt(s.right)).code).toBe('LOCKED_OUT');
    expect(probe.compared).toBe(before);
  });
});

/** A whole refusal window later, without touching the locks (the lock period is shorter: see REFUSAL_LIMITS). */
async function freshWindowsKeepingLocks(): Promise<void> {
  expect(LOCKOUT.lockMs).toBeLessThanOrEqual(REFUSAL_LIMITS.account.windowMs);
  w.clock.now += Math.max(REFUSAL_LIMITS.address.windowMs, REFUSAL_LIMITS.account.windowMs) - LOCKOUT.lockMs - 1;
}

describe('the super-password lock alerts the owner once', () => {
  beforeEach(freshWindows);
  it('one e-mail for a lock reached by 30 concurrent guesses', async () => {
    const mails = async () =>
      (
        await w.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM email_messages WHERE kind = 'lockout' AND subject LIKE '%超级密码%'",
        )
      ).rows[0]!.n;
    const before = await mails();
    await Promise.all(Array.from({ length: 30 }, (_, i) => subjects[2]!.attempt(`guess-${i}`)));
    expect((await mails()) - before).toBe(1);
  });
});

describe('setting a super password proves the login password under the login lock', () => {
  beforeEach(freshWindows);
  it('wrong login passwords there count toward the login lock', async () => {
    const codes: string[] = [];
    for (let i = 0; i < LOCKOUT.maxFailures + 1; i++) {
      const r = await owner.call('PUT', '/v1/me/super-password', {
        password: `nope-${i}`,
        superPassword: 'x-new-super',
      });
      codes.push(r.body.error.code);
    }
    expect(codes).toEqual([
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'LOCKED_OUT',
      'LOCKED_OUT',
    ]);
  });
});

describe('refused logins and registrations are rate-limited per address and per account', () => {
  beforeEach(freshWindows);
  const A = REFUSAL_LIMITS.address;
  const C = REFUSAL_LIMITS.account;
  const ghost = () => `ghost_${randomBytes(4).toString('hex')}`;
  const loginFrom = async (
    username: string,
    password: string,
    ip: string,
  ): Promise<Answer & { body: Reply['body'] }> => {
    const r = await owner.fork().login(username, password, ip);
    return { status: r.status, code: r.body?.error?.code, body: r.body };
  };
  const registerFrom = async (username: string, password: string, ip: string): Promise<Answer> => {
    const r = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: await registerPayload(w.app, newDeviceKey(), { username, password }),
      remoteAddress: ip,
    });
    return { status: r.statusCode, code: r.statusCode === 200 ? undefined : r.json().error.code };
  };
  const auditRows = async (action: string, code: string) =>
    (
      await w.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = 'refused' AND error_code = $2",
        [action, code],
      )
    ).rows[0]!.n;

  it(`per address: ${A.max} refusals, concurrent or not, then RATE_LIMITED without a comparison or an audit row each`, async () => {
    const ip = '192.0.2.10';
    const before = probe.compared;
    const refusedRows = async () =>
      (await auditRows('auth.login', 'BAD_CREDENTIALS')) + (await auditRows('device.register', 'BAD_CREDENTIALS'));
    const auditBefore = await refusedRows();
    // logins and registrations share the address's window
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2 ? loginFrom(ghost(), 'xxxx', ip) : registerFrom(ghost(), 'xxxx', ip),
      ),
    );
    expect(answers.filter((a) => a.code === 'BAD_CREDENTIALS')).toHaveLength(A.max);
    expect(answers.filter((a) => a.code === 'RATE_LIMITED')).toHaveLength(30 - A.max);
    expect(probe.compared - before).toBe(A.max);
    expect((await refusedRows()) - auditBefore).toBe(A.max);
    // one row says the limit was reached, whichever of the two routes met it first
    const limited = await w.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE error_code = 'RATE_LIMITED' AND ip = $1",
      [ip],
    );
    expect(limited.rows[0]!.n).toBe(1);
    // even the right password waits for the window; another address is not affected
    const right = await loginFrom(DEMO.cashier.username, DEMO.cashier.password, ip);
    expect(right.code).toBe('RATE_LIMITED');
    expect(right.body.error.details.retryAfterMs).toBeGreaterThan(0);
    expect(right.body.error.details.retryAfterMs).toBeLessThanOrEqual(A.windowMs);
    expect((await loginFrom(DEMO.cashier.username, DEMO.cashier.password, '192.0.2.11')).status).toBe(200);
    w.clock.now += A.windowMs;
    expect((await loginFrom(DEMO.cashier.username, DEMO.cashier.password, ip)).status).toBe(200);
  });

  it(`per account: ${C.max} refusals naming one username from anywhere, then RATE_LIMITED`, async () => {
    const name = ghost();
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < C.max + 2; i++) answers.push((await loginFrom(name, `try-${i}`, nextAddress())).code);
    expect(answers.slice(0, C.max).every((c) => c === 'BAD_CREDENTIALS')).toBe(true);
    expect(answers.slice(C.max)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect((await registerFrom(name, 'again', nextAddress())).code).toBe('RATE_LIMITED');
  });

  it('successful logins use up nothing', async () => {
    const ip = '192.0.2.20';
    for (let i = 0; i < A.max + 5; i++) expect((await loginFrom('owner', 'owner888', ip)).status).toBe(200);
    expect((await loginFrom(ghost(), 'xxxx', ip)).code).toBe('BAD_CREDENTIALS');
  });
});
