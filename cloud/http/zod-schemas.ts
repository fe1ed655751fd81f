// Runtime: Node. Route schemas are the shared zod schemas (shared/): a route declares
// `schema: { body, querystring, params, response }` with the very schemas the till uses, through the zod type
// provider (fastify-type-provider-zod), so one declaration validates the request, types the handler and the
// till alike, checks the answer and describes the route in the OpenAPI document (GET /v1/openapi.json).
//
// Invariants:
// - A refused request answers exactly as a hand `schema.parse(request.body)` did: the validator hands Fastify
//   the ZodError itself, and the one error handler (error-handler.ts) turns it into VALIDATION naming the field.
// - Validation runs after the scope's auth hooks, which therefore run at `preValidation` (http/signed.ts,
//   security/org-kind.ts, security/session-auth.ts): an unsigned or unauthenticated request is refused as
//   such before its body is judged, as before.
// - An answer that does not match its declared response schema is a bug of the cloud: 500 INTERNAL, logged,
//   never sent. A route answering pre-rendered JSON text (the catalog feed) is
//   sent as it is: its response schema only describes it.
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, ResponseSerializationError } from 'fastify-type-provider-zod';
import { z, type ZodType } from 'zod';
import pkg from '../../package.json' with { type: 'json' };

export const OPENAPI_PATH = '/v1/openapi.json';

/** The OpenAPI extension naming a part of a request the route schema lets through unjudged, and why. */
export const JUDGED_IN_HANDLER = 'x-judged-in-handler';

/**
 * A request part that must reach the handler as it came, because a step runs before it may be judged: a
 * signature over the exact bytes (supplier and deposit callbacks), a replay answer (member money acts), one
 * verdict per record (the record-kind batch routes). It lets anything through; the handler then judges it by
 * `schema` (a ZodError there is VALIDATION all the same). The OpenAPI document shows `schema`'s shape, the
 * reason, and the mark JUDGED_IN_HANDLER that the openapi test checks against its allow-list.
 */
export function judgedInHandler(schema: ZodType, why: string) {
  const { $schema: _, ...shape } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return z.unknown().meta({ ...shape, description: why, [JUDGED_IN_HANDLER]: why });
}

export function installZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler<ZodType>(({ schema }) => (data) => {
    const r = schema.safeParse(data);
    return r.success ? { value: r.data } : { error: r.error };
  });
  // The answer is checked with the schema the till parses it with (decode direction: the shared schemas hold
  // one-way transforms, so the library's encode-based serializer cannot take them) and sent as the handler
  // built it, byte for byte as before.
  app.setSerializerCompiler<ZodType>(({ schema, method, url }) => (data) => {
    const r = schema.safeParse(data);
    if (!r.success) throw new ResponseSerializationError(method, url, { cause: r.error });
    return JSON.stringify(data);
  });
  // Collects every route registered after it; routes without a zod schema are listed without one.
  void app.register(fastifySwagger, {
    openapi: { info: { title: 'qianmi-pos cloud', version: pkg.version } },
    transform: jsonSchemaTransform,
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
