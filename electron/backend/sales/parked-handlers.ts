// Hold and recall (挂单 / 取单): park.* over the parked-basket store (parked.ts). Parking writes the basket and
// its audit row in one transaction, then empties the cart; recalling takes the basket off the list and audits
// it, then fills the cart. A recalled basket is closed only by its sale (in the checkout transaction,
// sales/checkout.ts) or an explicit discard with a reason; if the cart lets go of it otherwise (cleared,
// logout, login, a restart) it returns to the list as it was parked — no crash or lock loses a basket.
// A shift cannot close while a basket waits (shifts/handlers.ts).
import type { AuditAction } from '../../../shared/audit';
import type { MemberView, ParkedBasket } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { HandlerGroup } from '../api';
import { actEntry } from '../audit/record';
import type { App } from '../context';
import type { CartSnapshot } from './cart';
import type { ParkedRow } from './parked';

export function parkedHandlers(ctx: App): HandlerGroup {
  const store = ctx.parkedStore;
  // This process's carts are gone: a basket recalled before a restart or crash is waiting again.
  store.releaseAll();
  ctx.cart.onRelease((id) => {
    try {
      store.release(id);
    } catch (e) {
      ctx.log(`parked basket ${id} could not be put back (it returns at the next start)`, e);
    }
  });

  function nameOf(id: string): string | null {
    const s = ctx.session.get();
    if (s?.employee.id === id) return s.employee.name || s.employee.username;
    return ctx.offlineCredentials.employeeName(id);
  }

  function view(r: ParkedRow): ParkedBasket {
    const snap = JSON.parse(r.basket) as CartSnapshot;
    return {
      id: r.id,
      parkedAt: r.parked_at,
      parkedBy: r.parked_by,
      parkedByName: nameOf(r.parked_by),
      memberName: r.member_name,
      seat: r.seat,
      note: r.note,
      itemCount: r.item_count,
      total: r.total as ParkedBasket['total'],
      lines: snap.lines.slice(0, 5).map((l) => ({ name: l.item.name, qty: l.qty })),
    };
  }

  /** the member box's view of the basket's member; a card gone from this counter leaves only the cart's name */
  function memberNow(id: string | undefined): MemberView | null {
    if (!id) return null;
    try {
      return ctx.members.get(id);
    } catch {
      return null;
    }
  }

  const entry = (action: AuditAction, target: string, details: unknown, now: number) =>
    actEntry(ctx, { action, target, details, at: now });
  const notWaiting = () =>
    new AppError('NOT_FOUND', 'That basket is not waiting any more (sold, discarded or recalled)');

  const list = () => ({ baskets: store.list().map(view) });

  return {
    'park.list': list,
    'park.save': ({ seat, note }) => {
      if (ctx.cart.isEmpty()) throw new AppError('EMPTY_CART', 'The cart is empty: nothing to park');
      const cart = ctx.cart.view();
      const snap = ctx.cart.snapshot();
      const member = ctx.cart.member();
      const by = ctx.session.get()!.employee.id;
      const now = ctx.now();
      const again = ctx.cart.parkedId();
      const id = again ?? newId();
      const row = {
        id,
        at: now,
        by,
        memberId: member?.id ?? null,
        memberName: member?.name ?? null,
        seat: seat ?? null,
        note: note ?? null,
        itemCount: cart.itemCount,
        total: cart.total,
        basket: JSON.stringify(snap),
      };
      store.save(
        row,
        again !== null,
        entry(
          'park.save',
          id,
          { itemCount: cart.itemCount, total: cart.total, memberId: row.memberId, seat: row.seat },
          now,
        ),
      );
      // Only after the commit: a failed write leaves the cart as it was.
      return { basket: view(store.get(id)!), cart: ctx.cart.clear() };
    },
    'park.recall': ({ id }) => {
      if (!ctx.cart.isEmpty())
        throw new AppError('CONFLICT', 'Finish or park the sale in progress first', { reason: 'CART_NOT_EMPTY' });
      const now = ctx.now();
      const by = ctx.session.get()!.employee.id;
      const r = store.recall(id, now, by, (row) =>
        entry('park.recall', id, { parkedBy: row.parked_by, total: row.total }, now),
      );
      if (!r) throw notWaiting();
      const cart = ctx.cart.restore(JSON.parse(r.basket) as CartSnapshot, id);
      return { cart, seat: r.seat, member: memberNow(cart.member?.id) };
    },
    'park.discard': ({ id, reason }) => {
      const now = ctx.now();
      const by = ctx.session.get()!.employee.id;
      const done = store.discard(id, now, by, reason, (row) =>
        entry(
          'park.discard',
          id,
          { reason, parkedBy: row.parked_by, itemCount: row.item_count, total: row.total },
          now,
        ),
      );
      if (!done) throw notWaiting();
      return list();
    },
  };
}
