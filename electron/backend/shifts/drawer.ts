// The till's cash drawer in sales.db (sales 0006): shifts and cash movements. Every function here is
// synchronous and opens no transaction of its own that could commit on its own: callers run them INSIDE the
// transaction of the thing the cash belongs to (checkout, virtual journal, member top-up, pay-in/out,
// shift close), so a movement commits with its sale or not at all. better-sqlite3 turns a nested
// transaction into a savepoint, so calling the wrapped helpers inside an outer transaction is safe.
//
// No open shift is never a reason to refuse a sale (docs/reliability.md: cash keeps working, offline too): the
// first sale or movement then opens a shift itself, with an opening float of 0, marked auto_opened.
import { emptyTakings, type PaymentMethod, type TakingsByMethod } from '../../../shared/payments/methods';
import { AppError, zodIssues } from '../../../shared/errors';
import { zShiftRunningTotals } from '../../../shared/sync/protocol';
import { newId } from '../../../shared/ids';
import type { Db } from '../db/open';

import { CASH_KINDS, CASH_MOVEMENT_KINDS, type CashKind } from '../../../shared/cash';

export interface ShiftRow {
  id: string;
  opened_by: string;
  opened_at: number;
  opening_float: number;
  auto_opened: number;
  closed_at: number | null;
  closed_by: string | null;
  counted_cash: number | null;
  expected_cash: number | null;
  difference: number | null;
  note: string | null;
  /** when the float of an auto-opened shift was given (sales 0014); null: not given (or opened by hand) */
  float_set_at: number | null;
}

export interface ShiftTotals {
  /** every kind, 0 where nothing moved */
  cashByKind: Record<CashKind, number>;
  /** opening float + every movement */
  expectedCash: number;
  /** sales made in the shift (any payment) and their total */
  salesCount: number;
  salesTotal: number;
  /** what the shift's sales took per payment method (split tenders apart; cash net of change) */
  takingsByMethod: TakingsByMethod;
}

const onceKind = (k: CashKind): boolean => 'once' in CASH_MOVEMENT_KINDS[k];

interface Movement {
  kind: CashKind;
  amount: number;
  ref?: string | null;
  memberId?: string | null;
  reason?: string | null;
  employeeId: string;
  now: number;
}

const emptyTotals = (): Pick<ShiftTotals, 'cashByKind' | 'salesCount' | 'salesTotal'> => ({
  cashByKind: Object.fromEntries(CASH_KINDS.map((k) => [k, 0])) as Record<CashKind, number>,
  salesCount: 0,
  salesTotal: 0,
});

/**
 * The one guarantee behind "a shift can always be closed and sent": its running totals stay within the limits
 * of the shift wire (shared/sync/protocol.ts zShiftRunningTotals). Crossing one is VALIDATION naming the field,
 * e.g. shift.expectedCash — the act that would cross it is refused, in its own transaction.
 */
function assertFits(t: ShiftTotals): void {
  const r = zShiftRunningTotals.safeParse(t);
  if (r.success) return;
  const issues = zodIssues(r.error).map((i) => ({ path: `shift.${i.path}`, message: i.message }));
  throw new AppError(
    'VALIDATION',
    `The open shift cannot take this: ${issues[0]!.path} would leave its limit (${issues[0]!.message}). ` +
      'Close the shift (交班) and open a new one first.',
    issues,
  );
}

