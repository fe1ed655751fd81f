// Runtime: Node. /v1/me/* — an employee's own protections: super password, dynamic token, phone, e-mail.
// Any logged-in employee (permission null); changing an existing factor needs the factors themselves.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OWNER_METHODS } from '../../shared/api/owner-methods';
import { zText } from '../../shared/text';
import { AppError } from '../../shared/errors';
import { zPassword } from '../../shared/sync/protocol';
import { checkOwnPassword } from '../auth/accounts';
import { hashPassword } from '../auth/passwords';
import { auditOk } from './audit-helpers';
import { checkCode, issueCode, useCode } from './codes';
import type { SecurityContext } from './context';
import { viewOf } from './employees';
import { FACTOR_FIELDS } from './employee-routes';
import { requireSecondFactors } from './factors';
import {
  confirmTotp,
  pendingTotpSecret,
  setPendingTotp,
  setSuperPassword,
  setVerifiedEmail,
  setVerifiedPhone,
} from './repository';
import { actorOf } from './session-auth';
import { requireSmsCode, sendSensitiveCode } from './sms-factor';
import { enrolmentOf, matchTotp, newTotpSecret } from './totp';
import { ME_PATHS } from '../../shared/api/owner-routes';

/** declared in shared/ with the till's side of these routes */
export { ME_PATHS };

const zSetSuper = z
  .object({
    password: zPassword,
    superPassword: zText().min(6).max(128),
    currentSuperPassword: zText().max(128).optional(),
    totpCode: zText().max(16).optional(),
  })
  .strict();
const zCode = z.object({ code: zText().regex(/^\d{6}$/) }).strict();
const zPhone = z.object({ phone: zText().regex(/^\+?\d{6,15}$/) }).strict();
const zEmail = z.object({ email: z.email().max(200) }).strict();

