// Shifts (开班/交班) at the counter: open with a float, pay cash in or out by hand, see what the drawer
// should hold by kind, close with the cash counted (expected and difference computed in the closing
// transaction), list closed shifts, print the 交班单. All local (sales.db, through the drawer and the shift
// store — store.ts): works offline. Opening, pay-in/out and closing each write an audit row in the same
// transaction as the act (store.transaction). How a shift reads on screen and slip is views.ts.
// A closed shift is enqueued in the outbox in its closing transaction (kind 'shift'): the sync engine takes
// it to POST /v1/shifts/batch behind the orders rung up before it, so the owner sees every till's 交班.
import type { AuditAction } from '../../../shared/audit';
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import { actEntry } from '../audit/record';
import type { App } from '../context';
import { deviceTimeZone } from '../device/store';
import { loadPrinterConfig, printerFor } from '../print/printer';
import type { ReceiptContext } from '../print/receipt';
import { shiftReportBytes, shiftReportSvg } from './report';
import { shiftViews } from './views';
import { shiftWire } from './wire';

export function shiftHandlers(ctx: App): HandlerGroup {
  const { drawer, moneyCap, shiftStore: store } = ctx;
  const { summary, status, load } = shiftViews(ctx);
  const timeZone = () => ctx.device.record()?.outletTimezone ?? 'Asia/Shanghai';

  const audit = (action: AuditAction, target: string, details: unknown, now: number) =>
    store.audit(actEntry(ctx, { action, target, details, at: now }));

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

  return {
    'shift.status': () => status(),
    'shift.cover': () => {
      const now = ctx.now();
      store.transaction(() => {
        const me = ctx.session.get()!.employee.id;
        const open = drawer.current();
        if (drawer.cover(me, now)) audit('shift.cover', open!.id, { openedBy: open!.opened_by }, now);
      });
      return status();
    },
    'shift.setFloat': ({ openingFloat }) => {
      const now = ctx.now();
      const row = store.transaction(() => {
        drawer.assertMayUse(ctx.session.get()!.employee.id);
        const r = drawer.setFloat(openingFloat, now);
        audit('shift.setFloat', r.id, { openingFloat }, now);
        return r;
      });
      return { shift: summary(row) };
    },
    'shift.current': () => {
      const row = drawer.current();
      return { shift: row ? summary(row) : null };
    },
    'shift.open': ({ openingFloat }) => {
      const employeeId = ctx.session.get()!.employee.id;
      const now = ctx.now();
      const row = store.transaction(() => {
        const r = drawer.open({ employeeId, openingFloat, now, auto: false });
        audit('shift.open', r.id, { openingFloat }, now);
        return r;
      });
      return { shift: summary(row) };
    },
    'shift.payInOut': ({ amount, reason }) => {
      const employeeId = ctx.session.get()!.employee.id;
      const now = ctx.now();
      const row = store.transaction(() => {
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
      });
      return { shift: summary(row) };
    },
    'shift.close': ({ countedCash, note }) => {
      const employeeId = ctx.session.get()!.employee.id;
      const now = ctx.now();
      const row = store.transaction(() => {
        // A parked basket (挂单) needs a decision first — recalled and sold, or discarded with a reason —
        // so no customer's basket is left behind by a shift that has ended.
        const waiting = store.openBaskets();
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
      });
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
