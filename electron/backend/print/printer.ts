// Runtime: Node. Where receipts go. A network (LAN/TCP, "port 9100") ESC/POS printer is the common
// counter setup in China; the configuration lives in the data folder (printer.json), per PC.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { zPrinterConfig, type PrinterConfig } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';

export interface ReceiptPrinter {
  /** resolves once every byte was handed to the printer */
  print(bytes: Buffer): Promise<void>;
}

/** Raw TCP to the printer. A printer that does not answer within the timeout is an error, never a hang. */
export function networkPrinter(host: string, port: number, timeoutMs = 5000): ReceiptPrinter {
  return {
    print(bytes) {
      return new Promise((resolve, reject) => {
        const socket = new Socket();
        const fail = (e: Error) => {
          socket.destroy();
          reject(new AppError('PRINTER_ERROR', `打印机 ${host}:${port} 无法打印：${e.message}`));
        };
        socket.setTimeout(timeoutMs, () => fail(new Error('timed out')));
        socket.once('error', fail);
        socket.connect(port, host, () => {
          socket.end(bytes, () => resolve());
        });
      });
    },
  };
}

export function printerFor(config: PrinterConfig): ReceiptPrinter | null {
  return config.kind === 'network' ? networkPrinter(config.host, config.port) : null;
}

export function loadPrinterConfig(dataDir: string): PrinterConfig {
  const file = join(dataDir, 'printer.json');
  if (!existsSync(file)) return { kind: 'none' };
  const parsed = zPrinterConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  // A damaged file must not stop the till: it sells without printing until the owner sets it again.
  return parsed.success ? parsed.data : { kind: 'none' };
}

export function savePrinterConfig(dataDir: string, config: PrinterConfig): void {
  const file = join(dataDir, 'printer.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(config));
  renameSync(`${file}.tmp`, file); // atomic replace: never a half-written config
}
