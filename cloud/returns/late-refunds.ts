// Runtime: Node. Refunds to a payment code that fail AFTER the cloud accepted them (退款失败):
//   - the payments engine marks such a failure (payment_refunds.failed_late_at, engine.ts) and calls
//     alertLateRefund; a return reaching the cloud links its code refunds (linkCodeRefunds, in its
//     transaction) and calls alertLateRefundsOf after its commit;
//   - the owner is e-mailed (alert 'refund_failed') exactly when BOTH the failure and its return are known,
//     whichever comes second, once (alerted_at is claimed by one UPDATE before sending): the e-mail names the
//     return, the till, the cashier, the amount and how to pay the customer back;
//   - GET /v1/payments/refunds/failed (report.view): the list in the owner's 资金 tab, newest first, with or
//     without the return (one whose return has not arrived yet is listed too).
// Sending never fails the act that triggered it (a job step, a return push): the row is the record.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { REFUND_FAILURE_PATHS } from '../../shared/api/cloud-routes';
import { formatFen } from '../../shared/money';
import { zLateRefundFailuresQuery, type LateRefundFailure } from '../../shared/payments/owner';
import type { PaymentMethod } from '../../shared/payments/methods';
import type { ProviderId } from '../../shared/payments/wire';
import { codeRefundIdOf, type ReturnWire } from '../../shared/sale/returns';
import { DEFAULT_TIME_ZONE, formatInZone } from '../../shared/time';
import type { Queryable } from '../db/types';
import { sendAlert } from '../security/alerts';
import type { SecurityContext } from '../security/context';
import { actorOf } from '../security/session-auth';

const yuan = (fen: number) => formatFen(fen, 'zh-CN');

/** Where the owner can pay the customer back without cash, per provider (said in the e-mail and the docs). */
export const MERCHANT_CONSOLES: Record<ProviderId, string> = {
  wechatpay: '微信支付商户平台（pay.weixin.qq.com）「交易中心 → 退款管理」',
  alipay: '支付宝商家中心（b.alipay.com）「交易 → 退款」',
  aggregator: '聚合支付服务商的商户后台（退款）',
};
const METHOD_NAMES: Partial<Record<PaymentMethod, string>> = {
  wechat_code: '微信付款码',
  alipay_code: '支付宝付款码',
  unionpay_code: '云闪付付款码',
};

interface Row {
  id: string;
  failed_late_at: string | number;
  amount: string | number;
  failure: string | null;
  alerted_at: string | number | null;
  method: PaymentMethod;
  provider: ProviderId;
  code_masked: string;
  outlet_id: string;
  device_name: string | null;
  return_number: string | null;
  return_created_at: string | number | null;
  employee_id: string | null;
  employee_name: string | null;
  employee_username: string | null;
  timezone: string | null;
}

const SELECT = `SELECT f.id, f.failed_late_at, f.amount, f.failure, f.alerted_at, p.method, p.provider, p.code_masked,
    p.outlet_id, d.name AS device_name, r.number AS return_number, r.created_at AS return_created_at,
    r.employee_id, e.name AS employee_name, e.username AS employee_username, o.timezone
  FROM payment_refunds f
  JOIN payments p ON p.id = f.payment_id
  JOIN organizations o ON o.id = p.outlet_id
  LEFT JOIN devices d ON d.id = f.device_id
  LEFT JOIN returns r ON r.id = f.return_id
  LEFT JOIN employees e ON e.id = r.employee_id`;

/** In a return's transaction: its parts paid back to a payment code name their provider refunds. */
export async function linkCodeRefunds(q: Queryable, returnId: string, r: ReturnWire): Promise<void> {
  const ids = r.refunds.flatMap((x, i) => (x.paymentId ? [codeRefundIdOf(r.clientReturnId, i + 1)] : []));
  if (ids.length > 0)
    await q.query('UPDATE payment_refunds SET return_id = $1 WHERE id = ANY($2::uuid[]) AND return_id IS NULL', [
      returnId,
      ids,
    ]);
}

