// The customer display (客显 / 副屏): what the customer facing the counter sees — the lines, the total, what is
// still due, the change, and "please confirm on your phone" while their payment code waits — derived from the
// cart, the tender and the sale just made, pushed as 'display.changed' whenever it changes (never polled).
// It shows no cashier, no cost and no member details beyond the lines; the display's page can call nothing
// but display.get (electron/web-host.ts gives it its own token).
import type { CompletedOrder, DisplayState, TenderView } from '../../../shared/api/contract';
import { fen } from '../../../shared/money';
import type { CartState } from '../sales/cart';

export function createDisplay(d: {
  cart: CartState;
  tender: () => TenderView | null;
  outletName: () => string;
  emit: (s: DisplayState) => void;
}) {
  let lastSale: CompletedOrder | null = null;
  let shown = '';

  function state(): DisplayState {
    const cart = d.cart.view();
    const t = d.tender();
    const base = { outletName: d.outletName(), change: null, codeWaiting: false, confirmOnPhone: false };
    if (cart.lines.length > 0) {
      lastSale = null;
      const open = t?.status === 'open' ? t : null;
      const parts = open?.parts ?? [];
      const paid = open?.paid ?? 0;
      return {
        ...base,
        phase: open ? 'paying' : 'cart',
        lines: cart.lines.map((l) => ({ name: l.name, qty: l.qty, lineTotal: l.lineTotal })),
        itemCount: cart.itemCount,
        discount: fen(cart.discount ?? 0),
        total: cart.total,
        paid: fen(paid),
        due: fen(cart.total - paid),
        parts: parts.map((p) => ({ method: p.method, amount: p.amount, waiting: p.status === 'waiting' })),
        codeWaiting: parts.some((p) => p.status === 'waiting'),
        confirmOnPhone: parts.some((p) => p.status === 'waiting' && p.customerConfirming),
      };
    }
    if (lastSale) {
      const s = lastSale;
      const parts = s.payments ?? [{ method: s.method ?? 'cash', amount: s.total }];
      return {
        ...base,
        phase: 'done',
        lines: s.lines.map((l) => ({ name: l.name, qty: l.qty, lineTotal: l.lineTotal })),
        itemCount: s.lines.reduce((a, l) => a + l.qty, 0),
        discount: fen(s.discount ?? 0),
        total: s.total,
        paid: s.total,
        due: fen(0),
        parts: parts.map((p) => ({ method: p.method, amount: p.amount, waiting: false })),
        change: s.change,
      };
    }
    return {
      ...base,
      phase: 'idle',
      lines: [],
      itemCount: 0,
      discount: fen(0),
      total: fen(0),
      paid: fen(0),
      due: fen(0),
      parts: [],
    };
  }

  function refresh(): void {
    let s: DisplayState;
    try {
      s = state();
    } catch {
      return; // a cart that cannot be priced right now shows what it showed
    }
    const text = JSON.stringify(s);
    if (text === shown) return;
    shown = text;
    d.emit(s);
  }

  return {
    state,
    refresh,
    saleDone(order: CompletedOrder): void {
      lastSale = order;
      refresh();
    },
  };
}
export type Display = ReturnType<typeof createDisplay>;
