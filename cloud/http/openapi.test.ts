// The OpenAPI document is produced from the routes' declared zod schemas (http/zod-schemas.ts), and a route
// schema refuses a bad body exactly as the hand `parse` it replaced: VALIDATION naming the field, in the one
// error shape; an unsigned request is still refused as unsigned before its body is judged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../shared/sync/protocol';
import { createWorld, type TestWorld } from '../test-support/world';
import { OPENAPI_PATH } from './zod-schemas';

let w: TestWorld;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

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
