// One product as the till's search, scanner and cart show it (local catalog.db). Used by contract.ts and by
// the method files spread into it (catalog-admin-methods.ts), hence its own file.
import { z } from 'zod';
import { zFen } from '../money';
import { zProductKind } from '../sync/protocol';

export const zCatalogItem = z.object({
  id: z.string(),
  sku: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  kind: zProductKind,
  unit: z.string(),
  price: zFen,
  categoryName: z.string().nullable(),
  /** estimated on-hand quantity: the cloud's last synced figure minus this device's unsynced sales;
   *  null for goods without stock (top-ups, game cards). May be negative. */
  stock: z.number().int().nullable(),
});
export type CatalogItem = z.infer<typeof zCatalogItem>;
