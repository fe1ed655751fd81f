// The cart of the logged-in cashier, in memory. Prices come from catalog.db in integer fen at the time a
// line is added; the cart is cleared only after a checkout commits (or on login/logout).
import type { Cart, CatalogItem } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { addFen, mulFen } from '../../../shared/money';

export const MAX_CART_LINES = 500;
export const MAX_QTY = 9999;

interface Line {
  item: CatalogItem;
  qty: number;
}

/** Virtual goods go through the cloud's reserve → fulfil → post/void path (a later issue). */
export function assertSellableHere(item: CatalogItem): void {
  if (item.kind !== 'physical') {
    throw new AppError(
      'VALIDATION',
      `${item.name}: top-ups and game cards need the online fulfilment path, which this counter does not offer yet`,
      {
        reason: 'VIRTUAL_GOODS_NOT_SUPPORTED',
        kind: item.kind,
      },
    );
  }
}

export function createCart() {
  // Insertion order is the order lines print on the receipt.
  const lines = new Map<string, Line>();

  function view(): Cart {
    const out = [...lines.values()].map(({ item, qty }) => ({
      productId: item.id,
      sku: item.sku,
      name: item.name,
      unit: item.unit,
      qty,
      unitPrice: item.price,
      lineTotal: mulFen(item.price, qty),
      // Selling past the estimated stock is allowed (the estimate may be stale; the goods are in hand).
      ...(item.stock !== null && qty > item.stock
        ? { stockWarning: { code: 'BELOW_STOCK' as const, available: item.stock } }
        : {}),
    }));
    const subtotal = addFen(...out.map((l) => l.lineTotal));
    return { lines: out, itemCount: out.reduce((n, l) => n + l.qty, 0), subtotal, total: subtotal };
  }

  return {
    view,
    isEmpty: () => lines.size === 0,
    add(item: CatalogItem, qty: number): Cart {
      assertSellableHere(item);
      const existing = lines.get(item.id);
      const total = (existing?.qty ?? 0) + qty;
      if (total > MAX_QTY) throw new AppError('VALIDATION', `At most ${MAX_QTY} of one product per sale`);
      if (!existing && lines.size >= MAX_CART_LINES)
        throw new AppError('VALIDATION', `At most ${MAX_CART_LINES} lines per sale`);
      // Re-adding refreshes the price to the catalog's current one.
      lines.set(item.id, { item, qty: total });
      return view();
    },
    setQty(productId: string, qty: number): Cart {
      const line = lines.get(productId);
      if (!line) throw new AppError('NOT_FOUND', 'That product is not in the cart');
      if (qty === 0) lines.delete(productId);
      else line.qty = qty;
      return view();
    },
    clear(): Cart {
      lines.clear();
      return view();
    },
  };
}
export type CartState = ReturnType<typeof createCart>;
