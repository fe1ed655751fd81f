// The cloud routes behind the owner's 商品 / Goods tab (catalog-admin), declared once: cloud/catalog-admin/routes.ts
// registers each path and the till calls it through CATALOG_ADMIN_ROUTES (electron/backend/catalog-admin/
// handlers.ts). The category answers are the methods' own output; a product answer is the cloud's product view, which
// the till completes (category path, `own`) before it becomes the method's output.
import { z } from 'zod';
import { zText } from '../text';
import { cloudRoute, type CloudRoute } from './cloud-routes';
import { CATALOG_ADMIN_METHODS, zCatalogAdminProduct } from './catalog-admin-methods';

export const CATALOG_ADMIN_PATHS = {
  categories: '/v1/catalog-admin/categories',
  category: '/v1/catalog-admin/categories/:id',
  products: '/v1/catalog-admin/products',
  product: '/v1/catalog-admin/products/:id',
  price: '/v1/catalog-admin/products/:id/price',
} as const;

/**
 * A product as the cloud answers it. `own` (no goods source serves it) and the category path are left out by an
 * older cloud, and the writes other than a product edit answer without the path: the till fills both in.
 */
export const zCatalogAdminProductWire = z.object({
  product: zCatalogAdminProduct.extend({ own: z.boolean().optional() }),
  categoryPath: z.array(zText()).optional(),
});
export type CatalogAdminProductWire = z.infer<typeof zCatalogAdminProductWire>;

const M = CATALOG_ADMIN_METHODS;
const P = CATALOG_ADMIN_PATHS;

/** The cloud route behind each method of CATALOG_ADMIN_METHODS that asks the cloud (the search is local). */
export const CATALOG_ADMIN_ROUTES = {
  'catalogAdmin.categories': cloudRoute('GET', P.categories, M['catalogAdmin.categories'].output),
  'catalogAdmin.createCategory': cloudRoute('POST', P.categories, M['catalogAdmin.createCategory'].output),
  'catalogAdmin.updateCategory': cloudRoute('PUT', P.category, M['catalogAdmin.updateCategory'].output),
  'catalogAdmin.product': cloudRoute('GET', P.product, zCatalogAdminProductWire),
  'catalogAdmin.setPrice': cloudRoute('PUT', P.price, zCatalogAdminProductWire),
  'catalogAdmin.update': cloudRoute('PUT', P.product, zCatalogAdminProductWire),
  'catalogAdmin.addProduct': cloudRoute('POST', P.products, zCatalogAdminProductWire),
} as const satisfies Record<Exclude<keyof typeof CATALOG_ADMIN_METHODS, 'catalogAdmin.search'>, CloudRoute>;
