// How a shift reads on the screen and on the 交班 slip (shared/api/shift-methods.ts): its summary (running totals
// while open, the frozen expected cash once closed), who covered it (代班) and what they did, and the till's
// shift status for the logged-in employee. Read-only: the acts that change a shift are in handlers.ts.
import type { ShiftCover, ShiftStatus, ShiftSummary } from '../../../shared/api/shift-methods';
import { AppError } from '../../../shared/errors';
import { fen } from '../../../shared/money';
import type { App } from '../context';
import type { ShiftRow } from './drawer';

export function shiftViews(app: Pick<App, 'session' | 'drawer' | 'shiftStore' | 'offlineCredentials'>) {
  const { drawer, shiftStore: store } = app;

  /** The employee's name from their last login on this till (the session's for the one logged in now). */
  function nameOf(id: string | null): string | null {
    if (!id) return null;
    const s = app.session.get();
    if (s?.employee.id === id) return s.employee.name || s.employee.username;
    return app.offlineCredentials.employeeName(id);
  }

  /** who covered (代班) the shift, and what they did in it: the shift dialog and the 交班 slip list it */
  function covers(shiftId: string): ShiftCover[] {
    const work = new Map(drawer.coveredWork(shiftId).map((w) => [w.employee_id, w]));
    return drawer.covers(shiftId).map((c) => {
      const w = work.get(c.employee_id);
      return {
        employeeId: c.employee_id,
        name: nameOf(c.employee_id),
        at: c.at,
        salesCount: w?.sales ?? 0,
        salesTotal: w?.salesTotal ?? 0,
        cash: w?.cash ?? 0,
      };
    });
  }

  function summary(row: ShiftRow): ShiftSummary {
    const t = drawer.totals(row);
    return {
      id: row.id,
      openedBy: row.opened_by,
      openedByName: nameOf(row.opened_by),
      openedAt: row.opened_at,
      openingFloat: fen(row.opening_float),
      autoOpened: row.auto_opened === 1,
      salesCount: t.salesCount,
      salesTotal: t.salesTotal,
      cashByKind: t.cashByKind,
      takingsByMethod: t.takingsByMethod,
      // a closed shift shows the figure it was closed with (frozen in the row), an open one the running one
      expectedCash: row.expected_cash ?? t.expectedCash,
      closedAt: row.closed_at,
      closedBy: row.closed_by,
      closedByName: nameOf(row.closed_by),
      countedCash: row.counted_cash === null ? null : fen(row.counted_cash),
      difference: row.difference,
      note: row.note,
      saleChanges: store.saleChanges(row.id),
      needsFloat: row.closed_at === null && row.auto_opened === 1 && row.float_set_at === null,
      covers: covers(row.id),
    };
  }

  function status(): ShiftStatus {
    const me = app.session.get()!.employee.id;
    const row = drawer.current();
    if (!row) return { shift: null, mine: true, covering: false };
    return {
      shift: {
        id: row.id,
        openedBy: row.opened_by,
        openedByName: nameOf(row.opened_by),
        openedAt: row.opened_at,
        autoOpened: row.auto_opened === 1,
        needsFloat: row.auto_opened === 1 && row.float_set_at === null,
      },
      mine: row.opened_by === me,
      covering: row.opened_by !== me && drawer.isCovering(row.id, me),
    };
  }

  /** the shift's summary; NOT_FOUND when this till has no such shift */
  function load(id: string): ShiftSummary {
    const row = drawer.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'No such shift on this till');
    return summary(row);
  }

  return { summary, status, load };
}
