// Runtime: Node. GET /v1/catalog/changes (signed): the device's outlet's change feed after a cursor.
import type { FastifyInstance } from 'fastify';
import { PATHS, zCatalogChangesQuery } from '../../shared/sync/protocol';
import { deviceOf } from '../http/signed';
import { readChangesJson } from '../services/catalog';
import type { RouteContext } from './context';

export function catalogRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    // The body is a CatalogChangesResponse rendered as text by readChangesJson (same shape as readChanges).
    app.get(PATHS.catalogChanges, async (request, reply): Promise<string> => {
      const query = zCatalogChangesQuery.parse(request.query);
      const device = deviceOf(request);
      reply.type('application/json; charset=utf-8');
      return readChangesJson(ctx.db, device.outlet_id, query.cursor, query.limit);
    });
  };
}
