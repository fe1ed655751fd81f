// Runtime: Node. The ledger's vocabulary: account kinds, transfer inputs and per-transfer result codes
// (TigerBeetle's model: a batch answers one result per transfer; 'ok' and 'exists' are the successes).
import { z } from 'zod';
import { zText } from '../../shared/text';
import { MAX_FEN } from '../../shared/money';

// outlet_member_cash (0005): the outlet's side of its members' stored value (cloud/members/ledger.ts)
export const ACCOUNT_KINDS = [
  'outlet_prepaid',
  'agent_commission',
  'supplier_receivable',
  'platform',
  'member_stored_value',
  'outlet_member_cash',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** Which platform account: 'bank' (money that came in through deposit channels), 'fees', 'compensation'. */
export const PLATFORM_PURPOSES = ['bank', 'fees', 'compensation'] as const;
export type PlatformPurpose = (typeof PLATFORM_PURPOSES)[number];

export interface Account {
  id: string;
  kind: AccountKind;
  orgId: string | null;
  memberId: string | null;
  purpose: string;
  noOverdraft: boolean;
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
}

/**
 * The balance of a credit-normal account (what the platform owes its holder): posted = credits - debits
 * posted; available = posted - debits still pending (what can be spent now).
 */
export interface Balance {
  accountId: string;
  posted: number;
  pendingDebits: number;
  pendingCredits: number;
  available: number;
}

const zId = z.uuid();
const zCode = zText().min(1).max(40);
const zRef = zText().max(200).optional();
const zAmount = z.number().int().min(1).max(MAX_FEN);

/** Moves money at once ('single') or reserves it ('pending', resolved later by post/void). */
export const zNewTransfer = z.object({
  id: zId,
  debitAccountId: zId,
  creditAccountId: zId,
  amount: zAmount,
  pending: z.boolean().optional(),
  /** true: this transfer and the next one in the batch commit together or not at all (a chain ends at the first transfer without it) */
  linked: z.boolean().optional(),
  code: zCode,
  ref: zRef,
});
/** Posts a pending transfer, in full or in part (amount ≤ pending amount; the rest is released). */
export const zPostTransfer = z.object({
  id: zId,
  postPendingId: zId,
  amount: zAmount.optional(),
  linked: z.boolean().optional(),
  code: zCode,
  ref: zRef,
});
/** Voids a pending transfer: everything it reserved is released. */
export const zVoidTransfer = z.object({
  id: zId,
  voidPendingId: zId,
  linked: z.boolean().optional(),
  code: zCode,
  ref: zRef,
});

export type NewTransfer = z.infer<typeof zNewTransfer>;
export type PostTransfer = z.infer<typeof zPostTransfer>;
export type VoidTransfer = z.infer<typeof zVoidTransfer>;
export type TransferInput = NewTransfer | PostTransfer | VoidTransfer;

export const TRANSFER_RESULTS = [
  'ok',
  'exists', // the same id with the same fields: already done, nothing changed
  'exists_with_different_fields', // the same id with other fields: refused (CONFLICT)
  'invalid', // failed its schema (negative, zero, overflowing amount, bad id ...)
  'accounts_must_be_different',
  'debit_account_not_found',
  'credit_account_not_found',
  'exceeds_credits', // the debit account has no_overdraft and would go below zero
  'overflows', // a counter would pass 2^53
  'pending_transfer_not_found',
  'pending_transfer_not_pending', // the id names a transfer that is not a pending one
  'pending_transfer_already_posted',
  'pending_transfer_already_voided',
  'exceeds_pending_transfer_amount',
  'linked_event_failed', // another transfer of the same linked chain failed
  'linked_event_chain_open', // the last transfer of the batch is marked linked
] as const;
export type TransferResultCode = (typeof TRANSFER_RESULTS)[number];

export interface TransferResult {
  id: string;
  result: TransferResultCode;
}

/** A stored transfer. Post/void rows carry the accounts of the pending transfer they resolve. */
export interface Transfer {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  kind: 'single' | 'pending' | 'post_pending' | 'void_pending';
  pendingId: string | null;
  linked: boolean;
  code: string;
  ref: string | null;
  createdAt: number;
}
