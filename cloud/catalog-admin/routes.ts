// Runtime: Node. The outlet's catalog administration (employee session; product.edit + super password):
//   POST /v1/catalog-admin/categories              {parentId|null, name, sort?}
//   PUT  /v1/catalog-admin/categories/:id          {parentId?, name?, sort?}   move / rename (cycles refused)
//   POST /v1/catalog-admin/products                {sku, name, price, barcode?, categoryId?, unit?}   own product
//   PUT  /v1/catalog-admin/products/:id/price      {price}   the outlet's retail price
//   GET  /v1/catalog-admin/products/:id            product.edit   with cost (supply + agent markup) and category path
// Every product answer says whether it is the outlet's own (`own`); its cost only to a person holding
// cost.view (cashiers and other staff without it get cost null).
//   PUT  /v1/catalog-admin/products/:id            {categoryId?, name?, barcode?, unit?, active?}   category of any
//                                                  product; the rest only on the outlet's own (products.ts)
//   GET  /v1/catalog-admin/categories              product.edit   the outlet's whole tree (flat, parentId)
// Every write reaches the outlet's devices through the change feed. Agents' markup rules are set with
// setMarkupRule (prices.ts) through the agent's own routes (cloud/agent/routes.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CATALOG_ADMIN_METHODS } from '../../shared/api/catalog-admin-methods';
import { zText } from '../../shared/text';
import { AppError } from '../../shared/errors';
import { zFen } from '../../shared/money';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { withoutFactors } from '../security/employee-routes';
import { zIdParam } from '../security/employees';
import { actorOf } from '../security/session-auth';
import type { FastifyRequest } from 'fastify';
import { categoryPath, createCategory, listCategories, updateCategory } from './categories';
import { addOwnProduct, setRetailPrice } from './prices';
import { productsWithCost } from './product-view';
import { editProduct } from './products';
import { CATALOG_ADMIN_PATHS } from '../../shared/api/catalog-admin-routes';

const zName = zText().trim().min(1).max(64);
const zNewCategory = z
  .object({ parentId: z.uuid().nullable(), name: zName, sort: z.number().int().optional() })
  .strict();
const zCategoryUpdate = z
  .object({ parentId: z.uuid().nullable().optional(), name: zName.optional(), sort: z.number().int().optional() })
  .strict();
const zOwnProduct = z
  .object({
    sku: zText().trim().min(1).max(64),
    name: zText().trim().min(1).max(200),
    price: zFen,
    barcode: zText()
      .regex(/^\d{8,14}$/)
      .optional(),
    categoryId: z.uuid().nullable().optional(),
    unit: zText().min(1).max(8).optional(),
  })
  .strict();
const zPrice = z.object({ price: zFen }).strict();
const zProductEdit = z
  .object({
    categoryId: z.uuid().nullable().optional(),
    name: zText().trim().min(1).max(200).optional(),
    /** null clears it */
    barcode: zText()
      .regex(/^\d{8,14}$/)
      .nullable()
      .optional(),
    unit: zText().trim().min(1).max(8).optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((e) => Object.values(e).some((v) => v !== undefined), { message: 'nothing to change' });

/** A product as this person may see it. A null cost means no goods source serves it: the outlet's own. */
function seenBy<P extends { cost: number | null }>(request: FastifyRequest, product: P): P & { own: boolean } {
  const own = product.cost === null;
  return actorOf(request).permissions.includes('cost.view') ? { ...product, own } : { ...product, own, cost: null };
}

export function catalogAdminRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const edit = { permission: 'product.edit' as const, sensitive: true };
    app.post(
      CATALOG_ADMIN_PATHS.categories,
      { config: { ...edit, action: 'category.create' }, schema: { body: withoutFactors(zNewCategory) } },
      async (request) => {
        const body = request.body;
        const org = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          const category = await createCategory(q, org, org, body, ctx.now());
          await auditOk(q, ctx, request, { target: category.id, after: category });
          return { category, path: await categoryPath(q, org, category.id) };
        });
      },
    );
    app.put(
      CATALOG_ADMIN_PATHS.category,
      {
        config: { ...edit, action: 'category.update' },
        schema: { params: zIdParam, body: withoutFactors(zCategoryUpdate) },
      },
      async (request) => {
        const { id } = request.params;
        const body = request.body;
        const org = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          const category = await updateCategory(q, org, org, id, body, ctx.now());
          await auditOk(q, ctx, request, { target: id, after: category });
          return { category, path: await categoryPath(q, org, id) };
        });
      },
    );
    app.post(
      CATALOG_ADMIN_PATHS.products,
      { config: { ...edit, action: 'product.create' }, schema: { body: withoutFactors(zOwnProduct) } },
      async (request) => {
        const body = request.body;
        const org = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          const product = await addOwnProduct(q, org, org, body, ctx.now());
          await auditOk(q, ctx, request, { target: product.id, after: product });
          return { product: seenBy(request, product) };
        });
      },
    );
    app.put(
      CATALOG_ADMIN_PATHS.price,
      { config: { ...edit, action: 'product.price' }, schema: { params: zIdParam, body: withoutFactors(zPrice) } },
      async (request) => {
        const { id } = request.params;
        const { price } = request.body;
        const org = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          const product = await setRetailPrice(q, org, org, id, price, ctx.now());
          await auditOk(q, ctx, request, { target: id, after: { price } });
          return { product: seenBy(request, product) };
        });
      },
    );
    app.put(
      CATALOG_ADMIN_PATHS.product,
      {
        config: { ...edit, action: 'product.update' },
        schema: { params: zIdParam, body: withoutFactors(zProductEdit) },
      },
      async (request) => {
        const { id } = request.params;
        const body = request.body;
        const org = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          const product = await editProduct(q, org, org, id, body, ctx.now());
          await auditOk(q, ctx, request, { target: id, after: body });
          return {
            product: seenBy(request, product),
            categoryPath: product.categoryId ? await categoryPath(q, org, product.categoryId) : [],
          };
        });
      },
    );
    app.get(
      CATALOG_ADMIN_PATHS.categories,
      {
        config: { permission: 'product.edit' },
        schema: { response: { 200: CATALOG_ADMIN_METHODS['catalogAdmin.categories'].output } },
      },
      async (request) => {
        return { categories: await listCategories(ctx.db, actorOf(request).employee.org_id) };
      },
    );
    app.get(
      CATALOG_ADMIN_PATHS.product,
      { config: { permission: 'product.edit' }, schema: { params: zIdParam } },
      async (request) => {
        const { id } = request.params;
        const org = actorOf(request).employee.org_id;
        const [product] = await productsWithCost(ctx.db, 'p.id = $1 AND p.outlet_id = $2', [id, org]);
        if (!product) throw new AppError('NOT_FOUND', 'No such product in this outlet');
        return {
          product: seenBy(request, product),
          categoryPath: product.categoryId ? await categoryPath(ctx.db, org, product.categoryId) : [],
        };
      },
    );
  };
}
