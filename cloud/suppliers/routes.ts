// Runtime: Node. The supplier's publishing API (machine to machine: no device, no session, no UI). Signed
// like its callbacks (signature.ts), with the shared secret of the supplier's adapter:
//   PUT /v1/suppliers/:supplierId/sources/:externalId   x-supplier-signature = HMAC of the raw body
//        body zPublishSource → { outcome, source, markups, products }   (sources.ts says what each outcome did)
//   GET /v1/suppliers/:supplierId/sources?at=<epoch ms> x-supplier-signature = HMAC of the path and query
//        → { sources }
// An unknown supplier is NOT_FOUND before anything else is looked at; a bad signature is BAD_SIGNATURE (401).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from '../http/route-context';
import { judgedInHandler } from '../http/zod-schemas';
import type { FulfilmentConfig } from '../virtual/config';
import {
  SUPPLIER_SIGNATURE_HEADER,
  verifySupplierGet,
  verifySupplierSignature,
  zSupplierSignedHeaders,
} from './signature';
import {
  listSupplierSources,
  publishSource,
  supplierAdapterOf,
  zExternalId,
  zPublishSource,
  type PublishResult,
  type SupplierSourceView,
} from './sources';

export const SUPPLIER_PATHS = {
  sources: '/v1/suppliers/:supplierId/sources',
  source: '/v1/suppliers/:supplierId/sources/:externalId',
} as const;

const zSupplierParam = z.object({ supplierId: z.uuid() });
const zSourceParams = z.object({ supplierId: z.uuid(), externalId: zExternalId });
const zListQuery = z.object({ at: z.coerce.number().int().positive() });

export function supplierPublishingRoutes(ctx: RouteContext, cfg: FulfilmentConfig) {
  /** The supplier's shared secret; NOT_FOUND for an organisation that is not a supplier or has no adapter. */
  async function secretOf(supplierId: string): Promise<string> {
    return (await supplierAdapterOf(ctx.db, cfg.suppliers, supplierId)).callbackSecret;
  }

  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const signedBody = 'judged by this schema only after the HMAC signature over the exact bytes verified';
    app.put(
      SUPPLIER_PATHS.source,
      {
        schema: {
          params: zSourceParams,
          headers: zSupplierSignedHeaders,
          body: judgedInHandler(zPublishSource, signedBody),
        },
      },
      async (request): Promise<PublishResult> => {
        const { supplierId, externalId } = request.params;
        verifySupplierSignature(
          await secretOf(supplierId),
          request.rawBody ?? Buffer.alloc(0),
          request.headers[SUPPLIER_SIGNATURE_HEADER],
        );
        // raw until now: the signature is checked over the exact bytes before the body is judged
        const body = zPublishSource.parse(request.body);
        return publishSource(ctx.db, supplierId, externalId, body, ctx.now());
      },
    );

    app.get(
      SUPPLIER_PATHS.sources,
      {
        schema: {
          params: zSupplierParam,
          headers: zSupplierSignedHeaders,
          // `at` is signed with the path: a missing or bad one is a stale request (BAD_SIGNATURE), not VALIDATION
          querystring: z.looseObject({
            at: judgedInHandler(zListQuery.shape.at, 'epoch ms of the request, inside the signature window').optional(),
          }),
        },
      },
      async (request): Promise<{ sources: SupplierSourceView[] }> => {
        const { supplierId } = request.params;
        const secret = await secretOf(supplierId);
        const at = zListQuery.safeParse(request.query);
        verifySupplierGet(
          secret,
          request.url,
          at.success ? at.data.at : undefined,
          request.headers[SUPPLIER_SIGNATURE_HEADER],
          ctx.now(),
        );
        return { sources: await listSupplierSources(ctx.db, supplierId) };
      },
    );
  };
}