export function meRoutes(ctx: SecurityContext) {
  /**
   * The first binding needs only the session; CHANGING a verified phone or e-mail (how recovery codes and
   * alerts reach the owner) needs the super password (+ token) and the SMS code sent to the current phone.
   */
  async function requireFactorsToChange(request: FastifyRequest, bound: boolean): Promise<void> {
    if (!bound) return;
    const id = actorOf(request).employee.id;
    await requireSecondFactors(ctx, request, id);
    await requireSmsCode(ctx, request, id);
  }

  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    // A code for the act the employee is about to confirm (security settings), to the verified phone.
    app.post(
      ME_PATHS.smsCode,
      {
        config: { permission: null, action: 'me.sms_code' },
        schema: { response: { 200: OWNER_METHODS['owner.smsCode'].output } },
      },
      async (request) => sendSensitiveCode(ctx, actorOf(request).employee.id),
    );

    app.get(
      ME_PATHS.me,
      { config: { permission: null }, schema: { response: { 200: OWNER_METHODS['owner.me'].output } } },
      async (request) => ({
        employee: viewOf(actorOf(request).employee),
      }),
    );

    // The super password must differ from the login password: one leaked password must not open both.
    app.put(
      ME_PATHS.superPassword,
      { schema: { body: zSetSuper }, config: { permission: null, action: 'me.super_password' } },
      async (request) => {
        const body = request.body;
        const a = actorOf(request);
        await checkOwnPassword(ctx.db, a.employee, body.password, ctx.now());
        if (body.superPassword === body.password)
          throw new AppError('VALIDATION', 'The super password must differ from the login password', [
            { path: 'superPassword', message: 'same as login password' },
          ]);
        if (a.employee.super_password_hash) {
          request.headers['x-super-password'] ??=
            body.currentSuperPassword !== undefined ? encodeURIComponent(body.currentSuperPassword) : undefined;
          await requireSecondFactors(ctx, request, a.employee.id);
        }
        const hash = await hashPassword(body.superPassword);
        await ctx.db.tx(async (q) => {
          await setSuperPassword(q, a.employee.id, hash);
          await auditOk(q, ctx, request, {
            target: a.employee.id,
            details: { changed: a.employee.super_password_hash !== null },
          });
        });
        return { ok: true };
      },
    );

    // Enrolment: a fresh secret as otpauth:// URI + QR; active only after a code from the app confirms it.
    // Replacing an active token needs the second factors (including the current token).
    app.post(
      ME_PATHS.totpEnroll,
      {
        config: { permission: null, action: 'me.totp.enroll' },
        schema: { response: { 200: OWNER_METHODS['owner.totpEnroll'].output } },
      },
      async (request) => {
        const a = actorOf(request);
        if (a.employee.totp_secret || a.employee.super_password_hash)
          await requireSecondFactors(ctx, request, a.employee.id);
        // Replacing an active token is a security-settings change: the SMS code too.
        if (a.employee.totp_secret) await requireSmsCode(ctx, request, a.employee.id);
        const secret = newTotpSecret();
        await setPendingTotp(ctx.db, a.employee.id, secret);
        return { secret, ...(await enrolmentOf(secret, a.employee.username)) };
      },
    );

    app.post(
      ME_PATHS.totpConfirm,
      { schema: { body: zCode }, config: { permission: null, action: 'me.totp.confirm' } },
      async (request) => {
        const { code } = request.body;
        const a = actorOf(request);
        const secret = await pendingTotpSecret(ctx.db, a.employee.id);
        if (!secret)
          throw new AppError('VALIDATION', 'Start the enrolment first', [{ path: 'code', message: 'no enrolment' }]);
        const step = matchTotp(secret, code, ctx.now());
        if (step === null)
          throw new AppError('TOTP_INVALID', 'The code does not match; check the phone clock and try again');
        await ctx.db.tx(async (q) => {
          await confirmTotp(q, a.employee.id, step);
          await auditOk(q, ctx, request, { target: a.employee.id });
        });
        return { ok: true };
      },
    );

    app.post(
      ME_PATHS.phone,
      { schema: { body: zPhone.extend(FACTOR_FIELDS) }, config: { permission: null, action: 'me.phone.start' } },
      async (request) => {
        const { phone } = request.body;
        const a = actorOf(request);
        await requireFactorsToChange(request, a.employee.phone_verified_at !== null);
        const code = await issueCode(ctx.db, a.employee.id, 'phone', phone, ctx.now());
        await ctx.sms.send(phone, `【千米收银】您的手机绑定验证码是 ${code}，10分钟内有效。`, ctx.now());
        return { sent: true };
      },
    );
    app.post(
      ME_PATHS.phoneVerify,
      { schema: { body: zCode }, config: { permission: null, action: 'me.phone.verify' } },
      async (request) => {
        const { code } = request.body;
        const a = actorOf(request);
        // The try is counted with the pool: a wrong code rolls nothing back that would undo the count.
        const matched = await checkCode(ctx.db, a.employee.id, 'phone', code, ctx.now());
        await ctx.db.tx(async (q) => {
          await useCode(q, matched, ctx.now());
          const phone = matched.target;
          await setVerifiedPhone(q, a.employee.id, phone, ctx.now());
          await auditOk(q, ctx, request, {
            target: a.employee.id,
            before: { phone: a.employee.phone },
            after: { phone },
          });
        });
        return { ok: true };
      },
    );

    app.post(
      ME_PATHS.email,
      { schema: { body: zEmail.extend(FACTOR_FIELDS) }, config: { permission: null, action: 'me.email.start' } },
      async (request) => {
        const { email } = request.body;
        const a = actorOf(request);
        await requireFactorsToChange(request, a.employee.email_verified_at !== null);
        const code = await issueCode(ctx.db, a.employee.id, 'email', email, ctx.now());
        await ctx.email.send(
          {
            orgId: a.employee.org_id,
            to: email,
            subject: '【千米收银】邮箱绑定验证码',
            body: `您的邮箱绑定验证码是 ${code}，10分钟内有效。`,
            kind: 'verification',
          },
          ctx.now(),
        );
        return { sent: true };
      },
    );
    app.post(
      ME_PATHS.emailVerify,
      { schema: { body: zCode }, config: { permission: null, action: 'me.email.verify' } },
      async (request) => {
        const { code } = request.body;
        const a = actorOf(request);
        // The try is counted with the pool: a wrong code rolls nothing back that would undo the count.
        const matched = await checkCode(ctx.db, a.employee.id, 'email', code, ctx.now());
        await ctx.db.tx(async (q) => {
          await useCode(q, matched, ctx.now());
          const email = matched.target;
          await setVerifiedEmail(q, a.employee.id, email, ctx.now());
          await auditOk(q, ctx, request, {
            target: a.employee.id,
            before: { email: a.employee.email },
            after: { email },
          });
        });
        return { ok: true };
      },
    );
  };
}
