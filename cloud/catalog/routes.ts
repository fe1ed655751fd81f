// Runtime: Node. GET /v1/catalog/changes (signed): the device's outlet's change feed after a cursor.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { PATHS, zCatalogChangesQuery, zCatalogChangesResponse } from '../../shared/sync/protocol';
import { deviceOf } from '../http/signed';
import { readChangesJson } from './repository';
import type { RouteContext } from '../http/route-context';

export function catalogRoutes(ctx: RouteContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    // The body is a CatalogChangesResponse rendered as text by readChangesJson (same shape as readChanges):
    // JSON text is sent as it is, so the response schema describes the answer without re-checking it.
    app.get(
      PATHS.catalogChanges,
      { schema: { querystring: zCatalogChangesQuery, response: { 200: zCatalogChangesResponse } } },
      async (request, reply) => {
        const query = request.query;
        const device = deviceOf(request);
        reply.type('application/json; charset=utf-8');
        const text = await readChangesJson(ctx.db, device.outlet_id, query.cursor, query.limit);
        // typed as the schema's answer: the text is that answer, already serialised
        return text as unknown as z.output<typeof zCatalogChangesResponse>;
      },
    );
  };
}
