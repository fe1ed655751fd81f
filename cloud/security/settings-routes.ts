// Runtime: Node. The outlet's own security settings (for now: "new devices need approval").
// Changing them is the most sensitive kind of act: super password, TOTP when enrolled, and (when the
// actor has a verified phone) an SMS code — see requireSensitiveSettingFactors.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OWNER_METHODS } from '../../shared/api/owner-methods';
import { MEMBER_TOPUP_MAX_CEILING_FEN } from '../../shared/limits';
import { fen, zFen } from '../../shared/money';
import { memberTopupMax } from '../members/topup-limits';
import { auditOk } from './audit-helpers';
import type { SecurityContext } from './context';
import { withoutFactors } from './employee-routes';
import { newDevicesNeedApproval, setMemberTopupMax, setNewDevicesNeedApproval } from './repository';
import { actorOf } from './session-auth';
import { SETTINGS_PATHS } from '../../shared/api/owner-routes';

/** declared in shared/ with the till's side of these routes */
export { SETTINGS_PATHS };

const zSettings = z.object({ newDevicesNeedApproval: z.boolean() }).strict();
export const zMoneyLimits = z
  .object({ memberTopupMaxFen: zFen.refine((n) => n > 0 && n <= MEMBER_TOPUP_MAX_CEILING_FEN) })
  .strict();

export function settingsRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const manage = { permission: 'security.manage' } as const;
    // the answers are the ones the owner's back office parses (shared/api/owner-methods.ts)
    app.get(
      SETTINGS_PATHS.settings,
      { config: manage, schema: { response: { 200: OWNER_METHODS['owner.securitySettings'].output } } },
      async (request) => {
        return { newDevicesNeedApproval: await newDevicesNeedApproval(ctx.db, actorOf(request).employee.org_id) };
      },
    );

    app.get(
      SETTINGS_PATHS.moneyLimits,
      { config: manage, schema: { response: { 200: OWNER_METHODS['owner.moneyLimits'].output } } },
      async (request) => ({ memberTopupMaxFen: fen(await memberTopupMax(ctx.db, actorOf(request).employee.org_id)) }),
    );

    // Super password (and TOTP when enrolled); every till learns the new maximum at its next login.
    app.put(
      SETTINGS_PATHS.moneyLimits,
      {
        config: { ...manage, sensitive: true, action: 'security.moneyLimits' },
        schema: { body: withoutFactors(zMoneyLimits), response: { 200: OWNER_METHODS['owner.setMoneyLimits'].output } },
      },
      async (request) => {
        const body = request.body;
        const org = actorOf(request).employee.org_id;
        await ctx.db.tx(async (q) => {
          const before = await memberTopupMax(q, org);
          await setMemberTopupMax(q, org, body.memberTopupMaxFen);
          await auditOk(q, ctx, request, { target: org, before: { memberTopupMaxFen: before }, after: body });
        });
        return body;
      },
    );

    app.put(
      SETTINGS_PATHS.settings,
      {
        config: { ...manage, sensitive: true, smsCode: true, action: 'security.settings' },
        schema: {
          body: withoutFactors(zSettings),
          response: { 200: OWNER_METHODS['owner.setSecuritySettings'].output },
        },
      },
      async (request) => {
        const body = request.body;
        const org = actorOf(request).employee.org_id;
        await ctx.db.tx(async (q) => {
          const before = await newDevicesNeedApproval(q, org, true);
          await setNewDevicesNeedApproval(q, org, body.newDevicesNeedApproval);
          await auditOk(q, ctx, request, {
            target: org,
            before: { newDevicesNeedApproval: before },
            after: body,
          });
        });
        return body;
      },
    );
  };
}
