// Runtime: Node. Orders the cloud could not vouch for (待核对订单), for the owner:
//   GET  /v1/orders/flagged?status=open|reviewed|all&cursor=&limit=   report.view (employee session): newest
//        flag first, with the till, the cashier and each reason (shared/api/flagged-orders.ts), and how many
//        are still open
//   POST /v1/orders/flagged/:id/review                                report.view: marked reviewed, audited
// and the order push that flags them (checks.ts) e-mails the owner once per push that flagged any (alert
// 'order_flagged'), after the commit and never failing the push — like a cash shortfall.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FLAGGED_PATHS, zFlaggedListQuery, type FlagReason } from '../../shared/api/flagged-orders';
import { formatFen } from '../../shared/money';
import type { OrderResult } from '../../shared/sync/records';
import type { RecordPush } from '../records/routes';
import { sendAlert } from '../security/alerts';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { actorOf } from '../security/session-auth';
import { pushOrders } from '../orders/repository';
import type { Flagged } from './checks';
import { listFlagged, reviewFlagged } from './store';

const zOrderParam = z.object({ id: z.uuid() });
const yuan = (fen: number) => formatFen(fen, 'zh-CN');
/** at most this many orders are named in one alert e-mail; the rest are counted */
const ALERT_NAMES_MAX = 10;

/** The owner's routes; register inside the employee-session scope (outlets only: agents have no tills). */
export function flaggedOrderRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      FLAGGED_PATHS.list,
      { schema: { querystring: zFlaggedListQuery }, config: { permission: 'report.view' } },
      async (request) => listFlagged(ctx.db, actorOf(request).employee.org_id, request.query),
    );
    app.post(
      FLAGGED_PATHS.review,
      { schema: { params: zOrderParam }, config: { permission: 'report.view', action: 'order.flag_review' } },
      async (request) => {
        const { id: orderId } = request.params;
        const a = actorOf(request);
        return ctx.db.tx(async (q) => {
          const r = await reviewFlagged(q, a.employee.org_id, orderId, a.employee.id, ctx.now());
          if (r.result === 'ok') await auditOk(q, ctx, request, { target: orderId });
          return r;
        });
      },
    );
  };
}

/** The order kind's repository (records/routes.ts): store and flag, then alert the owner about what was flagged. */
export async function pushOrdersAndAlert(ctx: SecurityContext, raws: unknown[], p: RecordPush): Promise<OrderResult[]> {
  let flagged: Flagged[] = [];
  const results = await pushOrders(ctx.db, raws, {
    deviceId: p.device.id,
    outletId: p.device.outlet_id,
    now: p.now,
    log: p.log,
    onFlagged: (f) => (flagged = f),
  });
  if (flagged.length > 0)
    await alertFlagged(ctx, p.device, flagged).catch((err: unknown) => p.log(err, 'flagged-order alert failed'));
  return results;
}

/** The reason in the owner's words (the e-mail; the back office has its own texts in both languages). */
export function reasonText(r: FlagReason): string {
  switch (r.kind) {
    case 'discount_over_limit':
      return r.beyond === 'AMOUNT'
        ? `收银员自主优惠 ${yuan(r.discretionaryFen)}，超过其单笔上限 ${yuan(r.maxDiscountFen)}，且无主管授权`
        : `收银员自主优惠 ${yuan(r.discretionaryFen)}，超过其比例上限 ${(r.maxDiscountBps / 100).toFixed(0)}%，且无主管授权`;
    case 'member_discount':
      return `会员折扣 ${yuan(r.memberDiscountFen)}，多于会员等级可给的 ${yuan(r.allowedFen)}`;
    case 'rounding':
      return `抹零 ${yuan(r.roundingFen)}，超出门店规则（${{ none: '不抹零', jiao: '抹到角', yuan: '抹到元' }[r.rule]}）`;
    case 'price_mismatch':
      return r.lines
        .map((l) => `「${l.name}」按 ${yuan(l.tillPriceFen)} 计价，售出时目录价为 ${yuan(l.catalogPriceFen)}`)
        .join('；');
  }
}

async function alertFlagged(
  ctx: SecurityContext,
  device: { id: string; outlet_id: string; name: string },
  flagged: Flagged[],
): Promise<void> {
  const named = flagged
    .slice(0, ALERT_NAMES_MAX)
    .map((f) => `· ${f.order.number}：${f.reasons.map(reasonText).join('；')}`);
  const more = flagged.length > ALERT_NAMES_MAX ? [`……另有 ${flagged.length - ALERT_NAMES_MAX} 笔`] : [];
  await sendAlert(ctx, {
    orgId: device.outlet_id,
    kind: 'order_flagged',
    subject: `${device.name} 有 ${flagged.length} 笔订单需要核对`,
    body:
      `收银台 ${device.name} 上传的 ${flagged.length} 笔订单云端无法核实（订单已照常入账）：\n` +
      [...named, ...more].join('\n') +
      `\n在店长后台「资金 → 待核对订单」查看并标记已核对。`,
  });
}
