// The owner's 商品 / Goods tab at the till (shared/api/catalog-admin-methods.ts). Searches read the local
// catalog (catalog.db), as the counter does; everything else is one cloud route declared in shared/api/catalog-admin-routes.ts,
// called with the device signature and the session (owner/owner-cloud.ts). The router has checked
// product.edit and that this is an outlet's till; the cloud checks them again with the super password,
// owns the rules (which products are the outlet's own, which categories are its) and audits.
// After a write succeeds the till pulls the catalog feed before answering, so the new price, category or
// product is on this till's counter by the time the screen shows "saved". The write is already committed
// in the cloud then: a pull that fails (the network dropped) is not the write's failure — the background
// loop is kicked to pull later and the method still answers with the cloud's result.
import { CATALOG_ADMIN_ROUTES as R, type CatalogAdminProductWire } from '../../../shared/api/catalog-admin-routes';
import type { CatalogAdminProductAnswer } from '../../../shared/api/catalog-admin-methods';
import type { CloudRoute } from '../../../shared/api/cloud-routes';
import type { z } from 'zod';
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import {
  createOwnerCloud,
  splitFactors as split,
  type Factors,
  type OwnerCloud,
  type RouteRequest,
} from '../owner/owner-cloud';

type Ctx = Pick<
  BackendContext,
  'cloudUrl' | 'device' | 'cloud' | 'session' | 'catalog' | 'catalogSync' | 'kickSync' | 'sync'
>;

export function catalogAdminHandlers(ctx: Ctx, deps: { cloud?: OwnerCloud } = {}): HandlerGroup {
  const c = deps.cloud ?? createOwnerCloud(ctx);

  /** the catalog feed pulled now; a failure leaves it to the background loop (see the header) */
  const pullNow = async (): Promise<void> => {
    try {
      await ctx.catalogSync.pull();
      ctx.sync.noteContact(null);
    } catch (e) {
      // the sync indicator learns of the failed contact, as catalog.sync's does
      ctx.sync.noteContact(e);
      ctx.kickSync({ catalog: true });
    }
  };
  /** a product answer with its category path and whether it is the outlet's own (no goods source: no cost) */
  const answer = async (r: CatalogAdminProductWire): Promise<CatalogAdminProductAnswer> => {
    const { own, ...product } = r.product;
    const categoryPath =
      r.categoryPath ??
      (product.categoryId
        ? ((await c.route(R['catalogAdmin.product'], { params: { id: product.id } })).categoryPath ?? [])
        : []);
    // The cloud says `own`; an older one sent every cost, null exactly when no goods source serves it.
    return { product, categoryPath, own: own ?? product.cost === null };
  };
  /** a write, then the catalog pulled so this counter sells what was just saved */
  const write = async <A extends z.ZodType, P extends string>(
    route: CloudRoute<A, P>,
    req: RouteRequest<P>,
    f: Factors,
  ): Promise<z.output<A>> => {
    const r = await c.route(route, req, f);
    await pullNow();
    return r;
  };

  return {
    'catalogAdmin.categories': (f) => c.route(R['catalogAdmin.categories'], {}, f),
    'catalogAdmin.createCategory': (input) => {
      const [body, f] = split(input);
      return write(R['catalogAdmin.createCategory'], { body }, f);
    },
    'catalogAdmin.updateCategory': (input) => {
      const [{ categoryId, ...body }, f] = split(input);
      return write(R['catalogAdmin.updateCategory'], { params: { id: categoryId }, body }, f);
    },
    'catalogAdmin.search': ({ query, offSale, limit }) => {
      if (!offSale) return { items: ctx.catalog.search(query, limit) };
      // the off-sale list is small: narrowed by name or SKU here when a query is typed
      const q = query.trim().toLowerCase();
      const all = ctx.catalog.offSale(q ? 1000 : limit);
      return {
        items: (q ? all.filter((i) => i.name.toLowerCase().includes(q) || i.sku.toLowerCase().includes(q)) : all).slice(
          0,
          limit,
        ),
      };
    },
    'catalogAdmin.product': async (input) => {
      const [{ id }, f] = split(input);
      return answer(await c.route(R['catalogAdmin.product'], { params: { id } }, f));
    },
    'catalogAdmin.setPrice': async (input) => {
      const [{ id, ...body }, f] = split(input);
      return answer(await write(R['catalogAdmin.setPrice'], { params: { id }, body }, f));
    },
    'catalogAdmin.update': async (input) => {
      const [{ id, ...body }, f] = split(input);
      return answer(await write(R['catalogAdmin.update'], { params: { id }, body }, f));
    },
    'catalogAdmin.addProduct': async (input) => {
      const [body, f] = split(input);
      return answer(await write(R['catalogAdmin.addProduct'], { body }, f));
    },
  };
}
