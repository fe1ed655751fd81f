// Shifts (开班/交班) at the counter: open with a float, pay cash in or out by hand, see what the drawer
// should hold by kind, close with the cash counted (expected and difference computed in the closing
// transaction), list closed shifts, print the 交班单. All local (sales.db): works offline.
// Opening, pay-in/out and closing each write an audit row in the same transaction as the act.
// A closed shift is enqueued in the outbox in its closing transaction (kind 'shift'): the sync engine takes
// it to POST /v1/shifts/batch behind the orders rung up before it, so the owner sees every till's 交班.
import type { AuditAction } from '../../../shared/audit';
import type { ShiftCover, ShiftSaleChanges, ShiftStatus, ShiftSummary } from '../../../shared/api/shift-methods';
import { AppError } from '../../../shared/errors';
import { fen } from '../../../shared/money';
import type { HandlerGroup } from '../api';
import { appendAudit } from '../audit/chain';
import { actEntry } from '../audit/record';
import type { BackendContext } from '../context';
import { loadPrinterConfig, printerFor } from '../print/printer';
import type { ReceiptContext } from '../print/receipt';
import { createDrawer, type ShiftRow } from './drawer';
import { createMoneyCap } from './money-cap';
import { shiftReportBytes, shiftReportSvg } from './report';
import { openBaskets } from '../sales/parked';
import { shiftWire } from './wire';
import { deviceTimeZone } from '../device/store';

