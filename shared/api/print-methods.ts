// The receipt printer of this PC, receipts (print, reprint, preview) (a game card's code slip is
// virtual-methods.ts' receipt.printCard). Handlers: electron/backend/print/handlers.ts.
import { z } from 'zod';
import { zMultiline, zText } from '../text';
import { empty, method, type MethodSpec } from './method';

/** The receipt printer of this PC: none, or an ESC/POS printer on the LAN (raw TCP, usually port 9100). */
export const zPrinterConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('network'),
      host: zText()
        .trim()
        .min(1)
        .max(253)
        .regex(/^[A-Za-z0-9.:-]+$/, 'a host name or IP address'),
      port: z.number().int().min(1).max(65535).default(9100),
      paperWidth: z.union([z.literal(58), z.literal(80)]).default(58),
    })
    .strict(),
]);
export type PrinterConfig = z.infer<typeof zPrinterConfig>;

export const PRINT_METHODS = {
  'printer.get': method({ input: empty, output: zPrinterConfig, auth: 'session' }),
  'printer.set': method({
    input: zPrinterConfig,
    output: zPrinterConfig,
    auth: 'session',
    permission: 'device.manage',
  }),
  /** prints (or reprints) a sale's receipt; works offline */
  'receipt.print': method({
    input: z.object({ orderId: zText().min(1).max(64) }).strict(),
    output: z.object({ printed: z.literal(true) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** the same receipt as an SVG picture, for the screen */
  'receipt.preview': method({
    input: z.object({ orderId: zText().min(1).max(64) }).strict(),
    output: z.object({ svg: zMultiline() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
} as const satisfies Record<string, MethodSpec>;
