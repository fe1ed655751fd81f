// Runtime: Node. Device routes outside the employee-session scope.
// POST /v1/devices/challenge — public: a single-use challenge (cloud/devices/challenges.ts).
// POST /v1/devices/register — not signed by a device key (there is none yet) but carrying the NEW key's
// signature over a challenge (proof of possession); an employee's username + password authenticate it; the master (or an employee with device.manage) may register, and the device
// starts active or pending (cloud/security/device-approval.ts).
// GET /v1/devices/me — signed, and answered for a pending device too: how the POS learns it was approved.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  PATHS,
  zDeviceMeResponse,
  zRegisterChallengeResponse,
  zRegisterRequest,
  zRegisterResponse,
  type RegisterResponse,
} from '../../shared/sync/protocol';
import { SIGNATURE_HEADERS } from '../../shared/sync/signing';
import { verifyDevice } from '../http/signed';
import { assertProofOfPossession, issueChallenge } from './challenges';
import { outletPolicy } from '../auth/policy';
import type { SecurityContext } from '../security/context';
import { registerWithApproval } from '../security/device-approval';
import { normalizeIp } from '../security/ip';

export function deviceRoutes(ctx: Pick<SecurityContext, 'db' | 'now' | 'email'>) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    // Public: a single-use challenge the next registration signs with its new key (proof of possession).
    app.post(PATHS.registerChallenge, { schema: { response: { 200: zRegisterChallengeResponse } } }, async () =>
      issueChallenge(ctx.db, ctx.now()),
    );

    app.post(
      PATHS.register,
      { schema: { body: zRegisterRequest, response: { 200: zRegisterResponse } } },
      async (request) => {
        const body = request.body;
        // Before any password is compared: a registration that does not prove it holds the key is refused.
        await assertProofOfPossession(ctx.db, body, ctx.now());
        const { device, outlet } = await registerWithApproval(ctx, body, normalizeIp(request.ip), (e) =>
          request.log.error({ err: e }),
        );
        return {
          deviceId: device.id,
          status: device.status === 'pending' ? ('pending' as const) : ('active' as const),
          outlet: {
            id: outlet.id,
            name: outlet.name,
            timezone: outlet.timezone,
            kind: outlet.type === 'agent' ? ('agent' as const) : ('outlet' as const),
          },
          policy: (await outletPolicy(ctx.db, outlet.id)) as RegisterResponse['policy'],
        };
      },
    );

    app.get(PATHS.deviceMe, { schema: { response: { 200: zDeviceMeResponse } } }, async (request, reply) => {
      reply.header(SIGNATURE_HEADERS.serverTime, String(ctx.now()));
      // A revoked device gets DEVICE_REVOKED from the check itself; a pending one its status.
      const device = await verifyDevice(request, ctx.db, ctx.now, { allowPending: true });
      return { deviceId: device.id, status: device.status };
    });
  };
}
