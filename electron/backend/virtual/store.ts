// What the virtual-goods handlers (handlers.ts) read and write on this till, so the handler group holds no
// database: the journal in sales.db (journal.ts: every order written before the cloud is asked, its cash in
// the drawer in the same transaction), the phone-prefix table in catalog.db (prefix-table.ts, fed by the
// cloud), and the top-up, bill and game-card products of the local catalog.
import type { Db } from '../db/open';
import type { VirtualCloud } from './cloud-virtual';
import { createVirtualJournal, type VirtualJournal } from './journal';
import { createPrefixTable, type PrefixTable } from './prefix-table';

export interface VirtualItem {
  id: string;
  name: string;
  faceValue: number;
  price: number;
}

export interface VirtualProduct {
  kind: string;
  name: string;
  price: number;
  faceValue: number | null;
}

export interface VirtualStore {
  journal: VirtualJournal;
  /** the prefix table, pulled from `cloud`'s prefix feed */
  prefixTable(cloud: Pick<VirtualCloud, 'prefixes'>): PrefixTable;
  /** any product of the local catalog by id (the submit checks its kind), undefined when unknown */
  product(id: string): VirtualProduct | undefined;
  /** a product's name ('' when unknown) */
  productName(id: string): string;
  /** the carrier's active top-ups by face value, each with the provinces its source serves (null: all) */
  topups(carrier: string): (VirtualItem & { regions: string[] | null })[];
  /** the active utility bills (缴费) by biller, then face value */
  bills(): (VirtualItem & { biller: string })[];
  /** the active game cards by name, then face value */
  cards(): VirtualItem[];
}

type ProductRow = { id: string; name: string; face_value: number; price: number };
const toItem = (r: ProductRow): VirtualItem => ({ id: r.id, name: r.name, faceValue: r.face_value, price: r.price });

export function createVirtualStore(dbs: { sales: Db; catalog: Db }, now: () => number): VirtualStore {
  const { catalog } = dbs;
  const topups = catalog.prepare(
    "SELECT id, name, face_value, price, regions FROM products WHERE kind = 'topup' AND active = 1 AND carrier = ? AND face_value IS NOT NULL ORDER BY face_value, name",
  );
  const bills = catalog.prepare(
    "SELECT id, name, face_value, price, biller FROM products WHERE kind = 'utility' AND active = 1 AND biller IS NOT NULL AND face_value IS NOT NULL ORDER BY biller, face_value, name",
  );
  const cards = catalog.prepare(
    "SELECT id, name, face_value, price FROM products WHERE kind = 'gamecard' AND active = 1 AND face_value IS NOT NULL ORDER BY name, face_value",
  );
  const productName = catalog.prepare('SELECT name FROM products WHERE id = ?').pluck();
  const product = catalog.prepare('SELECT kind, name, price, face_value AS faceValue FROM products WHERE id = ?');

  return {
    journal: createVirtualJournal(dbs.sales),
    prefixTable: (cloud) => createPrefixTable(catalog, cloud, now),
    product: (id) => product.get(id) as VirtualProduct | undefined,
    productName: (id) => (productName.get(id) as string | undefined) ?? '',
    topups: (carrier) =>
      (topups.all(carrier) as (ProductRow & { regions: string | null })[]).map((r) => ({
        ...toItem(r),
        regions: r.regions === null ? null : (JSON.parse(r.regions) as string[]),
      })),
    bills: () => (bills.all() as (ProductRow & { biller: string })[]).map((r) => ({ ...toItem(r), biller: r.biller })),
    cards: () => (cards.all() as ProductRow[]).map(toItem),
  };
}
