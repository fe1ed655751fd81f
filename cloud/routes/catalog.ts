// Runtime: Node. GET /v1/catalog/changes (signed): the device's outlet's change feed after a cursor.
import type { FastifyInstance } from 'fastify';
import { PATHS, zCatalogChangesQuery, type CatalogChangesResponse } from '../../shared/sync/protocol';
import { deviceOf } from '../http/signed';
import { readChanges } from '../services/catalog';
import type { RouteContext } from './context';

export function catalogRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(PATHS.catalogChanges, async (request): Promise<CatalogChangesResponse> => {
      const query = zCatalogChangesQuery.parse(request.query);
      const device = deviceOf(request);
      return readChanges(ctx.db, device.outlet_id, query.cursor, query.limit);
    });
  };
}
