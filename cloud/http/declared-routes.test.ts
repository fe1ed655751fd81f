// Every cloud route the till calls from its back office is declared once in shared/api/ (its method, path and
// answer schema); the till builds its requests from those declarations. This proves the cloud registers each of
// them with exactly that method and path, so a path renamed on one side only fails here, not at an owner's till;
// and where the cloud route declares its answer schema, that it is the very schema the till parses the answer with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_ROUTES } from '../../shared/api/agent-routes';
import { CATALOG_ADMIN_ROUTES } from '../../shared/api/catalog-admin-routes';
import type { CloudRoute } from '../../shared/api/cloud-routes';
import { MEMBER_ADMIN_ROUTES } from '../../shared/api/member-admin-methods';
import { OWNER_ROUTES } from '../../shared/api/owner-routes';
import type { z } from 'zod';
import { buildCloud } from '../app';
import { createWorld, type TestWorld } from '../test-support/world';

const DECLARED: Record<string, Record<string, CloudRoute>> = {
  owner: OWNER_ROUTES,
  agent: AGENT_ROUTES,
  catalogAdmin: CATALOG_ADMIN_ROUTES,
  memberAdmin: MEMBER_ADMIN_ROUTES,
};

let w: TestWorld;
/** the 200 answer schema each cloud route declares, by "METHOD /path" */
const answers = new Map<string, z.ZodType | undefined>();
beforeAll(async () => {
  w = await createWorld({ seed: false });
  // A second app on the same database, built only to hear its routes' options as they are registered.
  const app = buildCloud({ db: w.db });
  app.addHook('onRoute', (r) => {
    const response = r.schema?.response as Record<number, z.ZodType> | undefined;
    for (const m of [r.method].flat()) answers.set(`${m} ${r.url}`, response?.[200]);
  });
  await app.ready();
  await app.close();
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

  for (const [domain, routes] of Object.entries(DECLARED))
    it(`${domain}: a declared answer schema is the one the till parses with`, () => {
      const declared = Object.entries(routes).filter(([, r]) => answers.get(`${r.method} ${r.path}`) !== undefined);
      const other = declared
        .filter(([, r]) => answers.get(`${r.method} ${r.path}`) !== r.answer)
        .map(([name, r]) => `${name}: ${r.method} ${r.path}`);
      expect(other).toEqual([]);
    });

  it('the cloud declares the answer schema of some of them (the check above is not vacuous)', () => {
    expect(answers.get(`GET ${OWNER_ROUTES['owner.employees'].path}`)).toBe(OWNER_ROUTES['owner.employees'].answer);
    const withAnswer = Object.values(DECLARED)
      .flatMap((routes) => Object.values(routes))
      .filter((r) => answers.get(`${r.method} ${r.path}`) !== undefined);
    expect(withAnswer.length).toBeGreaterThanOrEqual(15);
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