export function shiftHandlers(ctx: BackendContext): HandlerGroup {
  const db = ctx.dbs.sales;
  const drawer = createDrawer(db);
  const moneyCap = createMoneyCap(db);
  const timeZone = () => ctx.device.record()?.outletTimezone ?? 'Asia/Shanghai';
  const nameRow = db.prepare('SELECT employee_json FROM offline_credentials WHERE employee_id = ?').pluck();

  /** The employee's name from their last login on this till (the session's for the one logged in now). */
  function nameOf(id: string | null): string | null {
    if (!id) return null;
    const s = ctx.session.get();
    if (s?.employee.id === id) return s.employee.name || s.employee.username;
    const json = nameRow.get(id) as string | undefined;
    if (!json) return null;
    const e = JSON.parse(json) as { name?: string; username?: string };
    return e.name || e.username || null;
  }

  const changes = {
    orders: db.prepare(`SELECT coalesce(sum(o.order_discount), 0) AS od, coalesce(sum(o.member_discount), 0) AS md,
        coalesce(sum(o.rounding), 0) AS rd,
        coalesce(sum((SELECT sum(max(0, coalesce(l.list_price, l.unit_price) * l.qty - l.line_total))
          FROM order_lines l WHERE l.order_id = o.id)), 0) AS ld
      FROM orders o WHERE o.shift_id = ?`),
    returns: db.prepare(`SELECT count(*) AS n, coalesce(sum(reason = 'void'), 0) AS voids,
        coalesce(sum(CASE WHEN reason = 'void' THEN total END), 0) AS voidsTotal FROM returns WHERE shift_id = ?`),
    refunds:
      db.prepare(`SELECT x.method, sum(x.amount) AS total FROM return_refunds x JOIN returns r ON r.id = x.return_id
      WHERE r.shift_id = ? GROUP BY x.method`),
    overrides: db
      .prepare(
        `SELECT count(*) FROM overrides v WHERE v.ref IN (SELECT id FROM orders WHERE shift_id = ?)
        OR v.ref IN (SELECT id FROM returns WHERE shift_id = ?)`,
      )
      .pluck(),
  };

  /** Discounts, returns by tender, voids and overrides of the shift (shared/api/shift-methods.ts). */
  function saleChanges(shiftId: string): ShiftSaleChanges {
    const o = changes.orders.get(shiftId) as { od: number; md: number; rd: number; ld: number };
    const r = changes.returns.get(shiftId) as { n: number; voids: number; voidsTotal: number };
    const refundsByMethod: Record<string, number> = {};
    for (const x of changes.refunds.all(shiftId) as { method: string; total: number }[])
      refundsByMethod[x.method] = x.total;
    return {
      discountsGiven: o.od + o.ld,
      memberDiscounts: o.md,
      rounding: o.rd,
      returnsCount: r.n,
      refundsByMethod,
      voidsCount: r.voids,
      voidsTotal: r.voidsTotal,
      overridesCount: changes.overrides.get(shiftId, shiftId) as number,
    };
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
      saleChanges: saleChanges(row.id),
      needsFloat: row.closed_at === null && row.auto_opened === 1 && row.float_set_at === null,
      covers: covers(row.id),
    };
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

  function status(): ShiftStatus {
    const me = ctx.session.get()!.employee.id;
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

  const audit = (action: AuditAction, target: string, details: unknown, now: number) =>
    appendAudit(db, actEntry(ctx, { action, target, details, at: now }));

  function receiptContext(): ReceiptContext {
    const config = loadPrinterConfig(ctx.dataDir);
    const device = ctx.device.record();
    const paperWidth = config.kind === 'network' ? config.paperWidth : 58;
    return {
      outletName: device?.outletName ?? '',
      timeZone: deviceTimeZone(device),
      cpl: paperWidth === 80 ? 48 : 32,
    };
  }

  function load(id: string): ShiftSummary {
    const row = drawer.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'No such shift on this till');
    return summary(row);
  }

  return {
    'shift.status': () => status(),
    'shift.cover': () => {
      const now = ctx.now();
      db.transaction(() => {
        const me = ctx.session.get()!.employee.id;
        const open = drawer.current();
        if (drawer.cover(me, now)) audit('shift.cover', open!.id, { openedBy: open!.opened_by }, now);
      })();
      return status();
    },
    'shift.setFloat': ({ openingFloat }) => {
      const now = ctx.now();
      const row = db.transaction(() => {
        drawer.assertMayUse(ctx.session.get()!.employee.id);
        const r = drawer.setFloat(openingFloat, now);
        audit('shift.setFloat', r.id, { openingFloat }, now);
        return r;
      })();
      return { shift: summary(row) };
    },
    'shift.current': () => {
      const row = drawer.current();
      return { shift: row ? summary(row) : null };
    },
    'shift.open': ({ openingFloat }) => {
      const employeeId = ctx.session.get()!.employee.id;
      const now = ctx.now();
      const row = db.transaction(() => {
        const r = drawer.open({ employeeId, openingFloat, now, auto: false });
        audit('shift.open', r.id, { openingFloat }, now);
        return r;
      })();
      return { shift: summary(row) };
    },
    'shift.payInOut': ({ amount, reason }) => {
      const employeeId = ctx.session.get()!.employee.id;
      const now = ctx.now();
      const row = db.transaction(() => {
        drawer.assertMayUse(employeeId);
        const coveringFor = drawer.coveringFor(employeeId);
        const shift = drawer.shiftFor(employeeId, now);
        const expected = drawer.totals(shift).expectedCash;
        // Cash that is not there cannot be taken out: a pay-out beyond what the drawer should hold is a typo
        // or a loss to look into, not a movement to record.
        if (amount < 0 && expected + amount < 0) {
          // the rule as a range on the amount, so the screen can say "at most ¥12.00" (renderer/i18n/errors.ts)
          throw new AppError('VALIDATION', 'The drawer should not hold that much cash', [
            {
              path: 'amount',
              code: 'too_big',
              origin: 'number',
              maximum: expected,
              message: `at most ${expected} fen can be taken out`,
            },
          ]);
        }
        // A pay-out counts against the employee's daily money-movement cap (the cloud never sees it).
        if (amount < 0) moneyCap.assertWithin(employeeId, -amount, now, timeZone());
        drawer.record({ kind: amount > 0 ? 'pay_in' : 'pay_out', amount, reason, employeeId, now });
        audit(
          amount > 0 ? 'shift.payIn' : 'shift.payOut',
          shift.id,
          { amount, reason, ...(coveringFor ? { coveringFor } : {}) },
          now,
        );
        return drawer.get(shift.id)!;
      })();
      return { shift: summary(row) };
    },
    'shift.close': ({ countedCash, note }) => {
      const employeeId = ctx.session.get()!.employee.id;
      const now = ctx.now();
      const row = db.transaction(() => {
        // A parked basket (挂单) needs a decision first — recalled and sold, or discarded with a reason —
        // so no customer's basket is left behind by a shift that has ended.
        const waiting = openBaskets(db);
        if (waiting > 0)
          throw new AppError('CONFLICT', `${waiting} parked basket(s) wait: recall or discard them first`, {
            reason: 'PARKED_BASKETS',
            count: waiting,
          });
        const r = drawer.close({ employeeId, countedCash, note: note ? note : null, now });
        audit(
          'shift.close',
          r.id,
          {
            openingFloat: r.opening_float,
            expectedCash: r.expected_cash,
            countedCash: r.counted_cash,
            difference: r.difference,
            autoOpened: r.auto_opened === 1,
            covers: drawer.covers(r.id).map((c) => c.employee_id),
          },
          now,
        );
        ctx.outbox.enqueue('shift', shiftWire(r, drawer.totals(r)), now);
        return r;
      })();
      // Try to send it now; offline it waits in the outbox (logout and reset count it as unsent).
      ctx.kickSync();
      ctx.afterShiftClose();
      return { shift: summary(row) };
    },
    'shift.history': ({ limit }) => ({ shifts: drawer.history(limit).map(summary) }),
    'shift.print': async ({ id }) => {
      const s = load(id);
      const c = receiptContext();
      const printer = printerFor(loadPrinterConfig(ctx.dataDir));
      if (!printer) throw new AppError('PRINTER_ERROR', '未设置小票打印机 (no receipt printer is set up)');
      await printer.print(shiftReportBytes(s, c));
      return { printed: true as const };
    },
    'shift.preview': ({ id }) => ({ svg: shiftReportSvg(load(id), receiptContext()) }),
  };
}
