// Runtime: Node. POST /v1/devices/register — the only device route not signed by a device key: the master
// account's username + password authenticate it, and are the approval (the device starts 'active').
import type { FastifyInstance } from 'fastify';
import { PATHS, zRegisterRequest, type RegisterResponse } from '../../shared/sync/protocol';
import { checkCredentials } from '../services/accounts';
import { registerDevice } from '../services/devices';
import { devicePolicy } from '../services/policy';
import type { RouteContext } from './context';

export function deviceRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post(PATHS.register, async (request): Promise<RegisterResponse> => {
      const body = zRegisterRequest.parse(request.body);
      const now = ctx.now();
      // Outside the transaction: a failed attempt must still be counted.
      const master = await checkCredentials(ctx.db, body.username, body.password, now);
      const { device, outlet } = await ctx.db.tx((q) => registerDevice(q, master, body.device, now));
      return {
        deviceId: device.id,
        status: device.status === 'pending' ? 'pending' : 'active',
        outlet: { id: outlet.id, name: outlet.name, timezone: outlet.timezone },
        policy: devicePolicy() as RegisterResponse['policy'],
      };
    });
  };
}
