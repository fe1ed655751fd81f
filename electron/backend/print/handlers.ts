// Receipt printing. A receipt is printed AFTER the sale committed and never decides its fate: a dead
// printer costs a reprint, not a sale. Reprints read the order back from sales.db, so they work offline.
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import type { App, BackendContext } from '../context';
import { loadPrinterConfig, printerFor, savePrinterConfig, type ReceiptPrinter } from './printer';
import { cardSlipBytes, type CardSlip } from './card-slip';
import { virtualSlipBytes } from './virtual-slip';
import type { VirtualHistoryOrder } from '../../../shared/api/contract';
import { drawerKickJob, withDrawerKick } from './drawer-kick';
import { receiptBytes, receiptSvg, type ReceiptContext, type ReceiptOrder, type ReceiptPayment } from './receipt';
import { deviceTimeZone } from '../device/store';

export function createReceipts(
  ctx: BackendContext,
  opts: { printer?: (config: ReturnType<typeof loadPrinterConfig>) => ReceiptPrinter | null } = {},
) {
  const makePrinter = opts.printer ?? printerFor;
  let config = loadPrinterConfig(ctx.dataDir);
  const readOrder = ctx.dbs.sales
    .prepare(`SELECT o.id, o.number, o.created_at AS createdAt, o.total, o.discount, o.seat, o.member_discount AS memberDiscount,
      o.order_discount AS orderDiscount, o.rounding FROM orders o WHERE o.id = ?`);
  const readPayments = ctx.dbs.sales.prepare(`SELECT p.method, p.amount, p.tendered, p.change,
      c.provider_trade_no AS providerTradeNo FROM payments p LEFT JOIN code_payments c ON c.id = p.payment_id
      WHERE p.order_id = ? ORDER BY p.id`);
  const readLines = ctx.dbs.sales.prepare(
    `SELECT name, qty, unit_price AS unitPrice, list_price AS listPrice, discount, line_total AS lineTotal
      FROM order_lines WHERE order_id = ? ORDER BY line_no`,
  );

  function load(orderId: string): ReceiptOrder {
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
    const payments = readPayments.all(orderId) as ReceiptPayment[];
    const cash = payments.find((p) => p.method === 'cash');
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
      memberPaid: payments.length === 1 && payments[0]!.method === 'member',
      payments,
    };
  }

  /** Jobs go to the printer one at a time, in order (a drawer pulse never cuts into a receipt). */
  let queue: Promise<unknown> = Promise.resolve();
  function send(printer: ReceiptPrinter, bytes: Buffer): Promise<void> {
    const job = queue.then(() => printer.print(bytes));
    queue = job.catch(() => {});
    return job;
  }

  function context(reprint: boolean): ReceiptContext {
    const device = ctx.device.record();
    const paperWidth = config.kind === 'network' ? config.paperWidth : 58;
    return {
      outletName: device?.outletName ?? '',
      timeZone: deviceTimeZone(device),
      cashierName: ctx.session.get()?.employee.name,
      reprint,
      cpl: paperWidth === 80 ? 48 : 32,
    };
  }

  async function print(orderId: string, reprint: boolean, kick = false): Promise<void> {
    const printer = makePrinter(config);
    if (!printer) throw new AppError('PRINTER_ERROR', '未设置小票打印机 (no receipt printer is set up)');
    const bytes = receiptBytes(load(orderId), context(reprint));
    await send(printer, kick ? withDrawerKick(bytes) : bytes);
  }

  /** Did the sale take cash (or give change)? Then the drawer opens with its receipt. */
  const tookCash = (orderId: string) =>
    (readPayments.all(orderId) as ReceiptPayment[]).some((p) => p.method === 'cash' && (p.tendered ?? p.amount) > 0);

  const printed = new Set<string>();
  return {
    /** a game card's code slip (from memory; see virtual/card-vault.ts); PRINTER_ERROR when none is set up */
    async printCard(slip: CardSlip): Promise<void> {
      const printer = makePrinter(config);
      if (!printer) throw new AppError('PRINTER_ERROR', '未设置小票打印机 (no receipt printer is set up)');
      await send(printer, cardSlipBytes(slip, context(false)));
    },
    /** a virtual order's 凭条 (virtual-slip.ts); PRINTER_ERROR when none is set up */
    async printVirtual(order: VirtualHistoryOrder): Promise<void> {
      const printer = makePrinter(config);
      if (!printer) throw new AppError('PRINTER_ERROR', '未设置小票打印机 (no receipt printer is set up)');
      await send(printer, virtualSlipBytes(order, context(false)));
    },
    /** Opens the cash drawer (ESC p through the receipt printer). PRINTER_ERROR when none is set up or it fails. */
    async kickDrawer(): Promise<void> {
      const printer = makePrinter(config);
      if (!printer)
        throw new AppError(
          'PRINTER_ERROR',
          '未设置小票打印机：钱箱接在打印机上 (no receipt printer: the drawer hangs off it)',
        );
      await send(printer, drawerKickJob());
    },
    /** whether a printer is set up (the drawer opens only through one) */
    hasPrinter: () => config.kind !== 'none',
    /** after a committed sale: print if a printer is set up (the drawer opens with it when cash moved);
     *  report failure as an event, never throw */
    afterSale(orderId: string): void {
      if (config.kind === 'none') return;
      printed.add(orderId);
      print(orderId, false, tookCash(orderId)).catch((e: unknown) => {
        ctx.log(`receipt for ${orderId} did not print`, e);
        ctx.emit('printer.error', { orderId, message: e instanceof Error ? e.message : String(e) });
      });
    },
    handlers: {
      'printer.get': () => config,
      'printer.set': (input) => {
        savePrinterConfig(ctx.dataDir, input);
        config = input;
        return config;
      },
      'receipt.print': async ({ orderId }) => {
        await print(orderId, printed.has(orderId));
        printed.add(orderId);
        return { printed: true as const };
      },
      'receipt.preview': ({ orderId }) => ({ svg: receiptSvg(load(orderId), context(false)) }),
    } satisfies HandlerGroup,
  };
}
export type Receipts = ReturnType<typeof createReceipts>;

/** printer.* and receipt.* (the receipts service is built once, in createBackend) */
export const printHandlers = (app: Pick<App, 'receipts'>): HandlerGroup => app.receipts.handlers;
