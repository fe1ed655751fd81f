// Runtime: Node. ReceiptLine markup → what the printer takes, for every slip the till prints (sale receipt, card
// slip, top-up slip, 交班 report): ESC/POS with GB18030 text — the encoding Chinese thermal printers take — cut at
// the end; and the same markup as SVG for the on-screen preview. One place, so every slip prints alike.
import receiptline from 'receiptline';

/** ESC/POS bytes for a printer `cpl` characters wide (CJK characters take two columns). */
export function escposBytes(markup: string, cpl: number): Buffer {
  const command = receiptline.transform(markup, {
    cpl,
    encoding: 'gb18030',
    command: 'escpos',
    cutting: true,
    spacing: false,
  });
  // ReceiptLine returns the command as a binary string: one char per byte.
  return Buffer.from(command, 'binary');
}

/** The same slip drawn as SVG, for the preview. */
export function markupSvg(markup: string, cpl: number): string {
  return receiptline.transform(markup, { cpl, encoding: 'gb18030', command: 'svg' });
}
