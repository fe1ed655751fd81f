// Runtime: Node. The security layer's plugin: the employee-session scope with every security route.
// Registered by cloud/app.ts inside the device-signed scope.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../http/route-context';
import type { SecurityContext, SecurityOptions } from './context';
import { cardRoutes } from './card-routes';
import { employeeRoutes } from './employee-routes';
import { meRoutes } from './me-routes';
import { cloudPrepaidLedger } from './money';
import { ownerRoutes } from './owner-routes';
import { defaultOrgKinds, OUTLET_AND_AGENT } from './org-kind';
import { recordingEmailProvider, recordingSmsProvider, emailProviderFromEnv } from './providers';
import { requireEmployeeSession } from './session-auth';
import { settingsRoutes } from './settings-routes';

export const DEFAULT_ALERT_THRESHOLD_FEN = 100_000; // ¥1,000

export function securityContext(
  ctx: RouteContext,
  opts: SecurityOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): SecurityContext {
  return {
    ...ctx,
    email: opts.email ?? (env.SMTP_URL ? emailProviderFromEnv(ctx.db, env) : recordingEmailProvider(ctx.db)),
    sms: opts.sms ?? recordingSmsProvider(ctx.db),
    alertThresholdFen: opts.alertThresholdFen ?? DEFAULT_ALERT_THRESHOLD_FEN,
    ledger: opts.ledger ?? cloudPrepaidLedger,
  };
}

/** The session-authenticated routes; register inside the signed-device scope. */
export function securityRoutes(sctx: SecurityContext) {
  return async (app: FastifyInstance): Promise<void> => {
    requireEmployeeSession(app, sctx);
    // An agent's PC runs the agent's own back office: employees, /v1/me (super password, TOTP, phone,
    // e-mail), security settings; in ownerRoutes each route says so itself (money routes stay outlet-only).
    await app.register(async (own) => {
      defaultOrgKinds(own, OUTLET_AND_AGENT);
      await own.register(employeeRoutes(sctx));
      await own.register(meRoutes(sctx));
      await own.register(settingsRoutes(sctx));
    });
    await app.register(ownerRoutes(sctx));
    // outlet devices only (the default): a card approves overrides at an outlet's tills
    await app.register(cardRoutes(sctx));
  };
}
