// Receipt printing. A receipt is printed AFTER the sale committed and never decides its fate: a dead
// printer costs a reprint, not a sale. Reprints read the order back from sales.db, so they work offline.
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import type { App, BackendContext } from '../context';
import { loadPrinterConfig, printerFor, savePrinterConfig, type ReceiptPrinter } from './printer';
import { cardSlipBytes, type CardSlip } from './card-slip';
import { receiptBytes, receiptSvg, type ReceiptContext, type ReceiptOrder } from './receipt';
import { deviceTimeZone } from '../device/store';

export function createReceipts(
  ctx: BackendContext,
  opts: { printer?: (config: ReturnType<typeof loadPrinterConfig>) => ReceiptPrinter | null } = {},
) {
  const makePrinter = opts.printer ?? printerFor;
  let config = loadPrinterConfig(ctx.dataDir);
  const readOrder = ctx.dbs.sales
    .prepare(`SELECT o.id, o.number, o.created_at AS createdAt, o.total, o.discount, o.seat, o.member_discount AS memberDiscount,
      o.order_discount AS orderDiscount, o.rounding,
      p.method, p.tendered, p.change FROM orders o LEFT JOIN payments p ON p.order_id = o.id WHERE o.id = ?`);
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
          method: string | null;
          tendered: number | null;
          change: number | null;
        }
      | undefined;
    if (!o) throw new AppError('NOT_FOUND', 'No such sale on this computer');
    const lines = readLines.all(orderId) as ReceiptOrder['lines'];
    return {
      number: o.number,
      createdAt: o.createdAt,
      total: o.total,
      tendered: o.tendered ?? o.total,
      change: o.change ?? 0,
      lines,
      seat: o.seat,
      discount: o.memberDiscount,
      orderDiscount: o.orderDiscount,
      rounding: o.rounding,
      memberPaid: o.method === 'member',
    };
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

  async function print(orderId: string, reprint: boolean): Promise<void> {
    const printer = makePrinter(config);
    if (!printer) throw new AppError('PRINTER_ERROR', '未设置小票打印机 (no receipt printer is set up)');
    await printer.print(receiptBytes(load(orderId), context(reprint)));
  }

  const printed = new Set<string>();
  return {
    /** a game card's code slip (from memory; see virtual/card-vault.ts); PRINTER_ERROR when none is set up */
    async printCard(slip: CardSlip): Promise<void> {
      const printer = makePrinter(config);
      if (!printer) throw new AppError('PRINTER_ERROR', '未设置小票打印机 (no receipt printer is set up)');
      await printer.print(cardSlipBytes(slip, context(false)));
    },
    /** after a committed sale: print if a printer is set up; report failure as an event, never throw */
    afterSale(orderId: string): void {
      if (config.kind === 'none') return;
      printed.add(orderId);
      print(orderId, false).catch((e: unknown) => {
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
