// The outlet owner's 商品 / Goods back office at the till, as renderer↔backend methods. Spread into API in
// contract.ts. All need product.edit (the merchandising role holds it; it does not hold sale.sell, so the tab
// searches through catalogAdmin.search, the till's own local search under product.edit). Reads of the cloud and
// every write go to one cloud route (declared in catalog-admin-routes.ts), signed with the device
// key and carrying the session (electron/backend/catalog-admin/handlers.ts); writes are `sensitive: true` —
// the super password travels as a header only. After a write the till pulls the catalog feed at once, so the
// counter sells the new price / product as soon as the method answers.
// "Own" products are those no goods source serves (cloud/catalog-admin/products.ts): only they may be
// renamed, relabelled or taken off sale; any product may get a retail price and one of the outlet's categories.
// These are till methods: outlet-only (shared/api/agent-methods.ts orgKindsOf; an agent edits an outlet's
// categories through agent.*).
import { z } from 'zod';
import { zText } from '../text';
import { zFen } from '../money';
import { zCategory, zProduct } from '../sync/protocol';
import type { MethodSpec } from './method';
import { zCatalogItem } from './catalog-item';

/** the first read of the tab from a new address: the cloud may want the super password once (NEW_IP) */
const zOptionalFactors = {
  superPassword: zText().min(1).max(128).optional(),
  totpCode: zText()
    .regex(/^\d{6}$/)
    .optional(),
};
const zRequiredFactors = {
  superPassword: zText().min(1).max(128),
  totpCode: zText()
    .regex(/^\d{6}$/)
    .optional(),
};
const zId = z.uuid();
const zCategoryName = zText().trim().min(1).max(64);
const zProductName = zText().trim().min(1).max(200);
/** EAN-8 … ITF-14 digits, as the cloud takes them */
export const zBarcode = zText()
  .trim()
  .regex(/^\d{8,14}$/, 'a barcode is 8 to 14 digits');
const zUnit = zText().trim().min(1).max(8);

/** a product as the back office sees it: the feed's fields plus the outlet's cost (null: no goods source) */
export const zCatalogAdminProduct = zProduct.extend({ cost: zFen.nullable() });
export type CatalogAdminProduct = z.infer<typeof zCatalogAdminProduct>;
const zProductAnswer = z.object({
  product: zCatalogAdminProduct,
  /** names from the top to the product's category ([] = none) */
  categoryPath: z.array(zText()),
  /** the outlet's own product (no goods source): name, barcode, unit and on-sale are editable */
  own: z.boolean(),
});
export type CatalogAdminProductAnswer = z.infer<typeof zProductAnswer>;
const zCategoryAnswer = z.object({ category: zCategory, path: z.array(zText()) });

export const CATALOG_ADMIN_METHODS = {
  /** GET /v1/catalog-admin/categories: the outlet's whole tree, flat (parentId) */
  'catalogAdmin.categories': {
    input: z.object(zOptionalFactors).strict(),
    output: z.object({ categories: z.array(zCategory) }),
    auth: 'session',
    permission: 'product.edit',
  },
  /** POST /v1/catalog-admin/categories */
  'catalogAdmin.createCategory': {
    input: z
      .object({ parentId: zId.nullable(), name: zCategoryName, sort: z.number().int().optional(), ...zRequiredFactors })
      .strict(),
    output: zCategoryAnswer,
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
  /** PUT /v1/catalog-admin/categories/:id: rename and/or move (null = top level); the cloud refuses a cycle */
  'catalogAdmin.updateCategory': {
    input: z
      .object({
        categoryId: zId,
        parentId: zId.nullable().optional(),
        name: zCategoryName.optional(),
        sort: z.number().int().optional(),
        ...zRequiredFactors,
      })
      .strict(),
    output: zCategoryAnswer,
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
  /** the till's local search (active products; name, pinyin initials, SKU, barcode), or, with offSale, the products off sale */
  'catalogAdmin.search': {
    input: z
      .object({
        query: zText().max(100),
        offSale: z.boolean().default(false),
        limit: z.number().int().min(1).max(100).default(30),
      })
      .strict(),
    output: z.object({ items: z.array(zCatalogItem) }),
    auth: 'session',
    permission: 'product.edit',
  },
  /** GET /v1/catalog-admin/products/:id: with its cost and category path */
  'catalogAdmin.product': {
    input: z.object({ id: zId, ...zOptionalFactors }).strict(),
    output: zProductAnswer,
    auth: 'session',
    permission: 'product.edit',
  },
  /** PUT /v1/catalog-admin/products/:id/price: the outlet's retail price (below cost is allowed; the screen warns) */
  'catalogAdmin.setPrice': {
    input: z.object({ id: zId, price: zFen, ...zRequiredFactors }).strict(),
    output: zProductAnswer,
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
  /** PUT /v1/catalog-admin/products/:id: category of any product; name, barcode (null clears), unit, on sale of an own one */
  'catalogAdmin.update': {
    input: z
      .object({
        id: zId,
        categoryId: zId.nullable().optional(),
        name: zProductName.optional(),
        barcode: zBarcode.nullable().optional(),
        unit: zUnit.optional(),
        active: z.boolean().optional(),
        ...zRequiredFactors,
      })
      .strict(),
    output: zProductAnswer,
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
  /** POST /v1/catalog-admin/products: an own physical product (stock starts at 0) */
  'catalogAdmin.addProduct': {
    input: z
      .object({
        sku: zText().trim().min(1).max(64),
        name: zProductName,
        price: zFen,
        barcode: zBarcode.optional(),
        categoryId: zId.nullable().optional(),
        unit: zUnit.optional(),
        ...zRequiredFactors,
      })
      .strict(),
    output: zProductAnswer,
    auth: 'session',
    permission: 'product.edit',
    sensitive: true,
  },
} as const satisfies Record<string, MethodSpec>;
