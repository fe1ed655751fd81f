// The outlet's catalog at the counter: search, barcode lookup, pulling the change feed now.
// Handlers: electron/backend/catalog/handlers.ts.
import { z } from 'zod';
import { zText } from '../text';
import { zCatalogItem } from './catalog-item';
import { empty, method, type MethodSpec } from './method';

export const zCode = zText().trim().min(1).max(64);

export const CATALOG_METHODS = {
  'catalog.search': method({
    input: z.object({ query: zText().max(100), limit: z.number().int().min(1).max(100).default(30) }).strict(),
    output: z.object({ items: z.array(zCatalogItem) }),
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
