// The OpenAPI document is produced from the routes' declared zod schemas (http/zod-schemas.ts), and a route
// schema refuses a bad body exactly as the hand `parse` it replaced: VALIDATION naming the field, in the one
// error shape; an unsigned request is still refused as unsigned before its body is judged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAGGED_PATHS } from '../../shared/api/flagged-orders';
import { MEMBER_ADMIN_ROUTES } from '../../shared/api/member-admin-methods';
import { OWNER_ROUTES } from '../../shared/api/owner-routes';
import { CAPABILITIES_PATH } from '../../shared/sync/capabilities';
import { PATHS, VIRTUAL_PATHS } from '../../shared/sync/protocol';
import { hashPassword } from '../auth/passwords';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { createWorld, type TestWorld } from '../test-support/world';
import { JUDGED_IN_HANDLER, OPENAPI_PATH } from './zod-schemas';

let w: TestWorld;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

/** Writes that take no body, each for a reason: the act is all in its path (and the second factors that may
 *  ride beside it are read by the gate), or the body is not JSON. */
const TAKES_NO_BODY: Record<string, string> = {
  'POST /v1/devices/challenge': 'a fresh challenge for anyone',
  'POST /v1/auth/refresh': 'the session is in the signed request',
  'POST /v1/payments/{paymentId}/cancel': 'the act is its path',
  'POST /v1/employees/{id}/disable': 'the act is its path',
  'POST /v1/employees/{id}/enable': 'the act is its path',
  'POST /v1/employees/{id}/card/remove': 'the act is its path',
  'POST /v1/me/sms-code': 'a code to the actor’s own phone',
  'POST /v1/me/totp/enroll': 'a new secret for the actor',
  'POST /v1/devices/{id}/approve': 'the act is its path',
  'POST /v1/devices/{id}/revoke': 'the act is its path',
  'POST /v1/orders/flagged/{id}/review': 'the act is its path',
  'PUT /v1/platform/updates/blobs/{sha512}': 'the bytes of a file (application/octet-stream), streamed to storage',
};

/** Request parts a route lets through unjudged (judgedInHandler), each for a reason: a step must run first. */
const JUDGED_LATER: Record<string, string> = {
  'POST /v1/deposits/callback/{channelId}': 'the HMAC signature over the exact bytes is checked first',
  'POST /v1/suppliers/callback/{supplierId}': 'the HMAC signature over the exact bytes is checked first',
  'PUT /v1/suppliers/{supplierId}/sources/{externalId}': 'the HMAC signature over the exact bytes is checked first',
  'GET /v1/suppliers/{supplierId}/sources': 'the HMAC signature over the path and query is checked first',
  'POST /v1/members/{id}/topups': 'a repeat of the clientId gets its first answer back first',
  'POST /v1/members/{id}/spends': 'a repeat of the clientId gets its first answer back first',
  'POST /v1/members/{id}/refunds': 'a repeat of the clientId gets its first answer back first',
  'POST /v1/members/{id}/corrections': 'a repeat of the clientId gets its first answer back first',
  'POST /v1/members/{id}/write-off': 'a repeat of the clientId gets its first answer back first',
  'POST /v1/orders/batch': 'each record gets its own verdict (the envelope is declared)',
  'POST /v2/orders/batch': 'each record gets its own verdict (the envelope is declared)',
  'POST /v1/shifts/batch': 'each record gets its own verdict (the envelope is declared)',
  'POST /v1/returns/batch': 'each record gets its own verdict (the envelope is declared)',
};

interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: unknown; parameters?: { name: string; in: string }[]; responses?: Record<string, unknown> }
    >
  >;
}

