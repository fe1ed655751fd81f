// Runtime: Node. The SMS code as a factor for the most sensitive acts (security settings: IP allowlist,
// outlet security settings, dynamic-token reset, changing a bound phone or e-mail). The code is sent to
// the actor's VERIFIED phone (POST /v1/me/sms-code), lives 5 minutes, is used once, and travels in the
// x-sms-code header (or body.smsCode). An account without a verified phone has no SMS factor to give: its
// sensitive acts rest on the super password (+ token); the owner screen asks every account to bind one.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import { consumeCode, issueCode, SHORT_CODE_TTL_MS } from './codes';
import type { SecurityContext } from './context';

export const SMS_HEADER = 'x-sms-code';

interface PhoneRow {
  id: string;
  phone: string | null;
  phone_verified_at: number | null;
}

async function phoneOf(ctx: Pick<SecurityContext, 'db'>, employeeId: string): Promise<PhoneRow> {
  const { rows } = await ctx.db.query<PhoneRow>('SELECT id, phone, phone_verified_at FROM employees WHERE id = $1', [
    employeeId,
  ]);
  if (!rows[0]) throw new AppError('UNAUTHENTICATED', 'Please log in');
  return rows[0];
}

/** Sends a code for a sensitive act to the employee's verified phone. */
export async function sendSensitiveCode(
  ctx: SecurityContext,
  employeeId: string,
): Promise<{ sent: true; phoneTail: string }> {
  const emp = await phoneOf(ctx, employeeId);
  if (!emp.phone || emp.phone_verified_at === null) {
    throw new AppError('VALIDATION', 'Bind and verify a phone number first', [
      { path: 'phone', message: 'no verified phone' },
    ]);
  }
  const code = await issueCode(ctx.db, emp.id, 'sensitive', emp.phone, ctx.now(), SHORT_CODE_TTL_MS);
  await ctx.sms.send(
    emp.phone,
    `【千米收银】您正在修改安全设置，验证码 ${code}，5分钟内有效。如非本人操作，请立即修改密码。`,
    ctx.now(),
  );
  return { sent: true, phoneTail: emp.phone.slice(-4) };
}

/**
 * The SMS gate: with a verified phone, a live 'sensitive' code must be given. Consumed with the pool, not
 * the act's transaction, so a wrong code counts even when the act rolls back.
 */
export async function requireSmsCode(ctx: SecurityContext, request: FastifyRequest, employeeId: string): Promise<void> {
  const emp = await phoneOf(ctx, employeeId);
  if (!emp.phone || emp.phone_verified_at === null) return;
  const h = request.headers[SMS_HEADER];
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
  const code = (Array.isArray(h) ? h[0] : h) ?? (typeof body.smsCode === 'string' ? body.smsCode : undefined);
  if (!code)
    throw new AppError('SMS_CODE_REQUIRED', 'This act needs the SMS code sent to your bound phone', {
      phoneTail: emp.phone.slice(-4),
    });
  if (!/^\d{6}$/.test(code))
    throw new AppError('VALIDATION', 'Wrong code', [{ path: 'smsCode', code: 'code_wrong', message: 'wrong code' }]);
  await consumeCode(ctx.db, emp.id, 'sensitive', code, ctx.now());
}
