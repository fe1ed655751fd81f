// Runtime: Node. The ledger's invariants, checked from scratch (tests run it after every scenario; an
// operator can run it on a live database). Returns the list of violations: empty means the books balance.
//  1. Σ debits = Σ credits over all accounts, posted and pending separately (double entry).
//  2. Every account's four counters equal what its transfers say (balances derive only from the ledger).
//  3. No no_overdraft account has debits_posted + debits_pending > credits_posted.
//  4. Every pending transfer is resolved at most once, and a post never exceeds its pending amount.
import type { Queryable } from '../db/types';

export async function checkLedgerInvariants(q: Queryable): Promise<string[]> {
  const problems: string[] = [];
  const totals = await q.query<{
    dp: string | number;
    dpo: string | number;
    cp: string | number;
    cpo: string | number;
  }>(
    `SELECT coalesce(sum(debits_pending),0) AS dp, coalesce(sum(debits_posted),0) AS dpo,
            coalesce(sum(credits_pending),0) AS cp, coalesce(sum(credits_posted),0) AS cpo FROM ledger_accounts`,
  );
  const t = totals.rows[0]!;
  if (String(t.dp) !== String(t.cp)) problems.push(`pending debits ${t.dp} ≠ pending credits ${t.cp}`);
  if (String(t.dpo) !== String(t.cpo)) problems.push(`posted debits ${t.dpo} ≠ posted credits ${t.cpo}`);

  // Derive each account's counters from the transfers. A pending counts as pending until resolved; a
  // post moves its own amount to posted; a void moves nothing to posted.
  const derived = await q.query<{
    id: string;
    dp: string;
    dpo: string;
    cp: string;
    cpo: string;
    adp: string;
    adpo: string;
    acp: string;
    acpo: string;
  }>(
    `WITH open_pending AS (
       SELECT p.* FROM ledger_transfers p
        WHERE p.kind = 'pending' AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = p.id)
     ), moves AS (
       SELECT debit_account_id AS acc, amount AS dpo, 0::bigint AS cpo, 0::bigint AS dp, 0::bigint AS cp FROM ledger_transfers WHERE kind IN ('single', 'post_pending')
       UNION ALL SELECT credit_account_id, 0, amount, 0, 0 FROM ledger_transfers WHERE kind IN ('single', 'post_pending')
       UNION ALL SELECT debit_account_id, 0, 0, amount, 0 FROM open_pending
       UNION ALL SELECT credit_account_id, 0, 0, 0, amount FROM open_pending
     ), sums AS (
       SELECT acc, sum(dp) AS dp, sum(dpo) AS dpo, sum(cp) AS cp, sum(cpo) AS cpo FROM moves GROUP BY acc
     )
     SELECT a.id, coalesce(s.dp,0)::text AS dp, coalesce(s.dpo,0)::text AS dpo, coalesce(s.cp,0)::text AS cp, coalesce(s.cpo,0)::text AS cpo,
            a.debits_pending::text AS adp, a.debits_posted::text AS adpo, a.credits_pending::text AS acp, a.credits_posted::text AS acpo
       FROM ledger_accounts a LEFT JOIN sums s ON s.acc = a.id`,
  );
  for (const r of derived.rows) {
    if (r.dp !== r.adp || r.dpo !== r.adpo || r.cp !== r.acp || r.cpo !== r.acpo) {
      problems.push(
        `account ${r.id}: counters (dp ${r.adp}, dpo ${r.adpo}, cp ${r.acp}, cpo ${r.acpo}) ≠ transfers (dp ${r.dp}, dpo ${r.dpo}, cp ${r.cp}, cpo ${r.cpo})`,
      );
    }
  }

  const over = await q.query<{ id: string }>(
    'SELECT id FROM ledger_accounts WHERE no_overdraft AND debits_posted + debits_pending > credits_posted',
  );
  for (const r of over.rows) problems.push(`account ${r.id} is overdrawn`);

  const badResolve = await q.query<{ id: string }>(
    `SELECT r.id FROM ledger_transfers r JOIN ledger_transfers p ON p.id = r.pending_id
      WHERE p.kind <> 'pending' OR r.amount > p.amount OR r.debit_account_id <> p.debit_account_id OR r.credit_account_id <> p.credit_account_id
         OR (r.kind = 'void_pending' AND r.amount <> p.amount)`,
  );
  for (const r of badResolve.rows) problems.push(`transfer ${r.id} resolves its pending transfer wrongly`);
  return problems;
}
