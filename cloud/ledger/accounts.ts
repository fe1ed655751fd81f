// Runtime: Node. Ledger accounts: created idempotently (same id + same fields = the same account), with
// deterministic ids for the well-known ones so any process finds "the prepaid account of outlet X" without
// a lookup table. Counters are moved only by transfers.ts.
import { v5 as uuidv5 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';
import type { Account, AccountKind, Balance, PlatformPurpose } from './types';

/** Namespace of deterministic ledger account ids (uuid v5). */
const ACCOUNT_NS = '6f1f3c0e-2d55-4c59-9a3f-3b7a5c1e0d42';

/** Default no-overdraft per kind: holders' money (prepaid, stored value, commission) may never go below zero;
 *  a supplier may end up owing the platform after a clawback; platform accounts are the other side of deposits. */
export const NO_OVERDRAFT_DEFAULT: Record<AccountKind, boolean> = {
  outlet_prepaid: true,
  member_stored_value: true,
  agent_commission: true,
  supplier_receivable: false,
  platform: false,
  // minus what the outlet owes its members: negative by design
  outlet_member_cash: false,
};

export function accountIdFor(kind: AccountKind, ownerId: string, purpose = ''): string {
  return uuidv5(`${kind}:${ownerId}:${purpose}`, ACCOUNT_NS);
}
export const outletPrepaidId = (outletId: string) => accountIdFor('outlet_prepaid', outletId);
export const agentCommissionId = (agentId: string) => accountIdFor('agent_commission', agentId);
export const supplierReceivableId = (supplierId: string) => accountIdFor('supplier_receivable', supplierId);
export const memberStoredValueId = (memberId: string) => accountIdFor('member_stored_value', memberId);
export const platformAccountId = (platformId: string, purpose: PlatformPurpose) =>
  accountIdFor('platform', platformId, purpose);

export interface NewAccount {
  id: string;
  kind: AccountKind;
  orgId?: string | null;
  memberId?: string | null;
  purpose?: string;
  /** defaults per kind (NO_OVERDRAFT_DEFAULT) */
  noOverdraft?: boolean;
}

interface AccountRow {
  id: string;
  kind: AccountKind;
  org_id: string | null;
  member_id: string | null;
  purpose: string;
  no_overdraft: boolean;
  debits_pending: number | string;
  debits_posted: number | string;
  credits_pending: number | string;
  credits_posted: number | string;
}

export function accountFromRow(r: AccountRow): Account {
  return {
    id: r.id,
    kind: r.kind,
    orgId: r.org_id,
    memberId: r.member_id,
    purpose: r.purpose,
    noOverdraft: r.no_overdraft,
    debitsPending: Number(r.debits_pending),
    debitsPosted: Number(r.debits_posted),
    creditsPending: Number(r.credits_pending),
    creditsPosted: Number(r.credits_posted),
  };
}

/** Creates the account, or confirms an identical one exists. The same id with other fields is a CONFLICT. */
export async function createAccount(q: Queryable, a: NewAccount, now: number): Promise<Account> {
  const noOverdraft = a.noOverdraft ?? NO_OVERDRAFT_DEFAULT[a.kind];
  await q.query(
    `INSERT INTO ledger_accounts (id, kind, org_id, member_id, purpose, no_overdraft, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [a.id, a.kind, a.orgId ?? null, a.memberId ?? null, a.purpose ?? '', noOverdraft, now],
  );
  const acc = await getAccount(q, a.id);
  if (!acc) throw new Error('ledger account vanished after insert');
  if (
    acc.kind !== a.kind ||
    acc.orgId !== (a.orgId ?? null) ||
    acc.memberId !== (a.memberId ?? null) ||
    acc.purpose !== (a.purpose ?? '') ||
    acc.noOverdraft !== noOverdraft
  ) {
    throw new AppError('CONFLICT', `Ledger account ${a.id} exists with different fields`);
  }
  return acc;
}

/** The well-known account of an organisation (created on first use). */
export async function ensureOrgAccount(
  q: Queryable,
  kind: Exclude<AccountKind, 'member_stored_value'>,
  orgId: string,
  now: number,
  purpose: PlatformPurpose | '' = '',
): Promise<Account> {
  return createAccount(q, { id: accountIdFor(kind, orgId, purpose), kind, orgId, purpose }, now);
}

export async function getAccount(q: Queryable, id: string): Promise<Account | undefined> {
  const { rows } = await q.query<AccountRow>('SELECT * FROM ledger_accounts WHERE id = $1', [id]);
  return rows[0] ? accountFromRow(rows[0]) : undefined;
}

export function balanceOf(a: Account): Balance {
  const posted = a.creditsPosted - a.debitsPosted;
  return {
    accountId: a.id,
    posted,
    pendingDebits: a.debitsPending,
    pendingCredits: a.creditsPending,
    available: posted - a.debitsPending,
  };
}

/** The balance of one account, from its ledger counters. NOT_FOUND for an unknown account. */
export async function balance(q: Queryable, accountId: string): Promise<Balance> {
  const a = await getAccount(q, accountId);
  if (!a) throw new AppError('NOT_FOUND', `Unknown ledger account ${accountId}`);
  return balanceOf(a);
}
