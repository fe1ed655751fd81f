// The outlet's catalog at the counter: search, barcode lookup, pulling the change feed now.
// Handlers: electron/backend/catalog/handlers.ts.
import { z } from 'zod';
import { zText } from '../text';
import { halfWidth } from '../input';
import { zCatalogItem } from './catalog-item';
import { empty, method, type MethodSpec } from './method';

/** A barcode or SKU as scanned: full-width (a scanner typing through a Chinese IME in full-width mode) made ASCII. */
export const zCode = zText()
  .overwrite((s) => halfWidth(s).trim())
  .min(1)
  .max(64);
/** how far a search pages on (10 pages of 30): a cashier who has not found it by then types more */
export const SEARCH_OFFSET_MAX = 300;

export const CATALOG_METHODS = {
  /** search as the cashier types it (electron/backend/catalog/search.ts): several terms, barcode prefixes, this
   *  till's best sellers first; `offset` pages on (hasMore: there is more after this page) */
  'catalog.search': method({
    input: z
      .object({
        query: zText().max(100),
        limit: z.number().int().min(1).max(100).default(30),
        offset: z.number().int().min(0).max(SEARCH_OFFSET_MAX).default(0),
      })
      .strict(),
    output: z.object({ items: z.array(zCatalogItem), hasMore: z.boolean().optional() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  'catalog.lookup': method({
    input: z.object({ code: zCode }).strict(),
    output: z.object({ item: zCatalogItem.nullable() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  'catalog.sync': method({
    input: empty,
    output: z.object({ applied: z.number().int(), cursor: z.number().int(), products: z.number().int() }),
    auth: 'session',
  }),
} as const satisfies Record<string, MethodSpec>;
