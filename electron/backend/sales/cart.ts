// The cart of the logged-in cashier, in memory. Prices come from catalog.db in integer fen at the time a
// line is added; what the cashier changed (a price override 改价, a line discount, a whole-order discount),
// the member the sale is made to and the supervisor override that approved a discount stay with the cart
// until a checkout commits (or it is parked, cleared, or the cashier logs in/out). Every view is priced by
// shared/sale/pricing.ts, so the screen, the checkout and the receipt agree to the fen.
import type { Cart, CatalogItem } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { fen } from '../../../shared/money';
import {
  priceOrder,
  PricingError,
  type Discount,
  type LineAdjust,
  type RoundingRule,
} from '../../../shared/sale/pricing';
import type { DiscountApproval } from './discounts';

export const MAX_CART_LINES = 500;
export const MAX_QTY = 9999;

interface Line {
  item: CatalogItem;
  qty: number;
  adjust?: LineAdjust | undefined;
}

/** The member a sale is made to: their level discount applies to it. */
export interface CartMember {
  id: string;
  name: string;
  discountBps: number;
}

/** A supervisor's approval of the discounts on this cart (shared/sale/overrides.ts; sales/discounts.ts). */
export type CartOverride = DiscountApproval;

/** Everything a cart holds, as parking (sales.db) keeps it and recalling gives it back. */
export interface CartSnapshot {
  lines: { item: CatalogItem; qty: number; adjust?: LineAdjust | undefined }[];
  member: CartMember | null;
  orderDiscount: Discount | null;
  override: CartOverride | null;
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

/** A cashier's change no sale can carry, as the typed error the screen shows. */
export function pricingRefusal(e: unknown): never {
  if (e instanceof PricingError)
    throw new AppError('VALIDATION', e.message, {
      reason: e.reason,
      ...(e.lineIndex !== undefined ? { line: e.lineIndex } : {}),
    });
  throw e;
}

export function createCart(opts: { rounding?: () => RoundingRule } = {}) {
  // Insertion order is the order lines print on the receipt.
  const lines = new Map<string, Line>();
  let member: CartMember | null = null;
  let orderDiscount: Discount | null = null;
  let override: CartOverride | null = null;
  /** the parked basket (挂单) this cart was recalled from: sold with it, or back onto the list when let go */
  let parkedId: string | null = null;
  let onRelease: (parkedId: string) => void = () => {};
  const release = () => {
    if (parkedId) onRelease(parkedId);
    parkedId = null;
  };
  /** refuses a change while the cart's payment is under way (payments/tender.ts locks it) */
  let guard: () => void = () => {};
  /** told when the cart is emptied or replaced (an open tender is abandoned then) */
  const clearedListeners: (() => void)[] = [];
  const cleared = () => clearedListeners.forEach((f) => f());

  function pricedWith(next: { lines?: Line[]; orderDiscount?: Discount | null; member?: CartMember | null } = {}) {
    const ls = next.lines ?? [...lines.values()];
    const m = next.member !== undefined ? next.member : member;
    const od = next.orderDiscount !== undefined ? next.orderDiscount : orderDiscount;
    try {
      return priceOrder({
        lines: ls.map((l) => ({ listPrice: l.item.price, qty: l.qty, adjust: l.adjust })),
        memberBps: m?.discountBps,
        orderDiscount: od ?? undefined,
        rounding: opts.rounding?.() ?? 'none',
      });
    } catch (e) {
      return pricingRefusal(e);
    }
  }

  function view(): Cart {
    const ls = [...lines.values()];
    const p = pricedWith({ lines: ls });
    const out = ls.map(({ item, qty, adjust }, i) => {
      const priced = p.lines[i]!;
      return {
        productId: item.id,
        sku: item.sku,
        name: item.name,
        unit: item.unit,
        qty,
        unitPrice: fen(priced.unitPrice),
        lineTotal: fen(priced.lineTotal),
        listPrice: fen(item.price),
        discount: fen(priced.discount),
        ...(adjust?.discount ? { lineDiscount: adjust.discount } : {}),
        // Selling past the estimated stock is allowed (the estimate may be stale; the goods are in hand).
        ...(item.stock !== null && qty > item.stock
          ? { stockWarning: { code: 'BELOW_STOCK' as const, available: item.stock } }
          : {}),
      };
    });
    return {
      lines: out as Cart['lines'],
      itemCount: out.reduce((n, l) => n + l.qty, 0),
      subtotal: fen(p.subtotal),
      total: fen(p.total),
      listTotal: fen(p.listTotal),
      memberDiscount: fen(p.memberDiscount),
      orderDiscount: fen(p.orderDiscount),
      rounding: fen(p.rounding),
      discount: fen(p.discount),
      discretionary: fen(p.discretionary),
      ...(orderDiscount ? { orderAdjust: orderDiscount } : {}),
      member: member ? { id: member.id, name: member.name, discountBps: member.discountBps } : null,
      override: override
        ? {
            supervisorId: override.supervisor.id,
            supervisorName: override.supervisor.name || override.supervisor.username,
          }
        : null,
    } as Cart;
  }

  function line(productId: string): Line {
    const l = lines.get(productId);
    if (!l) throw new AppError('NOT_FOUND', 'That product is not in the cart');
    return l;
  }

  return {
    view,
    /** the pricing of the cart as it is, or as it would be after a change (for the limit checks) */
    priced: pricedWith,
    isEmpty: () => lines.size === 0,
    lines: () => [...lines.values()],
    member: () => member,
    orderDiscount: () => orderDiscount,
    override: () => override,
    add(item: CatalogItem, qty: number): Cart {
      guard();
      assertSellableHere(item);
      const existing = lines.get(item.id);
      const total = (existing?.qty ?? 0) + qty;
      if (total > MAX_QTY) throw new AppError('VALIDATION', `At most ${MAX_QTY} of one product per sale`);
      if (!existing && lines.size >= MAX_CART_LINES)
        throw new AppError('VALIDATION', `At most ${MAX_CART_LINES} lines per sale`);
      // Re-adding refreshes the price to the catalog's current one; what the cashier changed stays.
      lines.set(item.id, { item, qty: total, adjust: existing?.adjust });
      return view();
    },
    setQty(productId: string, qty: number): Cart {
      guard();
      const l = line(productId);
      if (qty === 0) lines.delete(productId);
      else {
        const before = l.qty;
        l.qty = qty;
        try {
          pricedWith();
        } catch (e) {
          l.qty = before; // an amount off larger than the line it is on: the quantity stays as it was
          throw e;
        }
      }
      return view();
    },
    /** The lines as they would be with this line's change (for checking before applying). */
    withLine(productId: string, adjust: LineAdjust | undefined): Line[] {
      line(productId);
      return [...lines.values()].map((l) => (l.item.id === productId ? { ...l, adjust } : l));
    },
    adjustLine(productId: string, adjust: LineAdjust | undefined): Cart {
      guard();
      const l = line(productId);
      l.adjust = adjust && (adjust.price !== undefined || adjust.discount) ? adjust : undefined;
      return view();
    },
    setOrderDiscount(d: Discount | null): Cart {
      guard();
      orderDiscount = d;
      return view();
    },
    setMember(m: CartMember | null): Cart {
      guard();
      member = m;
      return view();
    },
    setOverride(o: CartOverride | null): void {
      override = o;
    },
    snapshot(): CartSnapshot {
      return {
        lines: [...lines.values()].map((l) => ({
          item: l.item,
          qty: l.qty,
          ...(l.adjust ? { adjust: l.adjust } : {}),
        })),
        member,
        orderDiscount,
        override,
      };
    },
    parkedId: () => parkedId,
    /** `check` runs before every change of lines, prices, discounts or member, and may refuse it */
    setGuard(check: () => void): void {
      guard = check;
    },
    /** `f` runs whenever the cart is emptied or replaced by a recalled basket */
    onCleared(f: () => void): void {
      clearedListeners.push(f);
    },
    /** called with a recalled basket's id when the cart lets go of it without selling it (sales/parked-handlers.ts) */
    onRelease(fn: (parkedId: string) => void): void {
      onRelease = fn;
    },
    restore(s: CartSnapshot, fromParked: string | null = null): Cart {
      release();
      cleared();
      parkedId = fromParked;
      lines.clear();
      for (const l of s.lines) lines.set(l.item.id, { item: l.item, qty: l.qty, adjust: l.adjust });
      member = s.member;
      orderDiscount = s.orderDiscount;
      override = s.override;
      return view();
    },
    /** empties the cart; a recalled basket in it goes back onto the list (after a sale it is closed already) */
    clear(): Cart {
      release();
      cleared();
      lines.clear();
      member = null;
      orderDiscount = null;
      override = null;
      return view();
    },
  };
}
export type CartState = ReturnType<typeof createCart>;
