// What the back office's member acts leave in this till's sales.db (the cloud decides and audits; this till
// records what happened in front of it). Its own writes, so the handler group holds no database:
//  - a write-off done from this till: one audit row per clientId (a retry answered with the first answer by
//    the cloud finds the row and writes nothing more);
//  - a close done from this till: its audit row and, when stored value went back in cash, the pay-out from
//    this drawer — one transaction, once per member (a retry finds the audit row and writes nothing more).
import { appendAudit, appendAuditOnce, type AuditEntry } from '../audit/chain';
import type { Db } from '../db/open';
import { createDrawer } from '../shifts/drawer';

export interface CashBack {
  amountFen: number;
  reason: string;
  employeeId: string;
}

export interface MemberAdminStore {
  recordWriteOff(entry: AuditEntry & { details: { clientId: string } & Record<string, unknown> }): void;
  /** `cashBack` is the stored value handed back in cash (null when none was) */
  recordClose(entry: AuditEntry, cashBack: CashBack | null): void;
}

export function createMemberAdminStore(sales: Db): MemberAdminStore {
  const drawer = createDrawer(sales);
  const closeAudited = sales
    .prepare("SELECT 1 FROM audit_log WHERE action = 'member.close' AND target = ? AND outcome = 'ok' LIMIT 1")
    .pluck();
  return {
    recordWriteOff: (entry) => appendAuditOnce(sales, entry),
    recordClose: (entry, cashBack) =>
      sales.transaction(() => {
        if (closeAudited.get(entry.target ?? null)) return;
        appendAudit(sales, entry);
        if (cashBack && cashBack.amountFen > 0)
          drawer.record({
            kind: 'pay_out',
            amount: -cashBack.amountFen,
            reason: cashBack.reason,
            employeeId: cashBack.employeeId,
            now: entry.at,
          });
      })(),
  };
}
