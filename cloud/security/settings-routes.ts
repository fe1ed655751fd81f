// Runtime: Node. The outlet's own security settings (for now: "new devices need approval").
// Changing them is the most sensitive kind of act: super password, TOTP when enrolled, and (when the
// actor has a verified phone) an SMS code — see requireSensitiveSettingFactors.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MEMBER_TOPUP_MAX_CEILING_FEN } from '../../shared/limits';
import { zFen } from '../../shared/money';
import { memberTopupMax } from '../members/topup-limits';
import { auditOk } from './audit-helpers';
import type { SecurityContext } from './context';
import { stripFactors } from './employee-routes';
import { actorOf } from './session-auth';
import { SETTINGS_PATHS } from '../../shared/api/owner-routes';

/** declared in shared/ with the till's side of these routes */
export { SETTINGS_PATHS };

const zSettings = z.object({ newDevicesNeedApproval: z.boolean() }).strict();
export const zMoneyLimits = z
  .object({ memberTopupMaxFen: zFen.refine((n) => n > 0 && n <= MEMBER_TOPUP_MAX_CEILING_FEN) })
  .strict();

export function settingsRoutes(ctx: SecurityContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(SETTINGS_PATHS.settings, { config: { permission: 'security.manage' } }, async (request) => {
      const { rows } = await ctx.db.query<{ new_devices_need_approval: boolean }>(
        'SELECT new_devices_need_approval FROM organizations WHERE id = $1',
        [actorOf(request).employee.org_id],
      );
      return { newDevicesNeedApproval: rows[0]?.new_devices_need_approval ?? false };
    });

    app.get(SETTINGS_PATHS.moneyLimits, { config: { permission: 'security.manage' } }, async (request) => ({
      memberTopupMaxFen: await memberTopupMax(ctx.db, actorOf(request).employee.org_id),
    }));

    // Super password (and TOTP when enrolled); every till learns the new maximum at its next login.
    app.put(
      SETTINGS_PATHS.moneyLimits,
      { config: { permission: 'security.manage', sensitive: true, action: 'security.moneyLimits' } },
      async (request) => {
        const body = zMoneyLimits.parse(stripFactors(request.body));
        const org = actorOf(request).employee.org_id;
        await ctx.db.tx(async (q) => {
          const before = await memberTopupMax(q, org);
          await q.query('UPDATE organizations SET member_topup_max_fen = $2 WHERE id = $1', [
            org,
            body.memberTopupMaxFen,
          ]);
          await auditOk(q, ctx, request, { target: org, before: { memberTopupMaxFen: before }, after: body });
        });
        return body;
      },
    );

    app.put(
      SETTINGS_PATHS.settings,
      { config: { permission: 'security.manage', sensitive: true, smsCode: true, action: 'security.settings' } },
      async (request) => {
        const body = zSettings.parse(stripFactors(request.body));
        const org = actorOf(request).employee.org_id;
        await ctx.db.tx(async (q) => {
          const { rows } = await q.query<{ new_devices_need_approval: boolean }>(
            'SELECT new_devices_need_approval FROM organizations WHERE id = $1 FOR UPDATE',
            [org],
          );
          await q.query('UPDATE organizations SET new_devices_need_approval = $2 WHERE id = $1', [
            org,
            body.newDevicesNeedApproval,
          ]);
          await auditOk(q, ctx, request, {
            target: org,
            before: { newDevicesNeedApproval: rows[0]?.new_devices_need_approval ?? false },
            after: body,
          });
        });
        return body;
      },
    );
  };
}
