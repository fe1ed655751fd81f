// Runtime: Node. Second factors at the time of use: the super password (超级密码) and, when enrolled, the
// dynamic token. Wrong answers of either count toward one failure counter; reaching LOCKOUT.maxFailures
// locks the factors (not the login) for LOCKOUT.lockMs and alerts the owner. Counters are written with the
// pool, outside any request transaction, so a refused attempt still counts.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';
import { verifyPassword } from '../services/passwords';
import { LOCKOUT } from '../services/policy';
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

async function recordFailure(ctx: SecurityContext, emp: FactorRow, now: number): Promise<never> {
  const { rows } = await ctx.db.query<{ factor_locked_until: number | null }>(
    `UPDATE employees
        SET factor_failures = CASE WHEN factor_failures + 1 >= $2 THEN 0 ELSE factor_failures + 1 END,
            factor_locked_until = CASE WHEN factor_failures + 1 >= $2 THEN $3::bigint ELSE factor_locked_until END
      WHERE id = $1 RETURNING factor_locked_until`,
    [emp.id, LOCKOUT.maxFailures, now + LOCKOUT.lockMs],
  );
  const until = rows[0]?.factor_locked_until ?? null;
  if (until !== null && until > now) {
    await sendAlert(ctx, {
      orgId: emp.org_id,
      kind: 'lockout',
      employeeId: emp.id,
      subject: `账号 ${emp.username} 的超级密码/动态令牌已锁定`,
      body: `连续 ${LOCKOUT.maxFailures} 次验证失败，已锁定至 ${new Date(until).toISOString()}。`,
    });
    throw new AppError('LOCKED_OUT', 'Too many failed super password / token attempts; try again later', {
      lockedUntil: until,
    });
  }
  throw new AppError('SUPER_PASSWORD_INVALID', 'The super password is wrong');
}

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
  const now = ctx.now();
  const emp = await loadFactors(ctx.db, employeeId);
  if (emp.factor_locked_until !== null && emp.factor_locked_until > now) {
    throw new AppError('LOCKED_OUT', 'Too many failed super password / token attempts; try again later', {
      lockedUntil: emp.factor_locked_until,
    });
  }
  if (!emp.super_password_hash)
    throw new AppError('SUPER_PASSWORD_REQUIRED', 'Set a super password before doing this', { reason: 'NOT_SET' });
  if (!given) throw new AppError('SUPER_PASSWORD_REQUIRED', 'This act needs the super password');
  if (given.length > 128 || !(await verifyPassword(given, emp.super_password_hash))) await recordFailure(ctx, emp, now);
  await ctx.db.query('UPDATE employees SET factor_failures = 0 WHERE id = $1 AND factor_failures <> 0', [emp.id]);
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
  const now = ctx.now();
  const step = emp.totp_secret ? matchTotp(emp.totp_secret, code, now) : null;
  if (step === null) {
    try {
      await recordFailure(ctx, emp, now);
    } catch (e) {
      if (e instanceof AppError && e.code === 'SUPER_PASSWORD_INVALID')
        throw new AppError('TOTP_INVALID', 'The code is wrong or expired');
      throw e;
    }
  }
  if (!(await consumeTotpStep(ctx.db, emp.id, step!)))
    throw new AppError('TOTP_INVALID', 'This code was already used; wait for the next one', { reason: 'USED' });
}

/** Verifies a TOTP code for an employee (enrolment confirmation uses the pending secret instead). */
export async function requireTotp(ctx: SecurityContext, employeeId: string, code: string): Promise<void> {
  await checkTotp(ctx, await loadFactors(ctx.db, employeeId), code);
}
