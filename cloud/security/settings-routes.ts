// Runtime: Node. The outlet's own security settings (for now: "new devices need approval").
// Changing them is the most sensitive kind of act: super password, TOTP when enrolled, and (when the
// actor has a verified phone) an SMS code — see requireSensitiveSettingFactors.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditOk } from './audit-helpers';
import type { SecurityContext } from './context';
import { stripFactors } from './employee-routes';
import { actorOf } from './session-auth';

export const SETTINGS_PATHS = { settings: '/v1/security/settings' } as const;

const zSettings = z.object({ newDevicesNeedApproval: z.boolean() }).strict();

export function settingsRoutes(ctx: SecurityContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(SETTINGS_PATHS.settings, { config: { permission: 'security.manage' } }, async (request) => {
      const { rows } = await ctx.db.query<{ new_devices_need_approval: boolean }>(
        'SELECT new_devices_need_approval FROM organizations WHERE id = $1',
        [actorOf(request).employee.org_id],
      );
      return { newDevicesNeedApproval: rows[0]?.new_devices_need_approval ?? false };
    });

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
