// Runtime: Node. The outlet's prepaid balance (预付款余额) as the back office shows it: the ledger's own
// counters for the outlet's prepaid account (never a sum recomputed here) and its newest entries.
// An outlet that never had money has no account yet: that is a zero balance, not an error.
// An agent's (区代) back office reads its commission account (the markups of settled orders) the same way:
// incoming = markups of orders still in progress, available = what has been earned.
import type { Queryable } from '../db/types';
import { agentCommissionId, balanceOf, getAccount, outletPrepaidId } from '../ledger/accounts';
import { accountTransfers } from '../ledger/transfers';

export interface PrepaidEntry {
  id: string;
  code: string;
  amountFen: number;
  /** 'in' when the transfer credits the outlet's account, 'out' when it debits it */
  direction: 'in' | 'out';
  kind: 'single' | 'pending' | 'post_pending' | 'void_pending';
  at: number;
}

export interface PrepaidStatement {
  accountId: string;
  /** whose account: the outlet's prepaid balance, or the agent's commission */
  account: 'outlet_prepaid' | 'agent_commission';
  postedFen: number;
  /** debits reserved by pending transfers (top-ups being sent to the supplier) */
  reservedFen: number;
  /** credits on their way (deposits awaiting the channel) — not spendable yet */
  incomingFen: number;
  availableFen: number;
  entries: PrepaidEntry[];
}

export async function prepaidStatement(q: Queryable, outletId: string, limit = 20): Promise<PrepaidStatement> {
  return statementOf(q, outletPrepaidId(outletId), 'outlet_prepaid', limit);
}

export async function agentCommissionStatement(q: Queryable, agentId: string, limit = 20): Promise<PrepaidStatement> {
  return statementOf(q, agentCommissionId(agentId), 'agent_commission', limit);
}

async function statementOf(
  q: Queryable,
  id: string,
  kind: PrepaidStatement['account'],
  limit: number,
): Promise<PrepaidStatement> {
  const account = await getAccount(q, id);
  if (!account)
    return { accountId: id, account: kind, postedFen: 0, reservedFen: 0, incomingFen: 0, availableFen: 0, entries: [] };
  const b = balanceOf(account);
  const entries = (await accountTransfers(q, id, limit)).map((t) => ({
    id: t.id,
    code: t.code,
    amountFen: t.amount,
    direction: t.creditAccountId === id ? ('in' as const) : ('out' as const),
    kind: t.kind,
    at: t.createdAt,
  }));
  return {
    accountId: id,
    account: kind,
    postedFen: b.posted,
    reservedFen: b.pendingDebits,
    incomingFen: b.pendingCredits,
    availableFen: b.available,
    entries,
  };
}
