// Runtime: Node. Password recovery by the bound phone (signed device routes, no session — the employee
// forgot the password). start: a 6-digit code to the VERIFIED phone of that account of the device's
// outlet, 5 minutes, single use, only its hash stored, sending rate-limited; the answer is the same
// whether or not the account exists or has a phone, so nobody learns which accounts exist. reset: the
// code sets a new login password, clears the login lockout and ends every session of the account; it is
// audited and alerts the owner (and the employee) by e-mail. An agent's PC recovers the agent's own
// accounts the same way (OUTLET_AND_AGENT); the account must belong to the device's organisation.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zText } from '../../shared/text';
import { AppError } from '../../shared/errors';
import { zPassword, zUsername } from '../../shared/sync/protocol';
import { toAppError } from '../http/error-handler';
import { deviceOf } from '../http/signed';
import { findEmployeeByUsername } from '../auth/accounts';
import { hashPassword } from '../auth/passwords';
import { sendAlert } from './alerts';
import { appendAudit, appendAuditNow } from './audit';
import { consumeCode, issueCode, SHORT_CODE_TTL_MS } from './codes';
import type { SecurityContext } from './context';
import { normalizeIp } from './ip';
import { OUTLET_AND_AGENT } from './org-kind';
import { RECOVERY_PATHS } from '../../shared/api/owner-routes';

/** declared in shared/ with the till's side of these routes */
export { RECOVERY_PATHS };

const zStart = z.object({ username: zUsername }).strict();
const zReset = z.object({ username: zUsername, code: zText().regex(/^\d{6}$/), newPassword: zPassword }).strict();

type Ctx = Pick<SecurityContext, 'db' | 'now' | 'email' | 'sms'>;

export function recoveryRoutes(ctx: Ctx) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      RECOVERY_PATHS.start,
      { schema: { body: zStart }, config: { orgKinds: OUTLET_AND_AGENT } },
      async (request) => {
        const { username } = request.body;
        const device = deviceOf(request);
        const ip = normalizeIp(request.ip);
        const emp = await findEmployeeByUsername(ctx.db, username);
        const mine = emp && emp.org_id === device.outlet_id ? emp : undefined;
        const phone = mine
          ? (
              await ctx.db.query<{
                phone: string | null;
                phone_verified_at: number | null;
                disabled_at: number | null;
              }>('SELECT phone, phone_verified_at, disabled_at FROM employees WHERE id = $1', [mine.id])
            ).rows[0]
          : undefined;
        const canSend = mine && phone?.phone && phone.phone_verified_at !== null && phone.disabled_at === null;
        let errorCode: string | null = canSend ? null : 'NO_VERIFIED_PHONE';
        if (canSend) {
          try {
            const code = await issueCode(ctx.db, mine.id, 'recovery', phone.phone!, ctx.now(), SHORT_CODE_TTL_MS);
            await ctx.sms.send(
              phone.phone!,
              `【千米收银】您正在找回登录密码，验证码 ${code}，5分钟内有效。如非本人操作，请勿告诉任何人。`,
              ctx.now(),
            );
          } catch (e) {
            const err = toAppError(e);
            if (err?.code !== 'RATE_LIMITED') throw e;
            errorCode = 'RATE_LIMITED';
          }
        }
        await appendAuditNow(ctx.db, {
          orgId: device.outlet_id,
          at: ctx.now(),
          actorId: mine?.id ?? null,
          deviceId: device.id,
          ip,
          action: 'auth.recovery.start',
          target: username,
          outcome: errorCode ? 'refused' : 'ok',
          errorCode,
        });
        // Rate limiting is the one refusal worth telling: it is per account, and says nothing about existence
        // that a real owner would not already know.
        if (errorCode === 'RATE_LIMITED')
          throw new AppError('RATE_LIMITED', 'A code was sent moments ago; wait before asking for another');
        return { sent: true as const };
      },
    );

    app.post(
      RECOVERY_PATHS.reset,
      { schema: { body: zReset }, config: { orgKinds: OUTLET_AND_AGENT } },
      async (request) => {
        const body = request.body;
        const device = deviceOf(request);
        const ip = normalizeIp(request.ip);
        const now = ctx.now();
        const emp = await findEmployeeByUsername(ctx.db, body.username);
        const mine = emp && emp.org_id === device.outlet_id ? emp : undefined;
        try {
          if (!mine)
            throw new AppError('VALIDATION', 'No valid code: request a new one', [
              { path: 'code', message: 'expired' },
            ]);
          // Consumed with the pool: a wrong code counts toward the code's attempt limit even though we throw.
          await consumeCode(ctx.db, mine.id, 'recovery', body.code, now);
        } catch (e) {
          await appendAuditNow(ctx.db, {
            orgId: device.outlet_id,
            at: now,
            actorId: mine?.id ?? null,
            deviceId: device.id,
            ip,
            action: 'auth.recovery.reset',
            target: body.username,
            outcome: 'refused',
            errorCode: toAppError(e)?.code ?? 'INTERNAL',
          });
          throw e;
        }
        const hash = await hashPassword(body.newPassword);
        await ctx.db.tx(async (q) => {
          await q.query(
            'UPDATE employees SET password_hash = $2, failed_logins = 0, locked_until = NULL, password_changed_at = $3 WHERE id = $1',
            [mine.id, hash, now],
          );
          const ended = await q.query('DELETE FROM sessions WHERE employee_id = $1 RETURNING 1', [mine.id]);
          await appendAudit(q, {
            orgId: device.outlet_id,
            at: now,
            actorId: mine.id,
            deviceId: device.id,
            ip,
            action: 'auth.recovery.reset',
            target: body.username,
            outcome: 'ok',
            details: { sessionsEnded: ended.rows.length },
          });
        });
        await sendAlert(
          ctx,
          {
            orgId: device.outlet_id,
            kind: 'password_recovery',
            employeeId: mine.id,
            subject: `账号 ${mine.username} 的登录密码已通过短信找回重置`,
            body: `${mine.name}（${mine.username}）在设备「${device.name}」（${ip}）用手机验证码重置了登录密码，原有登录已全部失效。如非本人操作，请立即停用该账号。`,
          },
          (e) => request.log.error({ err: e }),
        );
        return { ok: true as const };
      },
    );
  };
}
