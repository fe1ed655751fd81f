// The SQL of the order history's search (orders.search, returns-handlers.ts) over sales.db, with the catalog's
// barcodes from catalog.db: order lines keep no barcode, so a barcode is turned into the products it names
// (on sale or not) first. A sale's status is the returns' arithmetic (returns-views.ts): the SQL narrows to sales
// with or without returns, the caller decides the rest per sale — so with status returned / partly_returned
// no LIMIT is put here (`limit: null`), and the caller counts only the sales that match.
import type { OrderSummary } from '../../../shared/api/contract';
import type { Db } from '../db/open';

export interface OrderFilter {
  from?: number | undefined;
  to?: number | undefined;
  minTotal?: number | undefined;
  maxTotal?: number | undefined;
  /** a receipt number (exact or in part), a product (name, SKU, barcode) or a member (`memberIds`: theirs) */
  query?: { text: string; memberIds: string[] } | undefined;
  /** a product by part of its name, its SKU or its barcode */
  product?: string | undefined;
  /** paid with the balance of one of these members */
  member?: { memberIds: string[] } | undefined;
  status?: OrderSummary['status'] | undefined;
  /** null: every sale that matches */
  limit: number | null;
}

/** the ids of the sales that match, newest first */
export type OrderSearch = (f: OrderFilter) => string[];

export function createOrderSearch(dbs: { sales: Db; catalog: Db }): OrderSearch {
  const barcodeIds = dbs.catalog.prepare('SELECT id FROM products WHERE barcode = ?').pluck();
  const byBarcode = (text: string) => barcodeIds.all(text) as string[];
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const hasProduct = (ids: string[]) =>
    `EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND (l.name LIKE ? ESCAPE '\\' OR l.sku = ?
          OR l.product_id IN (${ids.map(() => '?').join(',') || "''"})))`;
  const paidBy = (ids: string[]) =>
    `EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.member_id IN (${ids.map(() => '?').join(',') || "''"}))`;

  return (f) => {
    const where: string[] = [];
    const args: unknown[] = [];
    const when = (sql: string, value: unknown) => {
      where.push(sql);
      args.push(value);
    };
    if (f.from !== undefined) when('o.created_at >= ?', f.from);
    if (f.to !== undefined) when('o.created_at < ?', f.to);
    if (f.minTotal !== undefined) when('o.total >= ?', f.minTotal);
    if (f.maxTotal !== undefined) when('o.total <= ?', f.maxTotal);
    if (f.query) {
      // a scanned receipt carries its number; otherwise a product, or a member, or part of a number
      const { text, memberIds } = f.query;
      const products = byBarcode(text);
      where.push(`(o.number = ? OR o.number LIKE ? ESCAPE '\\' OR ${hasProduct(products)} OR ${paidBy(memberIds)})`);
      args.push(text, like(text), like(text), text, ...products, ...memberIds);
    }
    if (f.product) {
      const products = byBarcode(f.product);
      where.push(hasProduct(products));
      args.push(like(f.product), f.product, ...products);
    }
    if (f.member) {
      where.push(paidBy(f.member.memberIds));
      args.push(...f.member.memberIds);
    }
    if (f.status === 'completed') where.push('NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id)');
    else if (f.status === 'voided')
      where.push("EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id AND r.reason = 'void')");
    else if (f.status)
      where.push(`EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id)
          AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id AND r.reason = 'void')`);
    return dbs.sales
      .prepare(
        `SELECT o.id FROM orders o ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.created_at DESC, o.rowid DESC ${f.limit === null ? '' : 'LIMIT ?'}`,
      )
      .pluck()
      .all(...args, ...(f.limit === null ? [] : [f.limit])) as string[];
  };
}
