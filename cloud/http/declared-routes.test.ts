// Every cloud route the till calls from its back office is declared once in shared/api/ (its method, path and
// answer schema); the till builds its requests from those declarations. This proves the cloud registers each of
// them with exactly that method and path, so a path renamed on one side only fails here, not at an owner's till.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_ROUTES } from '../../shared/api/agent-routes';
import { CATALOG_ADMIN_ROUTES } from '../../shared/api/catalog-admin-routes';
import type { CloudRoute } from '../../shared/api/cloud-routes';
import { MEMBER_ADMIN_ROUTES } from '../../shared/api/member-admin-methods';
import { OWNER_ROUTES } from '../../shared/api/owner-routes';
import { createWorld, type TestWorld } from '../test-support/world';

const DECLARED: Record<string, Record<string, CloudRoute>> = {
  owner: OWNER_ROUTES,
  agent: AGENT_ROUTES,
  catalogAdmin: CATALOG_ADMIN_ROUTES,
  memberAdmin: MEMBER_ADMIN_ROUTES,
};

let w: TestWorld;
beforeAll(async () => {
  w = await createWorld({ seed: false });
});
afterAll(async () => {
  await w.close();
});

describe('the back office’s declared routes', () => {
  for (const [domain, routes] of Object.entries(DECLARED))
    it(`${domain}: the cloud registers each with its method and path`, () => {
      const missing = Object.entries(routes)
        .filter(([, r]) => !w.app.hasRoute({ method: r.method, url: r.path }))
        .map(([name, r]) => `${name}: ${r.method} ${r.path}`);
      expect(missing).toEqual([]);
    });

  it('a route the cloud does not have is found missing (the check is not vacuous)', () => {
    expect(w.app.hasRoute({ method: 'GET', url: OWNER_ROUTES['owner.employees'].path })).toBe(true);
    expect(w.app.hasRoute({ method: 'PUT', url: OWNER_ROUTES['owner.employees'].path })).toBe(false);
    expect(w.app.hasRoute({ method: 'GET', url: '/v1/employees/:id/permissionz' })).toBe(false);
  });

  it('only password recovery goes out without a session', () => {
    const deviceOnly = Object.values(DECLARED)
      .flatMap((routes) => Object.entries(routes))
      .filter(([, r]) => r.auth === 'device')
      .map(([name]) => name);
    expect(deviceOnly.sort()).toEqual(['auth.recoveryReset', 'auth.recoveryStart']);
  });
});
