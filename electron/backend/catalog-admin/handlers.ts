// The owner's 商品 / Goods tab at the till (shared/api/catalog-admin-methods.ts). Searches read the local
// catalog (catalog.db), as the counter does; everything else is one route of cloud/catalog-admin/routes.ts,
// forwarded with the device signature and the session (owner/owner-cloud.ts). The router has checked
// product.edit and that this is an outlet's till; the cloud checks them again with the super password,
// owns the rules (which products are the outlet's own, which categories are its) and audits.
// After a write succeeds the till pulls the catalog feed before answering, so the new price, category or
// product is on this till's counter by the time the screen shows "saved". The write is already committed
// in the cloud then: a pull that fails (the network dropped) is not the write's failure — the background
// loop is kicked to pull later and the method still answers with the cloud's result.
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import { createOwnerCloud, type Factors, type OwnerCloud } from '../owner/owner-cloud';

const enc = encodeURIComponent;
type Out = never;

function split<T extends Factors>(input: T): [Omit<T, 'superPassword' | 'totpCode'>, Factors] {
  const { superPassword, totpCode, ...rest } = input;
  return [rest, { superPassword, totpCode }];
}

interface ProductAnswer {
  /** own: no goods source serves it (older clouds leave it out: then cost null says so — they sent every cost) */
  product: { id: string; categoryId: string | null; cost: number | null; own?: boolean };
  categoryPath?: string[];
}

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
  const answer = async (r: ProductAnswer): Promise<Out> => {
    // The cloud says `own`; an older one sent every cost, null exactly when no goods source serves it.
    const categoryPath =
      r.categoryPath ??
      (r.product.categoryId
        ? (((await c.session('GET', `/v1/catalog-admin/products/${enc(r.product.id)}`)) as ProductAnswer)
            .categoryPath ?? [])
        : []);
    return { product: r.product, categoryPath, own: r.product.own ?? r.product.cost === null } as never;
  };
  const write = async (method: 'POST' | 'PUT', path: string, body: unknown, f: Factors): Promise<unknown> => {
    const r = await c.session(method, path, body, f);
    await pullNow();
    return r;
  };

  return {
    'goods.categories': (f) => c.session('GET', '/v1/catalog-admin/categories', undefined, f) as Promise<Out>,
    'goods.createCategory': async (input) => {
      const [body, f] = split(input);
      return (await write('POST', '/v1/catalog-admin/categories', body, f)) as Out;
    },
    'goods.updateCategory': async (input) => {
      const [{ categoryId, ...body }, f] = split(input);
      return (await write('PUT', `/v1/catalog-admin/categories/${enc(categoryId)}`, body, f)) as Out;
    },
    'goods.search': ({ query, offSale, limit }) => {
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
    'goods.product': async (input) => {
      const [{ id }, f] = split(input);
      return answer((await c.session('GET', `/v1/catalog-admin/products/${enc(id)}`, undefined, f)) as ProductAnswer);
    },
    'goods.setPrice': async (input) => {
      const [{ id, ...body }, f] = split(input);
      return answer((await write('PUT', `/v1/catalog-admin/products/${enc(id)}/price`, body, f)) as ProductAnswer);
    },
    'goods.update': async (input) => {
      const [{ id, ...body }, f] = split(input);
      return answer((await write('PUT', `/v1/catalog-admin/products/${enc(id)}`, body, f)) as ProductAnswer);
    },
    'goods.addProduct': async (input) => {
      const [body, f] = split(input);
      return answer((await write('POST', '/v1/catalog-admin/products', body, f)) as ProductAnswer);
    },
  };
}
