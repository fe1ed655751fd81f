// Receipt printing. A receipt is printed AFTER the sale committed and never decides its fate: a dead
// printer costs a reprint, not a sale. Reprints read the order back from sales.db (receipt-orders.ts), so they
// work offline.
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import type { App, BackendContext } from '../context';
import { loadPrinterConfig, printerFor, savePrinterConfig, type ReceiptPrinter } from './printer';
import { cardSlipBytes, type CardSlip } from './card-slip';
import { virtualSlipBytes } from './virtual-slip';
import type { VirtualHistoryOrder } from '../../../shared/api/contract';
import { drawerKickJob, withDrawerKick } from './drawer-kick';
import { receiptBytes, receiptSvg, type ReceiptContext, type ReceiptOrder } from './receipt';
import type { ReceiptOrders } from './receipt-orders';
import { deviceTimeZone } from '../device/store';

export function createReceipts(
  ctx: BackendContext,
  orders: ReceiptOrders,
  opts: { printer?: (config: ReturnType<typeof loadPrinterConfig>) => ReceiptPrinter | null } = {},
) {
  const makePrinter = opts.printer ?? printerFor;
  let config = loadPrinterConfig(ctx.dataDir);
  const load = (orderId: string): ReceiptOrder => orders.load(orderId);

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
    orders.payments(orderId).some((p) => p.method === 'cash' && (p.tendered ?? p.amount) > 0);

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
