// Runtime: Node. Signed auth routes: POST /v1/auth/login (an employee of the device's outlet opens a
// session), /v1/auth/refresh (token rotation), /v1/auth/recovery/* (password recovery by SMS).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PATHS, zLoginRequest, zLoginResponse, zRefreshResponse, type LoginResponse } from '../../shared/sync/protocol';
import { recoveryRoutes } from '../security/recovery';
import { rotateSession } from '../security/session-lifetime';
import { deviceOf } from '../http/signed';
import { checkCredentials, employeeIpAllowlist, employeeView, lockoutAlreadyAudited } from './accounts';
import { moneyToday } from '../security/money';
import { outletPolicy } from './policy';
import { createSession, setSessionIp } from './sessions';
import { AppError } from '../../shared/errors';
import { toAppError } from '../http/error-handler';
import { sendAlert } from '../security/alerts';
import { appendAuditNow } from '../security/audit';
import type { SecurityContext } from '../security/context';
import { LOCKOUT } from './policy';
import { ipAllowed } from '../security/ip';
import { returnRefusalSlots, takeRefusalSlots, type RefusalSlots } from '../security/refusal-limit';
import { clientIp } from '../security/session-auth';
import type { RouteContext } from '../http/route-context';
import type { OrgKind } from '../security/org-kind';

/** An agent's back-office PC logs in the agent's employees exactly as a till logs in the outlet's. */
const BOTH: readonly OrgKind[] = ['outlet', 'agent'];

export function authRoutes(ctx: RouteContext & Partial<Pick<SecurityContext, 'email' | 'sms'>>) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    if (ctx.email && ctx.sms)
      await app.register(recoveryRoutes({ db: ctx.db, now: ctx.now, email: ctx.email, sms: ctx.sms }));

    // Rotates the session token (POST, signed, Bearer). The old token stops working in the same
    // transaction; the absolute end (12 h after login) does not move. Refusals are audited.
    app.post(
      PATHS.refresh,
      { config: { orgKinds: BOTH }, schema: { response: { 200: zRefreshResponse } } },
      async (request) => {
        const device = deviceOf(request);
        const h = request.headers.authorization;
        const token = typeof h === 'string' ? /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(h)?.[1] : undefined;
        try {
          if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in');
          const r = await ctx.db.tx((q) => rotateSession(q, token, device.id, ctx.now()));
          return { token: r.token, expiresAt: r.expiresAt, idleExpiresAt: r.idleExpiresAt };
        } catch (e) {
          await appendAuditNow(ctx.db, {
            orgId: device.outlet_id,
            at: ctx.now(),
            deviceId: device.id,
            ip: clientIp(request),
            action: 'auth.refresh',
            outcome: 'refused',
            errorCode: toAppError(e)?.code ?? 'INTERNAL',
          });
          throw e;
        }
      },
    );

    app.post(
      PATHS.login,
      { config: { orgKinds: BOTH }, schema: { body: zLoginRequest, response: { 200: zLoginResponse } } },
      async (request) => {
        const body = request.body;
        const device = deviceOf(request);
        const now = ctx.now();
        const ip = clientIp(request);
        // Every attempt is audited in the device's outlet chain; a refusal is written outside any transaction.
        const audit = (outcome: 'ok' | 'refused', actorId: string | null, errorCode?: string) =>
          appendAuditNow(ctx.db, {
            orgId: device.outlet_id,
            at: now,
            actorId,
            deviceId: device.id,
            ip,
            action: 'auth.login',
            target: body.username,
            outcome,
            errorCode,
          });
        let emp;
        let slots: RefusalSlots | undefined;
        try {
          slots = await takeRefusalSlots(
            ctx.db,
            { address: ip, account: body.username, orgId: device.outlet_id, action: 'auth.login' },
            now,
          );
          // A disabled account is answered, and counted, like a wrong password.
          emp = await checkCredentials(ctx.db, body.username, body.password, now, {
            onlyOrgId: device.outlet_id,
            refuse: (e) => (e.disabled_at != null ? 'DISABLED' : null),
          });
          if (!ipAllowed(await employeeIpAllowlist(ctx.db, emp.id), ip))
            throw new AppError('IP_NOT_ALLOWED', 'This account cannot be used from this address', { ip });
        } catch (e) {
          const err = toAppError(e);
          // Rate-limited attempts are not audited one by one: the limiter wrote one row for the window.
          if (err?.code === 'RATE_LIMITED') throw e;
          // The first LOCKED_OUT of a lock period alerts the owner; later attempts during the lock do not.
          const lockedNow =
            err?.code === 'LOCKED_OUT' &&
            !(await lockoutAlreadyAudited(ctx.db, device.outlet_id, body.username, now - LOCKOUT.lockMs));
          await audit('refused', emp?.id ?? null, err?.code ?? 'INTERNAL');
          if (lockedNow && ctx.email) {
            await sendAlert(
              { db: ctx.db, now: ctx.now, email: ctx.email },
              {
                orgId: device.outlet_id,
                kind: 'lockout',
                subject: `账号 ${body.username} 登录失败次数过多，已锁定`,
                body: `设备 ${device.name}（${ip}）连续 ${LOCKOUT.maxFailures} 次密码错误。`,
              },
              (x) => request.log.error({ err: x }),
            );
          }
          throw e;
        }
        if (slots) await returnRefusalSlots(ctx.db, slots);
        const session = await createSession(ctx.db, emp.id, device.id, now);
        await setSessionIp(ctx.db, session.token, ip);
        await audit('ok', emp.id);
        return {
          token: session.token,
          expiresAt: session.expiresAt,
          employee: employeeView(emp),
          policy: (await outletPolicy(ctx.db, device.outlet_id)) as LoginResponse['policy'],
          money: await moneyToday(ctx.db, emp.id, now),
        };
      },
    );
  };
}
