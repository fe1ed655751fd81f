// Runtime: Node (tests). Builds valid wire orders from the demo catalog.
import { v7 as uuidv7 } from 'uuid';
import type { OrderWire } from '../../shared/sync/protocol';
import { DEMO, demoCatalog } from '../seed/demo';

let counter = 0;

export function makeOrder(
  over: Partial<Record<keyof OrderWire, unknown>> = {},
  lineCount = 2,
): Record<string, unknown> {
  const products = demoCatalog().products.filter((p) => p.kind === 'physical');
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const p = products[(counter * 7 + i * 13) % products.length]!;
    const qty = (i % 3) + 1;
    return {
      lineNo: i + 1,
      productId: p.id,
      sku: p.sku,
      name: p.name,
      qty,
      unitPrice: p.price,
      lineTotal: p.price * qty,
    };
  });
  counter += 1;
  const subtotal = lines.reduce((s, l) => s + l.lineTotal, 0);
  return {
    clientOrderId: uuidv7(),
    number: `A1-${String(counter).padStart(6, '0')}`,
    createdAt: Date.now(),
    employeeId: DEMO.cashier.id,
    lines,
    subtotal,
    discount: 0,
    total: subtotal,
    payments: [{ method: 'cash', amount: subtotal, tendered: subtotal + 1000, change: 1000 }],
    ...over,
  };
}
