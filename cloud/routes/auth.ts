// Runtime: Node. POST /v1/auth/login (signed): an employee of the device's outlet opens a session.
import type { FastifyInstance } from 'fastify';
import { PATHS, zLoginRequest, type LoginResponse } from '../../shared/sync/protocol';
import { deviceOf } from '../http/signed';
import { checkCredentials, effectivePermissions } from '../services/accounts';
import { devicePolicy } from '../services/policy';
import { createSession } from '../services/sessions';
import type { RouteContext } from './context';

export function authRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post(PATHS.login, async (request): Promise<LoginResponse> => {
      const body = zLoginRequest.parse(request.body);
      const device = deviceOf(request);
      const now = ctx.now();
      const emp = await checkCredentials(ctx.db, body.username, body.password, now, device.outlet_id);
      const session = await createSession(ctx.db, emp.id, device.id, now);
      return {
        token: session.token,
        expiresAt: session.expiresAt,
        employee: { id: emp.id, username: emp.username, name: emp.name, isMaster: emp.is_master, permissions: effectivePermissions(emp) },
        policy: devicePolicy() as LoginResponse['policy'],
      };
    });
  };
}