export function createDrawer(db: Db) {
  const openRow = db.prepare('SELECT * FROM shifts WHERE closed_at IS NULL');
  const byId = db.prepare('SELECT * FROM shifts WHERE id = ?');
  const insShift = db.prepare(`INSERT INTO shifts (id, opened_by, opened_at, opening_float, auto_opened)
    VALUES (@id, @openedBy, @openedAt, @openingFloat, @autoOpened)`);
  const insMove =
    db.prepare(`INSERT INTO cash_movements (id, shift_id, kind, amount, ref, member_id, reason, employee_id, at)
    VALUES (@id, @shiftId, @kind, @amount, @ref, @memberId, @reason, @employeeId, @at) ON CONFLICT DO NOTHING`);
  // What sales 0014 added (covers, the covering mark, the float given later) is prepared at first use: the
  // migration tests of earlier versions write their rows through this drawer on a file without them.
  const lazy = (sql: string) => {
    let st: ReturnType<Db['prepare']> | undefined;
    return () => (st ??= db.prepare(sql));
  };
  const insCoveredMove =
    lazy(`INSERT INTO cash_movements (id, shift_id, kind, amount, ref, member_id, reason, employee_id, at, covering)
    VALUES (@id, @shiftId, @kind, @amount, @ref, @memberId, @reason, @employeeId, @at, 1) ON CONFLICT DO NOTHING`);
  const coverOf = lazy('SELECT at FROM shift_covers WHERE shift_id = ? AND employee_id = ?');
  const insCover = lazy('INSERT INTO shift_covers (shift_id, employee_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const coversOf = lazy('SELECT employee_id, at FROM shift_covers WHERE shift_id = ? ORDER BY at, employee_id');
  const coveredWork = lazy(`SELECT c.employee_id,
      (SELECT count(*) FROM orders o WHERE o.shift_id = c.shift_id AND o.employee_id = c.employee_id) AS sales,
      (SELECT coalesce(sum(o.total), 0) FROM orders o WHERE o.shift_id = c.shift_id AND o.employee_id = c.employee_id) AS salesTotal,
      (SELECT coalesce(sum(m.amount), 0) FROM cash_movements m WHERE m.shift_id = c.shift_id AND m.employee_id = c.employee_id
        AND m.covering = 1) AS cash
    FROM shift_covers c WHERE c.shift_id = ? ORDER BY c.at, c.employee_id`);
  const setFloatRow = lazy(
    'UPDATE shifts SET opening_float = ?, float_set_at = ? WHERE id = ? AND closed_at IS NULL AND auto_opened = 1 AND float_set_at IS NULL',
  );
  const moveOf = db.prepare('SELECT amount, employee_id FROM cash_movements WHERE kind = ? AND ref = ?');
  const netOf = db.prepare('SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE ref = ?').pluck();
  const lastTaker = db
    .prepare(
      "SELECT employee_id FROM cash_movements WHERE ref = ? AND kind = 'virtual_sale' ORDER BY at DESC, rowid DESC LIMIT 1",
    )
    .pluck();
  const sums = db.prepare('SELECT kind, sum(amount) AS total FROM cash_movements WHERE shift_id = ? GROUP BY kind');
  const sales = db.prepare('SELECT count(*) AS n, coalesce(sum(total), 0) AS total FROM orders WHERE shift_id = ?');
  const byMethod =
    db.prepare(`SELECT p.method, sum(p.amount) AS total FROM payments p JOIN orders o ON o.id = p.order_id
      WHERE o.shift_id = ? GROUP BY p.method`);
  const close = db.prepare(`UPDATE shifts SET closed_at = @closedAt, closed_by = @closedBy, counted_cash = @counted,
      expected_cash = @expected, difference = @difference, note = @note WHERE id = @id AND closed_at IS NULL`);
  const history = db.prepare(
    'SELECT * FROM shifts WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT ?',
  );
  const lastMovement = db.prepare('SELECT coalesce(max(rowid), 0) FROM cash_movements').pluck();
  const kindsSince = db.prepare('SELECT kind FROM cash_movements WHERE rowid > ?').pluck();

  function open(p: { employeeId: string; openingFloat: number; now: number; auto: boolean }): ShiftRow {
    if (openRow.get())
      throw new AppError('CONFLICT', 'A shift is already open on this till; close it first', { reason: 'SHIFT_OPEN' });
    const id = newId();
    insShift.run({
      id,
      openedBy: p.employeeId,
      openedAt: p.now,
      openingFloat: p.openingFloat,
      autoOpened: p.auto ? 1 : 0,
    });
    return byId.get(id) as ShiftRow;
  }

  /** The open shift, opened now (float 0, auto_opened) when there is none. Call inside the caller's transaction. */
  function shiftFor(employeeId: string, now: number): ShiftRow {
    return (openRow.get() as ShiftRow | undefined) ?? open({ employeeId, openingFloat: 0, now, auto: true });
  }

  /**
   * Records one movement in the open shift. A sale or member top-up whose ref already has its movement is
   * a repeat: nothing is written (false). Amount 0 writes nothing (a free sale moves no cash).
   * Virtual orders go through takeVirtual / handBackVirtual, which keep their running sum instead.
   */
  function record(m: Movement): boolean {
    return recordTx(m);
  }
  // A savepoint inside the caller's transaction (a transaction of its own when there is none): a movement
  // that would take the shift past its wire's limits is refused, and nothing of it stays.
  const recordTx = db.transaction((m: Movement): boolean => {
    if (m.amount === 0) return false;
    if (m.ref && onceKind(m.kind) && moveOf.get(m.kind, m.ref)) return false;
    const shift = shiftFor(m.employeeId, m.now);
    // 代班: made by someone other than the shift's opener (assertMayUse let only a recorded cover through);
    // a hand-back is written under its taker's name, so it is marked when the taker was not the opener
    const r = (shift.opened_by === m.employeeId ? insMove : insCoveredMove()).run({
      id: newId(),
      shiftId: shift.id,
      kind: m.kind,
      amount: m.amount,
      ref: m.ref ?? null,
      memberId: m.memberId ?? null,
      reason: m.reason ?? null,
      employeeId: m.employeeId,
      at: m.now,
    });
    if (r.changes === 1) assertFits(totals(shift));
    return r.changes === 1;
  });

  /**
   * Would `amount` more of `kind` still fit the open shift (or the one the movement would open)? Asked before
   * an act whose cash is recorded only after the cloud said yes (a member top-up), so the cloud is never
   * asked for what the drawer would then refuse. VALIDATION naming the field when it would not.
   */
  function assertRoomFor(kind: CashKind, amount: number): void {
    const open = openRow.get() as ShiftRow | undefined;
    const t = open ? totals(open) : { ...emptyTotals(), expectedCash: 0, takingsByMethod: emptyTakings() };
    t.cashByKind[kind] += amount;
    t.expectedCash += amount;
    assertFits(t);
  }

  /** The customer's cash for a virtual order enters the drawer, unless the drawer already holds it for this order. */
  function takeVirtual(clientOrderId: string, amount: number, employeeId: string, now: number): boolean {
    if ((netOf.get(clientOrderId) as number) > 0) return false;
    return record({ kind: 'virtual_sale', amount, ref: clientOrderId, employeeId, now });
  }

  /**
   * The cash of a virtual order goes back to the customer (it failed, or the cloud refused it): whatever
   * the drawer holds for it, once — a second "failed" finds the sum at 0 and writes nothing. Nothing when
   * this till never took cash for it. The movement is the taker's (the employee who took the cash).
   */
  function handBackVirtual(clientOrderId: string, now: number): boolean {
    const held = netOf.get(clientOrderId) as number;
    if (held <= 0) return false;
    return record({
      kind: 'virtual_refund',
      amount: -held,
      ref: clientOrderId,
      employeeId: lastTaker.get(clientOrderId) as string,
      now,
    });
  }

  function totals(shift: ShiftRow): ShiftTotals {
    const { cashByKind } = emptyTotals();
    for (const r of sums.all(shift.id) as { kind: CashKind; total: number }[]) cashByKind[r.kind] = r.total;
    const s = sales.get(shift.id) as { n: number; total: number };
    const moved = CASH_KINDS.reduce((a, k) => a + cashByKind[k], 0);
    const takingsByMethod = emptyTakings();
    for (const r of byMethod.all(shift.id) as { method: PaymentMethod; total: number }[])
      if (r.method in takingsByMethod) takingsByMethod[r.method] = r.total;
    return {
      cashByKind,
      expectedCash: shift.opening_float + moved,
      salesCount: s.n,
      salesTotal: s.total,
      takingsByMethod,
    };
  }

  /**
   * A shift belongs to a person: another employee may make cash acts in it only after choosing to cover it
   * (代班, `cover`). CONFLICT (reason SHIFT_OF_ANOTHER) otherwise — the screen then offers handover or cover.
   * No open shift: the act opens the employee's own. Asked by the acts a person makes (sale, split tender,
   * top-up, member top-up, return, pay-in/out), never by what arrives later (a failed top-up's cash handed
   * back goes to the shift it is in, under its taker's name).
   */
  function assertMayUse(employeeId: string): void {
    const open = openRow.get() as ShiftRow | undefined;
    if (!open || open.opened_by === employeeId || coverOf().get(open.id, employeeId) !== undefined) return;
    throw new AppError(
      'CONFLICT',
      'The open shift is another employee’s: hand it over (交班) or cover it (代班) first',
      { reason: 'SHIFT_OF_ANOTHER', shiftId: open.id, openedBy: open.opened_by },
    );
  }

  /** The opener of the open shift when `employeeId` acts in it under cover (代班), else null: for audit rows. */
  function coveringFor(employeeId: string): string | null {
    const open = openRow.get() as ShiftRow | undefined;
    return open && open.opened_by !== employeeId ? open.opened_by : null;
  }

  return {
    assertMayUse,
    coveringFor,
    /**
     * 代班: the employee acts within the open shift of another from now on. True when this made the record,
     * false when it existed or the shift is theirs. NOT_FOUND (NO_OPEN_SHIFT) when none is open.
     */
    cover(employeeId: string, now: number): boolean {
      const open = openRow.get() as ShiftRow | undefined;
      if (!open) throw new AppError('NOT_FOUND', 'No shift is open on this till', { reason: 'NO_OPEN_SHIFT' });
      if (open.opened_by === employeeId) return false;
      return insCover().run(open.id, employeeId, now).changes === 1;
    },
    isCovering: (shiftId: string, employeeId: string) => coverOf().get(shiftId, employeeId) !== undefined,
    covers: (shiftId: string) => coversOf().all(shiftId) as { employee_id: string; at: number }[],
    /** per cover of the shift: the sales they made in it and the cash they moved in it */
    coveredWork: (shiftId: string) =>
      coveredWork().all(shiftId) as { employee_id: string; sales: number; salesTotal: number; cash: number }[],
    /**
     * The float of a shift a sale opened (auto_opened, float 0), as the drawer really had it: once. CONFLICT
     * (reason FLOAT_SET) for a shift opened by hand, or whose float was given already.
     */
    setFloat(openingFloat: number, now: number): ShiftRow {
      const open = openRow.get() as ShiftRow | undefined;
      if (!open) throw new AppError('NOT_FOUND', 'No shift is open on this till', { reason: 'NO_OPEN_SHIFT' });
      if (setFloatRow().run(openingFloat, now, open.id).changes !== 1)
        throw new AppError('CONFLICT', 'This shift’s float was counted already', { reason: 'FLOAT_SET' });
      const row = byId.get(open.id) as ShiftRow;
      assertFits(totals(row));
      return row;
    },
    /** the movement of a sale or member top-up is in the drawer already (a retry adds none) */
    hasMovement: (kind: 'sale' | 'member_topup', ref: string) => moveOf.get(kind, ref) !== undefined,
    current: () => (openRow.get() as ShiftRow | undefined) ?? null,
    get: (id: string) => (byId.get(id) as ShiftRow | undefined) ?? null,
    open,
    shiftFor,
    record,
    takeVirtual,
    handBackVirtual,
    totals,
    assertRoomFor,
    /** The shift's running totals within its wire's limits, else VALIDATION (a sale calls it after its order row). */
    assertFits: (shift: ShiftRow) => assertFits(totals(shift)),
    /** Closes the open shift with the cash counted; expected and difference are computed here, in the same transaction. */
    close(p: { employeeId: string; countedCash: number; note: string | null; now: number }): ShiftRow {
      const shift = openRow.get() as ShiftRow | undefined;
      if (!shift) throw new AppError('NOT_FOUND', 'No shift is open on this till', { reason: 'NO_OPEN_SHIFT' });
      const expected = totals(shift).expectedCash;
      close.run({
        id: shift.id,
        closedAt: p.now,
        closedBy: p.employeeId,
        counted: p.countedCash,
        expected,
        difference: p.countedCash - expected,
        note: p.note,
      });
      return byId.get(shift.id) as ShiftRow;
    },
    history: (limit: number) => history.all(limit) as ShiftRow[],
    /** where the cash movements stand now (0: none yet); a later movement has a greater one (payments/drawer.ts) */
    lastMovementSeq: () => lastMovement.get() as number,
    /** the kinds of the cash movements made after `seq` (lastMovementSeq) */
    movementKindsSince: (seq: number) => kindsSince.all(seq) as string[],
  };
}
export type Drawer = ReturnType<typeof createDrawer>;
