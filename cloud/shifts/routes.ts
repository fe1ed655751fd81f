// Runtime: Node. Closed shifts (交班):
//   POST /v1/shifts/batch   the registry's record route for kind 'shift' (cloud/records/routes.ts) over
//                           pushShiftsAndAlert: each shift is judged on its own (store.ts); a new one whose
//                           shortfall (counted < expected) is at least SHORTFALL_ALERT_FEN e-mails the owner
//                           (alert 'cash_shortfall'), once — a duplicate push sends nothing.
//   GET  /v1/shifts?from=&to=&deviceId=&cursor=&limit=   report.view (employee session): every till's closed
//                           shifts, newest first, with till and employee names.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { zShiftListQuery } from '../../shared/api/shift-report';
import { SHIFT_REPORT_PATHS } from '../../shared/api/owner-routes';
import { formatFen } from '../../shared/money';
import { PATHS, type ShiftWire } from '../../shared/sync/protocol';
import { DEFAULT_TIME_ZONE, formatInZone } from '../../shared/time';
import type { ShiftResult } from '../../shared/sync/records';
import { sendAlert } from '../security/alerts';
import type { SecurityContext } from '../security/context';
import { actorOf } from '../security/session-auth';
import { listShifts, pushShifts, shiftStaff } from './store';

export const SHIFT_PATHS = { batch: PATHS.shiftsBatch, list: SHIFT_REPORT_PATHS.list } as const;

/** ¥100: a shift closed with at least this much cash missing alerts the owner by e-mail. */
export const SHORTFALL_ALERT_FEN = 10_000;

const yuan = (fen: number) => formatFen(fen, 'zh-CN');

/**
 * The shift repository of the record routes (cloud/records/routes.ts): stores each shift (store.ts), then
 * alerts the owner of every NEW one with a large shortfall — after the commit, and never failing the push:
 * the stored shift is the record, the e-mail a notice.
 */
export async function pushShiftsAndAlert(
  ctx: SecurityContext,
  raws: unknown[],
  p: { device: { id: string; outlet_id: string; name: string }; now: number; log: (err: unknown, msg: string) => void },
): Promise<ShiftResult[]> {
  const { results, stored } = await pushShifts(ctx.db, raws, {
    deviceId: p.device.id,
    outletId: p.device.outlet_id,
    now: p.now,
    log: p.log,
  });
  for (const s of stored.filter((x) => -x.difference >= SHORTFALL_ALERT_FEN)) {
    await alertShortfall(ctx, p.device, s).catch((err: unknown) => p.log(err, 'cash shortfall alert failed'));
  }
  return results;
}

async function alertShortfall(
  ctx: SecurityContext,
  device: { id: string; outlet_id: string; name: string },
  s: ShiftWire,
): Promise<void> {
  const rows = await shiftStaff(ctx.db, device.outlet_id, [s.openedBy, s.closedBy]);
  const who = (id: string) => {
    const e = rows.find((r) => r.id === id);
    return e ? `${e.name || e.username}（${e.username}）` : id;
  };
  const tz = rows[0]?.timezone ?? DEFAULT_TIME_ZONE;
  const at = (ms: number) => formatInZone(ms, tz, 'dateTimeMinute');
  await sendAlert(ctx, {
    orgId: device.outlet_id,
    kind: 'cash_shortfall',
    subject: `${device.name} 交班短款 ${yuan(-s.difference)}`,
    body:
      `收银台 ${device.name} 的班次（${at(s.openedAt)} 至 ${at(s.closedAt)}）交班时现金短款 ${yuan(-s.difference)}：` +
      `应有现金 ${yuan(s.expectedCash)}，实点现金 ${yuan(s.countedCash)}。开班人 ${who(s.openedBy)}，交班人 ${who(s.closedBy)}。` +
      (s.note ? `交班备注：${s.note}。` : '') +
      `在店长后台「资金 → 交班记录」查看每台收银机的交班。`,
  });
}

/** The owner's list; register inside the employee-session scope. Outlet-only (agents have no tills). */
export function shiftListRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      SHIFT_PATHS.list,
      { schema: { querystring: zShiftListQuery }, config: { permission: 'report.view' } },
      async (request) => {
        const f = request.query;
        return listShifts(ctx.db, actorOf(request).employee.org_id, f, SHORTFALL_ALERT_FEN);
      },
    );
  };
}
