// Runtime: Node. The capability handshake (shared/sync/capabilities.ts):
//   GET /v1/capabilities?version=<the till's version>   device-signed, outlet and agent devices
// Answers the protocol version, the record kinds the cloud takes (a kind is listed only when its route is
// registered in this very process, so a cloud with a feature switched off never claims it), every route,
// the minimum till version (the protocol's own floor, raised by a release's minimumVersion), and the
// device's update feed and current offer. The till's version is recorded for the rollout figures.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { CAPABILITIES_PATH, PROTOCOL_VERSION, type Capabilities } from '../../shared/sync/capabilities';
import { RECORD_KIND_NAMES, RECORDS } from '../../shared/sync/records';
import { UPDATE_PATHS, zVersion } from '../../shared/updates/protocol';
import { newest } from '../../shared/updates/version';
import { deviceOf } from '../http/signed';
import type { RouteContext } from '../http/route-context';
import { OUTLET_AND_AGENT } from '../security/org-kind';
import { deviceOffer } from '../updates/device-offer';
import { touchUpdateDevice } from '../updates/devices';

/** Tills older than this cannot speak this cloud's protocol at all (none so far). */
export const PROTOCOL_MINIMUM_TILL_VERSION: string | null = null;

/** The record kinds a till may queue, by the route that takes them (the record-kind registry). */
export const RECORD_KIND_ROUTES: Record<string, string> = Object.fromEntries(
  RECORD_KIND_NAMES.map((k) => [k, RECORDS[k].route]),
);

/** Collects every route this app registers; call before any route is registered. */
export function routeTable(app: FastifyInstance): Set<string> {
  const routes = new Set<string>();
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.add(`${m} ${r.url}`);
  });
  return routes;
}

/** the till's running version rides along, so the update service knows what each till runs */
const zCapabilitiesQuery = z.object({ version: zVersion.optional() });

export function capabilityRoutes(ctx: RouteContext, routes: ReadonlySet<string>) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      CAPABILITIES_PATH,
      { config: { orgKinds: OUTLET_AND_AGENT }, schema: { querystring: zCapabilitiesQuery } },
      async (request): Promise<Capabilities> => {
        const { version } = request.query;
        const device = deviceOf(request);
        const u = await touchUpdateDevice(ctx.db, device, version ?? null, ctx.now());
        const offer = await deviceOffer(ctx.db, u);
        return {
          protocol: PROTOCOL_VERSION,
          cloudVersion: pkg.version,
          recordKinds: Object.entries(RECORD_KIND_ROUTES)
            .filter(([, route]) => routes.has(`POST ${route}`))
            .map(([kind]) => kind),
          routes: [...routes].sort(),
          minimumTillVersion: newest(
            [PROTOCOL_MINIMUM_TILL_VERSION, offer.minimumVersion].filter((v): v is string => v !== null),
          ),
          update: { channel: u.channel, feedPath: `${UPDATE_PATHS.feed}/${u.feedToken}/`, offer: offer.offer },
        };
      },
    );
  };
}
