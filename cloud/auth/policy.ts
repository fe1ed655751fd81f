// Runtime: Node. Device policy handed to the POS at registration and login. Fixed for now; per-outlet
// settings can replace it without changing the wire.
import type { z } from 'zod';
import { DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../shared/limits';
import type { RoundingRule } from '../../shared/sale/pricing';
import type { EmployeeLimits, zDevicePolicy } from '../../shared/sync/protocol';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../shared/time';
import type { Queryable } from '../db/types';

export function devicePolicy(): z.input<typeof zDevicePolicy> {
  return { offlineWindowHours: 72, offlineSalesCapFen: 5_000_000 };
}

/** The policy with the outlet's own till rules (抹零, the void window; 0014; the member top-up maximum, 0017) and
 *  its time zone. */
export async function outletPolicy(q: Queryable, outletId: string): Promise<z.input<typeof zDevicePolicy>> {
  const { rows } = await q.query<{
    rounding_rule: RoundingRule;
    void_window_minutes: number;
    member_topup_max_fen: string | number;
    timezone: string;
  }>('SELECT rounding_rule, void_window_minutes, member_topup_max_fen, timezone FROM organizations WHERE id = $1', [
    outletId,
  ]);
  const r = rows[0];
  return r
    ? {
        ...devicePolicy(),
        rounding: r.rounding_rule,
        voidWindowMinutes: r.void_window_minutes,
        memberTopupMaxFen: Number(r.member_topup_max_fen ?? DEFAULT_MEMBER_TOPUP_MAX_FEN),
        ...(isTimeZone(r.timezone) ? { timeZone: r.timezone } : {}),
      }
    : devicePolicy();
}

/** The organisation's time zone: every time the cloud writes for people (alert e-mails) is on its clock. */
export async function orgTimeZone(q: Queryable, orgId: string): Promise<string> {
  const { rows } = await q.query<{ timezone: string }>('SELECT timezone FROM organizations WHERE id = $1', [orgId]);
  const tz = rows[0]?.timezone;
  return tz && isTimeZone(tz) ? tz : DEFAULT_TIME_ZONE;
}

/** An employee's limits at the till as login and override answers carry them (the master: no limit). */
export function limitsOf(emp: {
  is_master: boolean;
  max_discount_fen?: number | string | null;
  max_discount_bps?: number | null;
  max_refund_fen?: number | string | null;
}): EmployeeLimits {
  if (emp.is_master)
    return { maxDiscountFen: 10_000_000_000, maxDiscountBps: 10_000, maxRefundFen: 10_000_000_000 } as EmployeeLimits;
  return {
    maxDiscountFen: Number(emp.max_discount_fen ?? 0),
    maxDiscountBps: Number(emp.max_discount_bps ?? 0),
    maxRefundFen: Number(emp.max_refund_fen ?? 0),
  } as EmployeeLimits;
}

export const LOCKOUT = { maxFailures: 5, lockMs: 15 * 60 * 1000 } as const;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