describe('OpenAPI document', () => {
  it('is served and lists the routes with their declared schemas', async () => {
    const res = await w.app.inject({ method: 'GET', url: OPENAPI_PATH });
    expect(res.statusCode).toBe(200);
    const doc = res.json<OpenApiDoc>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      [PATHS.health, 'get'],
      [PATHS.register, 'post'],
      [PATHS.registerChallenge, 'post'],
      [PATHS.deviceMe, 'get'],
      [PATHS.login, 'post'],
      [PATHS.refresh, 'post'],
      [PATHS.override, 'post'],
      [PATHS.catalogChanges, 'get'],
    ] as const)
      expect(doc.paths[path]?.[method]?.responses?.['200'], `${method} ${path}`).toBeTruthy();
    const login = doc.paths[PATHS.login]!.post!;
    expect(JSON.stringify(login.requestBody)).toContain('"username"');
    expect(doc.paths[PATHS.catalogChanges]!.get!.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      'query:cursor',
      'query:limit',
    ]);
    expect(doc.paths[OPENAPI_PATH]).toBeUndefined();
  });

  it('every route declares its schema: path params, a body for a write, something for each route', async () => {
    const doc = (await w.app.inject({ method: 'GET', url: OPENAPI_PATH })).json<OpenApiDoc>();
    const missing: string[] = [];
    const judged = new Set<string>();
    let routes = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!/^\/v\d+\//.test(path)) continue;
      for (const [method, op] of Object.entries(methods)) {
        const route = `${method.toUpperCase()} ${path}`;
        routes++;
        const params = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`);
        const answers = Object.values(op.responses ?? {}).some((r) => (r as { content?: unknown }).content);
        if (!params.length && !op.requestBody && !answers) missing.push(`${route}: no schema at all`);
        for (const [, name] of path.matchAll(/\{(\w+)\}/g))
          if (!params.includes(`path:${name}`)) missing.push(`${route}: path parameter ${name} undeclared`);
        if (['POST', 'PUT', 'PATCH'].includes(method.toUpperCase()) && !op.requestBody && !TAKES_NO_BODY[route])
          missing.push(`${route}: no body declared`);
        if (op.requestBody && TAKES_NO_BODY[route])
          missing.push(`${route}: declares a body, yet is listed as taking none`);
        if (JSON.stringify(op).includes(`"${JUDGED_IN_HANDLER}"`)) judged.add(route);
      }
    }
    expect(routes).toBeGreaterThan(100);
    expect(missing).toEqual([]);
    // a part judged in the handler is a named exception, never a silent one
    expect([...judged].sort()).toEqual(Object.keys(JUDGED_LATER).sort());
  });

  it('a part judged in the handler is described in the document: the shape it is judged by and why', async () => {
    const doc = (await w.app.inject({ method: 'GET', url: OPENAPI_PATH })).json<OpenApiDoc>();
    const body = (path: string, method: string) => JSON.stringify(doc.paths[path]?.[method]?.requestBody ?? null);
    expect(body('/v1/deposits/callback/{channelId}', 'post')).toContain('"callbackId"');
    expect(body('/v1/deposits/callback/{channelId}', 'post')).toContain('after the HMAC signature');
    expect(body('/v1/suppliers/{supplierId}/sources/{externalId}', 'put')).toContain('"supplyPrice"');
    expect(body('/v1/members/{id}/topups', 'post')).toContain('"amountFen"');
    expect(body(PATHS.ordersBatch, 'post')).toContain('"clientOrderId"');
    expect(body(PATHS.ordersBatch, 'post')).toContain('"maxItems":200');
    const header = doc.paths['/v1/deposits/callback/{channelId}']!.post!.parameters!.find((p) => p.in === 'header');
    expect(header?.name).toBe('x-channel-signature');
  });

  it("lists the feature folders' routes with the params, query and body they declare", async () => {
    const doc = (await w.app.inject({ method: 'GET', url: OPENAPI_PATH })).json<OpenApiDoc>();
    // Fastify's `:id` is OpenAPI's `{id}`.
    const route = (path: string, method: string) => doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method];
    const inputs = (path: string, method: string) =>
      (route(path, method)?.parameters ?? []).map((p) => `${p.in}:${p.name}`).sort();
    const body = (path: string, method: string) => JSON.stringify(route(path, method)?.requestBody ?? null);

    expect(inputs('/v1/catalog-admin/products/:id/price', 'put')).toEqual(['path:id']);
    expect(body('/v1/catalog-admin/products/:id/price', 'put')).toContain('"price"');
    // the second factors ride beside the act; the act's own schema is what is documented
    expect(body('/v1/catalog-admin/products/:id/price', 'put')).not.toContain('superPassword');
    expect(inputs('/v1/agent/outlets/:id/sources/:sourceId', 'put')).toEqual(['path:id', 'path:sourceId']);
    expect(body('/v1/employees', 'post')).toContain('"username"');
    expect(inputs('/v1/members', 'get')).toEqual(expect.arrayContaining(['query:q', 'query:limit']));
    expect(inputs(FLAGGED_PATHS.list, 'get')).toContain('query:status');
    expect(inputs(FLAGGED_PATHS.review, 'post')).toEqual(['path:id']);
    expect(inputs('/v1/shifts', 'get')).toEqual(expect.arrayContaining(['query:from', 'query:to']));
    expect(inputs(CAPABILITIES_PATH, 'get')).toEqual(['query:version']);
    expect(body(VIRTUAL_PATHS.submit, 'post')).toContain('"clientOrderId"');
    expect(inputs(`${VIRTUAL_PATHS.phoneLookup}/:number`, 'get')).toEqual(['path:number']);
    expect(body('/v1/auth/recovery/start', 'post')).toContain('"username"');
    // the routes the till declares in shared/ are the ones the cloud serves
    for (const r of [...Object.values(MEMBER_ADMIN_ROUTES), ...Object.values(OWNER_ROUTES)])
      expect(route(r.path, r.method.toLowerCase()), `${r.method} ${r.path}`).toBeTruthy();
  });

  it('a declared params or body schema behind the employee session refuses as the hand parse did', async () => {
    const SUPER = 'openapi-super-1';
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.master.id,
    ]);
    const owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    const sp = { superPassword: SUPER };
    const refusal = (r: { status: number; body: { error?: { code: string; details?: { path: string }[] } } }) => [
      r.status,
      r.body.error?.code,
      r.body.error?.details?.map((d) => d.path),
    ];
    // a path parameter that is no id: VALIDATION naming it, after the session and the super password passed
    expect(refusal(await owner.call('PUT', '/v1/catalog-admin/products/not-an-id/price', { price: 100 }, sp))).toEqual([
      400,
      'VALIDATION',
      ['id'],
    ]);
    // a body field of the wrong type, the super password riding in the body: the factor is dropped, the field named
    const category = await owner.call('POST', '/v1/catalog-admin/categories', {
      parentId: null,
      name: 7,
      superPassword: SUPER,
    });
    expect(refusal(category)).toEqual([400, 'VALIDATION', ['name']]);
    // the same act with a good body and the factor in the body is taken (the strict schema never sees the factor)
    const ok = await owner.call('POST', '/v1/catalog-admin/categories', {
      parentId: null,
      name: '饮料',
      superPassword: SUPER,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    // a query the schema refuses
    expect(refusal(await owner.call('GET', `${FLAGGED_PATHS.list}?status=sideways`))).toEqual([
      400,
      'VALIDATION',
      ['status'],
    ]);
    // without a session the route refuses as unauthenticated before judging the input
    const anon = owner.fork();
    expect((await anon.call('PUT', '/v1/catalog-admin/products/not-an-id/price', { price: 'x' })).body.error.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('a declared body schema refuses as before: VALIDATION naming the field', async () => {
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.register,
      payload: { username: 'boss', password: 'x', device: { name: 'till' } },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string; details: { path: string }[] } }>();
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toMatch(/^Invalid input: /);
    expect(body.error.details.map((d) => d.path)).toContain('proof');
  });

  it('an unsigned request with a bad body is refused as unsigned, not judged on its body', async () => {
    const res = await w.app.inject({ method: 'POST', url: PATHS.login, payload: { username: 1 } });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).not.toBe('VALIDATION');
  });
});
