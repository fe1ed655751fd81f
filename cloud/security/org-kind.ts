// Runtime: Node. Which kind of organisation a device belongs to decides which signed routes it may call.
// A device belongs to an outlet (收银 PC) or to an agent (区代's back-office PC). Every signed route is
// outlet-only unless it declares otherwise in its options:
//   app.get(path, { config: { permission: …, orgKinds: ['agent'] } }, handler)
// so a route added later without thinking about agents stays closed to them (orders, catalog feed, virtual
// goods, members, money), and agent routes are closed to outlet devices. A refusal is FORBIDDEN.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import type { CloudDb } from '../db/types';
import { deviceOf } from '../http/signed';

export type OrgKind = 'outlet' | 'agent';

/**
 * Routes that run an organisation's own back office (its employees, devices, security settings, audit and
 * alerts, /v1/me): an agent runs its own from its PC exactly as an outlet does. Every such route is scoped
 * by the actor's org_id (a session's employee always belongs to the device's org), so neither kind ever
 * sees or changes the other's accounts or devices.
 */
export const OUTLET_AND_AGENT: readonly OrgKind[] = ['outlet', 'agent'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the kinds of organisation whose devices may call this route; default ['outlet'] */
    orgKinds?: readonly OrgKind[];
  }
}

// A device's organisation and an organisation's type never change, so the answer is cached per device.
const CACHE_MAX = 10_000;
const kindOfDevice = new Map<string, string>();

export async function deviceOrgKind(db: CloudDb, request: FastifyRequest): Promise<string> {
  const device = deviceOf(request);
  const hit = kindOfDevice.get(device.id);
  if (hit) return hit;
  const { rows } = await db.query<{ type: string }>('SELECT type FROM organizations WHERE id = $1', [device.outlet_id]);
  const kind = rows[0]?.type ?? 'unknown';
  if (kindOfDevice.size >= CACHE_MAX) kindOfDevice.clear();
  kindOfDevice.set(device.id, kind);
  return kind;
}

/** preValidation hook for the signed scope (before any route schema judges the body); add it right after requireSignedDevice. */
export function requireOrgKind(app: FastifyInstance, db: CloudDb): void {
  app.addHook('preValidation', async (request) => {
    const allowed = request.routeOptions.config.orgKinds ?? ['outlet'];
    const kind = await deviceOrgKind(db, request);
    if (!(allowed as readonly string[]).includes(kind)) {
      throw new AppError(
        'FORBIDDEN',
        `This device belongs to an organisation of kind ${kind}; this route serves ${allowed.join(', ')} devices`,
        { orgKind: kind },
      );
    }
  });
}

/** Routes registered inside `app` (and its children) that do not say otherwise also serve these kinds. */
export function defaultOrgKinds(app: FastifyInstance, kinds: readonly OrgKind[]): void {
  app.addHook('onRoute', (route) => {
    const cfg = (route.config ??= {}) as { orgKinds?: readonly OrgKind[] };
    cfg.orgKinds ??= kinds;
  });
}
