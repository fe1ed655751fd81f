// Runtime: Node. The agent (区代) pins its own outlets from its back-office PC (employee session, agent device):
//   GET /v1/agent/updates                      device.manage   its outlets: channel, pin, and the versions their tills run
//   PUT /v1/agent/outlets/:id/update-pin       device.manage + super password   {pinnedVersion: "1.2.0" | null}
// A pin holds the outlet's tills at that version or below (an outlet that must not update yet); a minimum
// version (a security fix) still reaches them. Another agent's outlet is FORBIDDEN.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { zText } from '../../shared/text';
import { zPin, zUpdateChannel } from '../../shared/updates/protocol';
import { agentOutlets, assertAgentsOutlet } from '../agent/queries';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { withoutFactors } from '../security/employee-routes';
import { zIdParam } from '../security/employees';
import { actorOf } from '../security/session-auth';
import { outletsRunningVersions, outletsUpdateSettings, setOutletUpdateSettings } from './devices';

const zAgentUpdates = z.object({
  outlets: z.array(
    z.object({
      id: z.uuid(),
      name: zText(),
      channel: zUpdateChannel,
      pinnedVersion: zText().nullable(),
      versions: z.array(z.object({ version: zText().nullable(), devices: z.number().int() })),
    }),
  ),
});
const zPinAnswer = z.object({ outletId: z.uuid(), channel: zUpdateChannel, pinnedVersion: zText().nullable() });

export function updateAgentRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const read = { permission: 'device.manage' as const, orgKinds: ['agent'] as const };
    app.get('/v1/agent/updates', { config: read, schema: { response: { 200: zAgentUpdates } } }, async (request) => {
      const outlets = await agentOutlets(ctx.db, actorOf(request).employee.org_id);
      const ids = outlets.map((o) => o.id);
      const settings = await outletsUpdateSettings(ctx.db, ids);
      const versions = await outletsRunningVersions(ctx.db, ids);
      return {
        outlets: outlets.map((o) => {
          const s = settings.find((x) => x.outlet_id === o.id);
          return {
            id: o.id,
            name: o.name,
            channel: s?.channel ?? 'stable',
            pinnedVersion: s?.pinned_version ?? null,
            versions: versions
              .filter((v) => v.outlet_id === o.id)
              .map((v) => ({ version: v.version, devices: Number(v.n) })),
          };
        }),
      };
    });
    app.put(
      '/v1/agent/outlets/:id/update-pin',
      {
        config: { ...read, sensitive: true, action: 'agent.update_pin' },
        schema: { params: zIdParam, body: withoutFactors(zPin), response: { 200: zPinAnswer } },
      },
      async (request) => {
        const { id } = request.params;
        const { pinnedVersion } = request.body;
        const a = actorOf(request);
        return ctx.db.tx(async (q) => {
          await assertAgentsOutlet(q, a.employee.org_id, id);
          const settings = await setOutletUpdateSettings(q, id, { pinnedVersion }, `agent:${a.employee.id}`, ctx.now());
          await auditOk(q, ctx, request, { target: id, after: settings });
          return { outletId: id, ...settings };
        });
      },
    );
  };
}
