// Runtime: Node. HTTP surface of virtual goods.
//  signed (device):  POST /v1/virtual/orders · GET /v1/virtual/orders/:id · GET /v1/virtual/changes
//                    POST /v1/virtual/orders/:id/complaint
//                    GET /v1/phone-prefixes?cursor= · GET /v1/phone-prefixes/lookup/:number
//  supplier:         POST /v1/suppliers/callback/:supplierId  (x-supplier-signature = hex HMAC-SHA256 of the raw body)
//                    (its publishing routes, PUT/GET /v1/suppliers/:supplierId/sources…, are in cloud/suppliers/routes.ts)
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zText } from '../../shared/text';
import {
  VIRTUAL_PATHS,
  zComplaintRequest,
  zPhonePrefixesQuery,
  type PhoneLookupResponse,
  type PhonePrefixesResponse,
  zVirtualChangesQuery,
  zVirtualSubmitRequest,
  type VirtualChangesResponse,
  type VirtualOrder,
} from '../../shared/sync/protocol';
import { deviceOf } from '../http/signed';
import { judgedInHandler } from '../http/zod-schemas';
import { zDemoSupplierCallback } from '../suppliers/demo';
import { SUPPLIER_SIGNATURE_HEADER, verifySupplierSignature, zSupplierSignedHeaders } from '../suppliers/signature';
import { supplierAdapterOf } from '../suppliers/sources';
import type { RouteContext } from '../http/route-context';
import { handleSupplierCallback } from './callbacks';
import { openComplaint } from './complaints';
import type { FulfilmentConfig } from './config';
import { getVirtualOrder, submitVirtualOrder, virtualChanges } from './orders';
import { lookupPhone, phonePrefixChanges } from './prefixes';

const zIdParam = z.object({ id: z.uuid() });
const zSupplierParam = z.object({ supplierId: z.uuid() });
const zNumberParam = z.object({ number: zText().regex(/^1\d{2,10}$/) });

export function virtualSignedRoutes(ctx: RouteContext, cfg: FulfilmentConfig) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      VIRTUAL_PATHS.submit,
      { schema: { body: zVirtualSubmitRequest } },
      async (request): Promise<VirtualOrder> => {
        const body = request.body;
        const d = deviceOf(request);
        return submitVirtualOrder(ctx.db, cfg, { deviceId: d.id, outletId: d.outlet_id, now: ctx.now() }, body);
      },
    );
    app.get(`${VIRTUAL_PATHS.order}/:id`, { schema: { params: zIdParam } }, async (request): Promise<VirtualOrder> => {
      const { id } = request.params;
      const d = deviceOf(request);
      return getVirtualOrder(ctx.db, cfg, { deviceId: d.id, outletId: d.outlet_id, now: ctx.now() }, id);
    });
    app.get(
      VIRTUAL_PATHS.phonePrefixes,
      { schema: { querystring: zPhonePrefixesQuery } },
      async (request): Promise<PhonePrefixesResponse> => {
        const q = request.query;
        return phonePrefixChanges(ctx.db, q.cursor, q.limit);
      },
    );
    app.get(
      `${VIRTUAL_PATHS.phoneLookup}/:number`,
      { schema: { params: zNumberParam } },
      async (request): Promise<PhoneLookupResponse> => {
        const { number } = request.params;
        return { number, match: await lookupPhone(ctx.db, number) };
      },
    );
    app.get(
      VIRTUAL_PATHS.changes,
      { schema: { querystring: zVirtualChangesQuery } },
      async (request): Promise<VirtualChangesResponse> => {
        const q = request.query;
        return virtualChanges(ctx.db, deviceOf(request).outlet_id, q.cursor, q.limit);
      },
    );
    app.post(
      `${VIRTUAL_PATHS.order}/:id${VIRTUAL_PATHS.complaintSuffix}`,
      { schema: { params: zIdParam, body: zComplaintRequest } },
      async (request): Promise<VirtualOrder> => {
        const { id } = request.params;
        const body = request.body;
        const d = deviceOf(request);
        const dc = { deviceId: d.id, outletId: d.outlet_id, now: ctx.now() };
        await openComplaint(ctx.db, d.outlet_id, id, body.reason, dc.now);
        return getVirtualOrder(ctx.db, cfg, dc, id);
      },
    );
  };
}

export function supplierCallbackRoutes(ctx: RouteContext, cfg: FulfilmentConfig) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      `${VIRTUAL_PATHS.supplierCallback}/:supplierId`,
      {
        schema: {
          params: zSupplierParam,
          headers: zSupplierSignedHeaders,
          body: judgedInHandler(
            zDemoSupplierCallback,
            "the demo supplier's callback; each supplier's adapter judges its own format (parseCallback), only after the HMAC signature over the exact bytes verified",
          ),
        },
      },
      async (request) => {
        const { supplierId } = request.params;
        // Refused like the publishing routes: an id that is no supplier is NOT_FOUND before anything is written.
        const adapter = await supplierAdapterOf(ctx.db, cfg.suppliers, supplierId);
        verifySupplierSignature(
          adapter.callbackSecret,
          request.rawBody ?? Buffer.alloc(0),
          request.headers[SUPPLIER_SIGNATURE_HEADER],
        );
        // raw until now: the signature is checked over the exact bytes before the body is judged
        const cb = adapter.parseCallback(request.body);
        const outcome = await handleSupplierCallback(ctx.db, cfg, supplierId, cb, ctx.now());
        return { outcome };
      },
    );
  };
}
