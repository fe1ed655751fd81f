// Runtime: Node. POST /v1/orders/batch (signed). The device signature suffices: orders sold offline are
// pushed after the cashier's session ended. Each order is judged on its own (see services/orders.ts).
import type { FastifyInstance } from 'fastify';
import { PATHS, zOrdersBatchRequest, type OrdersBatchResponse } from '../../shared/sync/protocol';
import { deviceOf } from '../http/signed';
import { pushOrders } from '../services/orders';
import type { RouteContext } from './context';

export function orderRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    // Version 2 (discounts, overrides) and the version-1 route older tills still push to: one schema serves
    // both, since a version-1 order is a valid version-2 order.
    for (const path of [PATHS.ordersBatch, PATHS.ordersBatchV1])
      app.post(path, async (request): Promise<OrdersBatchResponse> => {
        const body = zOrdersBatchRequest.parse(request.body);
        const device = deviceOf(request);
        const results = await pushOrders(ctx.db, body.orders, {
          deviceId: device.id,
          outletId: device.outlet_id,
          now: ctx.now(),
          log: (err, msg) => request.log.error({ err }, msg),
        });
        return { results };
      });
  };
}
