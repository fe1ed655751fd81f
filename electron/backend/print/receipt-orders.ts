// The sale as a receipt prints it, read back from sales.db: the reprint and the preview work offline, from the
// committed order alone.
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/open';
import type { ReceiptOrder, ReceiptPayment } from './receipt';

export interface ReceiptOrders {
  /** the committed sale; NOT_FOUND when this computer has no such sale */
  load(orderId: string): ReceiptOrder;
  /** its payments (none for an unknown sale) */
  payments(orderId: string): ReceiptPayment[];
}

export function createReceiptOrders(sales: Db): ReceiptOrders {
  const readOrder =
    sales.prepare(`SELECT o.id, o.number, o.created_at AS createdAt, o.total, o.discount, o.seat, o.member_discount AS memberDiscount,
      o.order_discount AS orderDiscount, o.rounding FROM orders o WHERE o.id = ?`);
  const readPayments = sales.prepare(`SELECT p.method, p.amount, p.tendered, p.change,
      c.provider_trade_no AS providerTradeNo FROM payments p LEFT JOIN code_payments c ON c.id = p.payment_id
      WHERE p.order_id = ? ORDER BY p.id`);
  const readLines = sales.prepare(
    `SELECT name, qty, unit_price AS unitPrice, list_price AS listPrice, discount, line_total AS lineTotal
      FROM order_lines WHERE order_id = ? ORDER BY line_no`,
  );

  const payments = (orderId: string) => readPayments.all(orderId) as ReceiptPayment[];
  return {
    payments,
    load(orderId: string): ReceiptOrder {
      const o = readOrder.get(orderId) as
        | {
            number: string;
            createdAt: number;
            total: number;
            discount: number;
            memberDiscount: number;
            orderDiscount: number;
            rounding: number;
            seat: string | null;
          }
        | undefined;
      if (!o) throw new AppError('NOT_FOUND', 'No such sale on this computer');
      const lines = readLines.all(orderId) as ReceiptOrder['lines'];
      const paid = payments(orderId);
      const cash = paid.find((p) => p.method === 'cash');
      return {
        number: o.number,
        createdAt: o.createdAt,
        total: o.total,
        tendered: cash?.tendered ?? o.total,
        change: cash?.change ?? 0,
        lines,
        seat: o.seat,
        discount: o.memberDiscount,
        orderDiscount: o.orderDiscount,
        rounding: o.rounding,
        memberPaid: paid.length === 1 && paid[0]!.method === 'member',
        payments: paid,
      };
    },
  };
}
