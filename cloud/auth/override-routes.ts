// Runtime: Node. POST /v1/auth/override (signed): a supervisor approves an act on a cashier's till (主管授权,
// shared/sale/overrides.ts) by typing their username and password there. The password is checked exactly as a
// login's (failure counting and lockout, disabled accounts, the IP allow-list) and the supervisor must hold the
// act's permission; no session is opened. Every attempt lands in the outlet's audit chain with both employees.
// Or the supervisor scans their staff card (shared/staff-card.ts): the card alone approves. Its guesses are
// counted per device (and per address) BEFORE any comparison, in the same refusal windows as logins; the card
// is compared against every card of the outlet (cloud/security/staff-cards.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../shared/errors';
import { overridePermission } from '../../shared/sale/overrides';
import { PATHS, zOverrideRequest, zOverrideResponse, type OverrideResponse } from '../../shared/sync/protocol';
import { toAppError } from '../http/error-handler';
import { deviceOf } from '../http/signed';
import { appendAuditNow } from '../security/audit';
import { ipAllowed } from '../security/ip';
import { returnRefusalSlots, takeRefusalSlots, type RefusalSlots } from '../security/refusal-limit';
import { clientIp } from '../security/session-auth';
import { findCardHolder } from '../security/staff-cards';
import {
  checkCredentials,
  effectivePermissions,
  employeeIpAllowlist,
  employeeView,
  type EmployeeRow,
} from './accounts';
import { outletPolicy } from './policy';
import type { RouteContext } from '../http/route-context';

export function overrideRoutes(ctx: RouteContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      PATHS.override,
      { schema: { body: zOverrideRequest, response: { 200: zOverrideResponse } } },
      async (request) => {
        const body = request.body;
        const device = deviceOf(request);
        const now = ctx.now();
        const ip = clientIp(request);
        let supervisorId: string | null = null;
        let slots: RefusalSlots | undefined;
        const byCard = 'card' in body;
        try {
          // Guesses at a supervisor's password count exactly as guesses at a login (and share its limits);
          // guesses at a card, which names nobody, count against this device.
          slots = await takeRefusalSlots(
            ctx.db,
            {
              address: ip,
              account: byCard ? `card@${device.id}` : body.username,
              orgId: device.outlet_id,
              action: 'auth.login',
            },
            now,
          );
          let emp: EmployeeRow;
          if (byCard) {
            const holder = await findCardHolder(ctx.db, device.outlet_id, body.card);
            // A card of a disabled employee is a wrong card: nothing to learn about whose it was.
            if (!holder || holder.disabled_at != null)
              throw new AppError('BAD_CREDENTIALS', 'This card approves nothing here', { reason: 'UNKNOWN_CARD' });
            emp = holder;
          } else {
            emp = await checkCredentials(ctx.db, body.username, body.password, now, {
              onlyOrgId: device.outlet_id,
              refuse: (e) => (e.disabled_at != null ? 'DISABLED' : null),
            });
          }
          supervisorId = emp.id;
          if (slots) await returnRefusalSlots(ctx.db, slots);
          if (!ipAllowed(await employeeIpAllowlist(ctx.db, emp.id), ip))
            throw new AppError('IP_NOT_ALLOWED', 'This account cannot be used from this address', { ip });
          if (emp.id === body.cashierId)
            throw new AppError('VALIDATION', 'A supervisor cannot approve their own act', { reason: 'SELF_OVERRIDE' });
          const permission = overridePermission(body.act);
          if (!effectivePermissions(emp).includes(permission))
            throw new AppError('FORBIDDEN', `${emp.username} lacks the permission ${permission}`, {
              permission,
              reason: 'SUPERVISOR_LACKS_PERMISSION',
            });
          await appendAuditNow(ctx.db, {
            orgId: device.outlet_id,
            at: now,
            actorId: emp.id,
            deviceId: device.id,
            ip,
            action: 'auth.override',
            target: body.cashierId,
            outcome: 'ok',
            details: { act: body.act, ...(byCard ? { by: 'card' } : {}) },
          });
          return {
            employee: employeeView(emp),
            policy: (await outletPolicy(ctx.db, device.outlet_id)) as OverrideResponse['policy'],
          };
        } catch (e) {
          // Rate-limited attempts are not audited one by one: the limiter wrote one row for the window.
          if (toAppError(e)?.code === 'RATE_LIMITED') throw e;
          await appendAuditNow(ctx.db, {
            orgId: device.outlet_id,
            at: now,
            actorId: supervisorId,
            deviceId: device.id,
            ip,
            action: 'auth.override',
            target: body.cashierId,
            outcome: 'refused',
            errorCode: toAppError(e)?.code ?? 'INTERNAL',
            details: { act: body.act, ...(byCard ? { by: 'card' } : { username: body.username }) },
          });
          throw e;
        }
      },
    );
  };
}