/** After a return's commit: the alerts of its refunds that had already failed late. */
export async function alertLateRefundsOf(ctx: SecurityContext, returnId: string, log: (e: unknown) => void) {
  const { rows } = await ctx.db.query<{ id: string }>(
    'SELECT id FROM payment_refunds WHERE return_id = $1 AND failed_late_at IS NOT NULL AND alerted_at IS NULL',
    [returnId],
  );
  for (const r of rows) await alertLateRefund(ctx, r.id, log);
}

/** The owner's e-mail about one late failure, if its return is known and nobody sent it yet. Never throws. */
export async function alertLateRefund(ctx: SecurityContext, refundId: string, log: (e: unknown) => void) {
  try {
    const claimed = await ctx.db.query(
      `UPDATE payment_refunds SET alerted_at = $2
        WHERE id = $1 AND failed_late_at IS NOT NULL AND return_id IS NOT NULL AND alerted_at IS NULL RETURNING id`,
      [refundId, ctx.now()],
    );
    if (claimed.rows.length === 0) return;
    const { rows } = await ctx.db.query<Row>(`${SELECT} WHERE f.id = $1`, [refundId]);
    const x = rows[0];
    if (!x) return;
    const tz = x.timezone ?? DEFAULT_TIME_ZONE;
    const amount = yuan(Number(x.amount));
    const till = x.device_name ?? '（已移除的收银机）';
    const who = x.employee_name || x.employee_username || '（未知收银员）';
    const method = METHOD_NAMES[x.method] ?? x.method;
    await sendAlert(
      ctx,
      {
        orgId: x.outlet_id,
        kind: 'refund_failed',
        subject: `退货单 ${x.return_number} 退回${method}的 ${amount} 失败，顾客未收到退款`,
        body:
          `收银台 ${till} 上 ${who}（${x.employee_username ?? ''}）于 ${formatInZone(Number(x.return_created_at), tz, 'dateTimeMinute')} ` +
          `办理的退货单 ${x.return_number}，有 ${amount} 退回顾客的${method}（${x.code_masked}）。支付机构先受理了这笔退款，` +
          `${formatInZone(Number(x.failed_late_at), tz, 'dateTimeMinute')} 告知退款失败（${x.failure ?? '未说明原因'}）：顾客没有收到这笔钱。\n` +
          `请联系顾客，用现金退还 ${amount}（在收银台记一笔现金支出，备注退货单号），或在${MERCHANT_CONSOLES[x.provider]}对原交易重新发起退款。\n` +
          `在店长后台「资金 → 退款失败」查看所有这类退款。`,
        employeeId: x.employee_id,
      },
      log,
    );
  } catch (e) {
    log(e);
  }
}

/** The owner's list, newest failure first. */
export async function listLateFailures(q: Queryable, outletId: string, limit = 50): Promise<LateRefundFailure[]> {
  const { rows } = await q.query<Row>(
    `${SELECT} WHERE p.outlet_id = $1 AND f.failed_late_at IS NOT NULL ORDER BY f.failed_late_at DESC, f.id LIMIT $2`,
    [outletId, limit],
  );
  return rows.map((x) => ({
    refundId: x.id,
    failedAt: Number(x.failed_late_at),
    deviceName: x.device_name,
    amountFen: Number(x.amount) as LateRefundFailure['amountFen'],
    method: x.method,
    provider: x.provider,
    reason: x.failure ?? '',
    returnNumber: x.return_number,
    employeeName: x.employee_name || x.employee_username,
    alertedAt: x.alerted_at === null ? null : Number(x.alerted_at),
  }));
}

/** The owner's route; register inside the employee-session scope (outlets only: agents have no tills). */
export function lateRefundRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      REFUND_FAILURE_PATHS.list,
      { schema: { querystring: zLateRefundFailuresQuery }, config: { permission: 'report.view' } },
      async (request) => ({
        failures: await listLateFailures(ctx.db, actorOf(request).employee.org_id, request.query.limit),
      }),
    );
  };
}
