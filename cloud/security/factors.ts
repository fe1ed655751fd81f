// Runtime: Node. Second factors at the time of use: the super password (超级密码) and, when enrolled, the
// dynamic token. Guesses at either count toward one counter, each counted before it is compared
// (cloud/auth/guesses.ts); reaching LOCKOUT.maxFailures locks the factors (not the login) for LOCKOUT.lockMs
// and alerts the owner. Counters are written with the pool, outside any request transaction, so a refused
// attempt still counts.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import { formatInZone } from '../../shared/time';
import type { Queryable } from '../db/types';
import { verifyPassword } from '../auth/passwords';
import { FACTOR_GUESSES, guess } from '../auth/guesses';
import { LOCKOUT, orgTimeZone } from '../auth/policy';
import { sendAlert } from './alerts';
import type { SecurityContext } from './context';
import { consumeTotpStep, matchTotp } from './totp';

export const SUPER_PASSWORD_HEADER = 'x-super-password';
export const TOTP_HEADER = 'x-totp-code';

interface FactorRow {
  id: string;
  org_id: string;
  username: string;
  super_password_hash: string | null;
  factor_locked_until: number | null;
  totp_secret: string | null;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  // Header values are latin-1 on the wire; a UTF-8 super password travels percent-encoded.
  if (s === undefined) return undefined;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * One guess at a second factor, counted before it is compared (cloud/auth/guesses.ts). Wrong → `wrong`
 * (SUPER_PASSWORD_INVALID or TOTP_INVALID); the guess that locks, and every guess while locked, is
 * LOCKED_OUT, and the locking one alerts the owner.
 */
async function guessFactor(
  ctx: SecurityContext,
  emp: FactorRow,
  compare: () => Promise<boolean>,
  wrong: () => AppError,
): Promise<void> {
  const now = ctx.now();
  const outcome = await guess(ctx.db, FACTOR_GUESSES, emp.id, now, compare);
  if (outcome.kind === 'right') return;
  if (outcome.kind === 'wrong' && outcome.locked && outcome.lockedUntil !== null) {
    await sendAlert(ctx, {
      orgId: emp.org_id,
      kind: 'lockout',
      employeeId: emp.id,
      subject: `账号 ${emp.username} 的超级密码/动态令牌已锁定`,
      body: `连续 ${LOCKOUT.maxFailures} 次验证失败，已锁定至 ${formatInZone(outcome.lockedUntil, await orgTimeZone(ctx.db, emp.org_id))}。`,
    });
  }
  if (outcome.kind === 'locked' || outcome.locked) throw factorsLocked(outcome.lockedUntil);
  throw wrong();
}

const factorsLocked = (lockedUntil: number | null) =>
  new AppError('LOCKED_OUT', 'Too many failed super password / token attempts; try again later', { lockedUntil });

async function loadFactors(q: Queryable, employeeId: string): Promise<FactorRow> {
  const { rows } = await q.query<FactorRow>(
    'SELECT id, org_id, username, super_password_hash, factor_locked_until, totp_secret FROM employees WHERE id = $1',
    [employeeId],
  );
  if (!rows[0]) throw new AppError('UNAUTHENTICATED', 'Please log in');
  return rows[0];
}

/** Checks only the super password given in `given`. */
export async function checkSuperPassword(
  ctx: SecurityContext,
  employeeId: string,
  given: string | undefined,
): Promise<void> {
  const emp = await loadFactors(ctx.db, employeeId);
  if (emp.factor_locked_until !== null && emp.factor_locked_until > ctx.now())
    throw factorsLocked(emp.factor_locked_until);
  const hash = emp.super_password_hash;
  if (!hash)
    throw new AppError('SUPER_PASSWORD_REQUIRED', 'Set a super password before doing this', { reason: 'NOT_SET' });
  if (!given) throw new AppError('SUPER_PASSWORD_REQUIRED', 'This act needs the super password');
  await guessFactor(
    ctx,
    emp,
    async () => given.length <= 128 && (await verifyPassword(given, hash)),
    () => new AppError('SUPER_PASSWORD_INVALID', 'The super password is wrong'),
  );
}

/**
 * The gate in front of every sensitive act: the super password (header x-super-password, or
 * body.superPassword) and, if the employee enrolled a dynamic token, a fresh TOTP code (x-totp-code or
 * body.totpCode) that has not been used before.
 */
export async function requireSecondFactors(
  ctx: SecurityContext,
  request: FastifyRequest,
  employeeId: string,
): Promise<void> {
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
  const sp =
    header(request, SUPER_PASSWORD_HEADER) ?? (typeof body.superPassword === 'string' ? body.superPassword : undefined);
  await checkSuperPassword(ctx, employeeId, sp);
  const emp = await loadFactors(ctx.db, employeeId);
  if (!emp.totp_secret) return;
  const code = header(request, TOTP_HEADER) ?? (typeof body.totpCode === 'string' ? body.totpCode : undefined);
  if (!code) throw new AppError('TOTP_REQUIRED', 'This act needs the 6-digit code of your dynamic token');
  await checkTotp(ctx, emp, code);
}

async function checkTotp(ctx: SecurityContext, emp: FactorRow, code: string): Promise<void> {
  const secret = emp.totp_secret;
  const matched: { step: number | null } = { step: null };
  await guessFactor(
    ctx,
    emp,
    async () => (matched.step = secret ? matchTotp(secret, code, ctx.now()) : null) !== null,
    () => new AppError('TOTP_INVALID', 'The code is wrong or expired'),
  );
  if (matched.step === null || !(await consumeTotpStep(ctx.db, emp.id, matched.step)))
    throw new AppError('TOTP_INVALID', 'This code was already used; wait for the next one', { reason: 'USED' });
}

/** Verifies a TOTP code for an employee (enrolment confirmation uses the pending secret instead). */
export async function requireTotp(ctx: SecurityContext, employeeId: string, code: string): Promise<void> {
  await checkTotp(ctx, await loadFactors(ctx.db, employeeId), code);
}
