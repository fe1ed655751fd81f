// One product as the till's search, scanner and cart show it (local catalog.db). Used by contract.ts and by
// the method files spread into it (catalog-admin-methods.ts), hence its own file.
import { z } from 'zod';
import { zText } from '../text';
import { zFen } from '../money';
import { zProductKind } from '../sync/protocol';

export const zCatalogItem = z.object({
  id: zText(),
  sku: zText(),
  barcode: zText().nullable(),
  name: zText(),
  kind: zProductKind,
  unit: zText(),
  price: zFen,
  categoryName: zText().nullable(),
  /** estimated on-hand quantity: the cloud's last synced figure minus this device's unsynced sales;
   *  null for goods without stock (top-ups, game cards). May be negative. */
  stock: z.number().int().nullable(),
});
export type CatalogItem = z.infer<typeof zCatalogItem>;
