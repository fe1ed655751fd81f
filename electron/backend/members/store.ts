// What the counter's member acts (handlers.ts) leave on this till — the cloud decides and books; the till
// records what happened in front of it, so the handler group holds no database:
//  - a cash top-up: its audit row and its cash in the drawer (shifts/drawer.ts), one sales.db transaction;
//  - a new card or a refund done from here: one audit row per clientId (a retry the cloud answers with its
//    first answer finds the row and writes nothing more);
//  - a new card in this counter's member snapshot in catalog.db at once (snapshot.ts), before the feed has it.
import type { Member } from '../../../shared/sync/protocol';
import { appendAudit, appendAuditOnce, type AuditEntry } from '../audit/chain';
import type { Db } from '../db/open';
import { createDrawer } from '../shifts/drawer';
import { memberSnapshotWriter } from './snapshot';

export interface TopupCash {
  memberId: string;
  amountFen: number;
  /** the top-up's clientId: the movement is written once per (member_topup, ref) */
  ref: string;
  employeeId: string;
}

export interface MemberStore {
  /** the top-up's audit row and its cash movement, in one transaction */
  recordTopup(entry: AuditEntry, cash: TopupCash): void;
  /** an act's audit row, once per its clientId */
  auditOnce(entry: AuditEntry & { details: { clientId: string } & Record<string, unknown> }): void;
  /** writes the member into the snapshot with `seq` (0: any row of the feed, seq ≥ 1, wins over it) */
  upsertSnapshot(member: Member, seq: number): void;
}

export function createMemberStore(dbs: { sales: Db; catalog: Db }): MemberStore {
  const drawer = createDrawer(dbs.sales);
  const snapshot = memberSnapshotWriter(dbs.catalog);
  return {
    recordTopup: (entry, cash) =>
      dbs.sales.transaction(() => {
        appendAudit(dbs.sales, entry);
        drawer.record({
          kind: 'member_topup',
          amount: cash.amountFen,
          ref: cash.ref,
          memberId: cash.memberId,
          employeeId: cash.employeeId,
          now: entry.at,
        });
      })(),
    auditOnce: (entry) => appendAuditOnce(dbs.sales, entry),
    upsertSnapshot: (member, seq) => snapshot.upsert(member, seq),
  };
}
