// Runtime: Node. THE PREPAID LEDGER — the only way money moves in the cloud (docs/architecture.md, TigerBeetle's model).
//
// Every function takes a Queryable: pass the transaction you are in (`db.tx(async (q) => ...)`) so ledger
// entries commit or roll back with your own rows. Amounts are integer fen, 1..MAX_FEN per transfer.
//
//   createAccount(q, { id, kind, orgId?, memberId?, purpose?, noOverdraft? }, now)  idempotent; same id + other fields → CONFLICT
//   ensureOrgAccount(q, kind, orgId, now, purpose?)        the well-known account of an organisation
//   outletPrepaidId(outletId) / agentCommissionId / supplierReceivableId / memberStoredValueId / platformAccountId(platformId, 'bank'|'fees'|'compensation')
//                                                           deterministic account ids (uuid v5)
//   createTransfers(q, transfers[], now) → [{ id, result }] one result per transfer, never throws on bad input:
//        { id, debitAccountId, creditAccountId, amount, code, ref?, pending?, linked? }   move (or reserve, pending: true)
//        { id, postPendingId, amount?, code, ref?, linked? }                               post a reserve (amount ≤ reserved)
//        { id, voidPendingId, code, ref?, linked? }                                        release a reserve
//      linked: true chains a transfer to the next one: the chain commits whole or not at all.
//      id is the client's idempotency key: same id + same fields → 'exists'; other fields → 'exists_with_different_fields'.
//   transfer(q, t, now) / postPending(q, ...) / voidPending(q, ...)   one transfer; throws a typed AppError
//        (INSUFFICIENT_FUNDS, CONFLICT, NOT_FOUND, VALIDATION) unless the result is 'ok' or 'exists'
//   balance(q, accountId) → { posted, pendingDebits, pendingCredits, available }   NOT_FOUND if unknown
//   accountTransfers(q, accountId, limit?)                  history, newest first
//   checkLedgerInvariants(q) → string[]                     empty when the books balance (tests call it after every scenario)
//
// Concurrency: createTransfers locks the touched account rows (SELECT ... FOR UPDATE, in id order) inside
// your transaction, so concurrent spends of one balance serialise and can never overdraw it. Keep the
// transaction short after calling it: the account rows stay locked until you commit.
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';
import { createTransfers } from './transfers';
import type { NewTransfer, PostTransfer, TransferResultCode, VoidTransfer } from './types';

export * from './types';
export {
  accountIdFor,
  agentCommissionId,
  balance,
  balanceOf,
  createAccount,
  ensureOrgAccount,
  getAccount,
  memberStoredValueId,
  NO_OVERDRAFT_DEFAULT,
  outletPrepaidId,
  platformAccountId,
  supplierReceivableId,
} from './accounts';
export type { NewAccount } from './accounts';
export { accountTransfers, createTransfers, getTransfer } from './transfers';
export { checkLedgerInvariants } from './invariant';

/** The typed error for a failed transfer result. */
export function transferError(result: TransferResultCode, id: string): AppError {
  const details = { result, transferId: id };
  switch (result) {
    case 'exceeds_credits':
      return new AppError('INSUFFICIENT_FUNDS', 'The balance is not enough for this transfer', details);
    case 'exists_with_different_fields':
      return new AppError('CONFLICT', 'A transfer with this id already exists with different fields', details);
    case 'debit_account_not_found':
    case 'credit_account_not_found':
    case 'pending_transfer_not_found':
      return new AppError('NOT_FOUND', `Transfer refused: ${result.replace(/_/g, ' ')}`, details);
    case 'pending_transfer_already_posted':
    case 'pending_transfer_already_voided':
    case 'pending_transfer_not_pending':
      return new AppError('CONFLICT', `Transfer refused: ${result.replace(/_/g, ' ')}`, details);
    default:
      return new AppError('VALIDATION', `Transfer refused: ${result.replace(/_/g, ' ')}`, details);
  }
}

async function one(q: Queryable, t: NewTransfer | PostTransfer | VoidTransfer, now: number): Promise<'ok' | 'exists'> {
  const [r] = await createTransfers(q, [{ ...t, linked: false }], now);
  if (r!.result === 'ok' || r!.result === 'exists') return r!.result;
  throw transferError(r!.result, t.id);
}

/** One transfer (or reserve with pending: true); throws a typed AppError unless done or already done. */
export const transfer = (q: Queryable, t: NewTransfer, now: number) => one(q, t, now);
export const postPending = (q: Queryable, t: PostTransfer, now: number) => one(q, t, now);
export const voidPending = (q: Queryable, t: VoidTransfer, now: number) => one(q, t, now);
