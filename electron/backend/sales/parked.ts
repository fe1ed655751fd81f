// Hold and recall (挂单 / 取单) in sales.db (sales 0009 parked_baskets). Parking writes the basket and its audit
// row in one transaction, then empties the cart; recalling marks the basket as in a cart (off the list) and
// audits it, then fills the cart. A recalled basket is closed only by its sale (in the checkout transaction,
// sales/checkout.ts) or an explicit discard with a reason; if the cart lets go of it otherwise (cleared,
// logout, login, a restart) it returns to the list as it was parked — no crash or lock loses a basket.
// A shift cannot close while a basket waits (shifts/handlers.ts).
import type { AuditAction } from '../../../shared/audit';
import type { MemberView, ParkedBasket } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { HandlerGroup } from '../api';
import { appendAudit } from '../audit/chain';
import { actEntry } from '../audit/record';
import type { App } from '../context';
import type { CartSnapshot } from './cart';

interface Row {
  id: string;
  parked_at: number;
  parked_by: string;
  member_name: string | null;
  seat: string | null;
  note: string | null;
  item_count: number;
  total: number;
  basket: string;
}

export function parkedHandlers(ctx: App): HandlerGroup {
  const db = ctx.dbs.sales;
  const listRows = db.prepare(
    'SELECT * FROM parked_baskets WHERE closed_at IS NULL AND recalled_at IS NULL ORDER BY parked_at, id',
  );
  const byId = db.prepare('SELECT * FROM parked_baskets WHERE id = ?');
  const nameRow = db.prepare('SELECT employee_json FROM offline_credentials WHERE employee_id = ?').pluck();
  const insert = db.prepare(`INSERT INTO parked_baskets (id, parked_at, parked_by, member_id, member_name, seat, note,
      item_count, total, basket) VALUES (@id, @at, @by, @memberId, @memberName, @seat, @note, @itemCount, @total, @basket)`);
  const repark = db.prepare(`UPDATE parked_baskets SET parked_at = @at, parked_by = @by, member_id = @memberId,
      member_name = @memberName, seat = @seat, note = @note, item_count = @itemCount, total = @total, basket = @basket,
      recalled_at = NULL, recalled_by = NULL WHERE id = @id AND closed_at IS NULL`);
  const markRecalled = db.prepare(
    'UPDATE parked_baskets SET recalled_at = ?, recalled_by = ? WHERE id = ? AND closed_at IS NULL AND recalled_at IS NULL',
  );
  const discard = db.prepare(`UPDATE parked_baskets SET closed_at = ?, closed_by = ?, outcome = 'discarded', reason = ?
      WHERE id = ? AND closed_at IS NULL AND recalled_at IS NULL`);
  const release = db.prepare(
    'UPDATE parked_baskets SET recalled_at = NULL, recalled_by = NULL WHERE id = ? AND closed_at IS NULL',
  );

  // This process's carts are gone: a basket recalled before a restart or crash is waiting again.
  db.prepare(
    'UPDATE parked_baskets SET recalled_at = NULL, recalled_by = NULL WHERE closed_at IS NULL AND recalled_at IS NOT NULL',
  ).run();
  ctx.cart.onRelease((id) => {
    try {
      release.run(id);
    } catch (e) {
      ctx.log(`parked basket ${id} could not be put back (it returns at the next start)`, e);
    }
  });

  function nameOf(id: string): string | null {
    const s = ctx.session.get();
    if (s?.employee.id === id) return s.employee.name || s.employee.username;
    const json = nameRow.get(id) as string | undefined;
    if (!json) return null;
    const e = JSON.parse(json) as { name?: string; username?: string };
    return e.name || e.username || null;
  }

  function view(r: Row): ParkedBasket {
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

  const audit = (action: AuditAction, target: string, details: unknown, now: number) =>
    appendAudit(db, actEntry(ctx, { action, target, details, at: now }));

  const list = () => ({ baskets: (listRows.all() as Row[]).map(view) });

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
      db.transaction(() => {
        if (again) repark.run(row);
        else insert.run(row);
        audit(
          'park.save',
          id,
          { itemCount: cart.itemCount, total: cart.total, memberId: row.memberId, seat: row.seat },
          now,
        );
      })();
      // Only after the commit: a failed write leaves the cart as it was.
      return { basket: view(byId.get(id) as Row), cart: ctx.cart.clear() };
    },
    'park.recall': ({ id }) => {
      if (!ctx.cart.isEmpty())
        throw new AppError('CONFLICT', 'Finish or park the sale in progress first', { reason: 'CART_NOT_EMPTY' });
      const now = ctx.now();
      const by = ctx.session.get()!.employee.id;
      const r = db.transaction(() => {
        const row = byId.get(id) as Row | undefined;
        if (!row || markRecalled.run(now, by, id).changes !== 1)
          throw new AppError('NOT_FOUND', 'That basket is not waiting any more (sold, discarded or recalled)');
        audit('park.recall', id, { parkedBy: row.parked_by, total: row.total }, now);
        return row;
      })();
      const cart = ctx.cart.restore(JSON.parse(r.basket) as CartSnapshot, id);
      return { cart, seat: r.seat, member: memberNow(cart.member?.id) };
    },
    'park.discard': ({ id, reason }) => {
      const now = ctx.now();
      const by = ctx.session.get()!.employee.id;
      db.transaction(() => {
        const row = byId.get(id) as Row | undefined;
        if (!row || discard.run(now, by, reason, id).changes !== 1)
          throw new AppError('NOT_FOUND', 'That basket is not waiting any more (sold, discarded or recalled)');
        audit(
          'park.discard',
          id,
          { reason, parkedBy: row.parked_by, itemCount: row.item_count, total: row.total },
          now,
        );
      })();
      return list();
    },
  };
}

/** For shift.close: how many baskets wait (on the list or in a cart). */
export function openBaskets(db: App['dbs']['sales']): number {
  return db.prepare('SELECT count(*) FROM parked_baskets WHERE closed_at IS NULL').pluck().get() as number;
}
