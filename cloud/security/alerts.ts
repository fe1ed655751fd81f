// Runtime: Node. Security alerts by e-mail: to the organisation's master (and the employee concerned) when
// their address is verified. Sending never fails the act that triggered it: a dead mail server must not
// block a lockout or hide a transfer; the failure is logged and the audit row stays the record.
import type { SecurityContext } from './context';

/** cash_shortfall: a till's shift was closed with cash missing (短款) at least SHORTFALL_ALERT_FEN (cloud/shifts/routes.ts);
 *  order_flagged: orders arrived whose discounts or prices the cloud could not vouch for (cloud/order-flags/);
 *  refund_failed: a refund to a payment code failed after the cloud accepted it (cloud/returns/late-refunds.ts) */
export type AlertKind =
  | 'new_device'
  | 'new_ip'
  | 'money_movement'
  | 'permission_change'
  | 'lockout'
  | 'password_recovery'
  | 'cash_shortfall'
  | 'refunds_high'
  | 'order_flagged'
  | 'refund_failed';

export async function sendAlert(
  ctx: Pick<SecurityContext, 'db' | 'email' | 'now'>,
  a: { orgId: string; kind: AlertKind; subject: string; body: string; employeeId?: string | null },
  log?: (e: unknown) => void,
): Promise<void> {
  const { rows } = await ctx.db.query<{ email: string }>(
    `SELECT DISTINCT email FROM employees
      WHERE org_id = $1 AND email IS NOT NULL AND email_verified_at IS NOT NULL AND (is_master OR id = $2)`,
    [a.orgId, a.employeeId ?? null],
  );
  for (const r of rows) {
    try {
      await ctx.email.send(
        { orgId: a.orgId, to: r.email, subject: `【千米收银 安全提醒】${a.subject}`, body: a.body, kind: a.kind },
        ctx.now(),
      );
    } catch (e) {
      log?.(e);
    }
  }
}
