// Runtime: Node. Member stored value on the prepaid ledger (cloud/ledger). Every function runs inside the
// Long on purpose: every act on member money is here so the invariant (Σ = 0 per outlet) is checked in one file.
// caller's transaction and first locks the member row, so all money acts of one member serialise.
//
// The double entry. Per member: a stored-value account S (no_overdraft: the member's own money) and an
// overdraft account D (may go negative: what the member owes after an offline spend S could not cover).
// Per outlet: the member-cash account C (kind outlet_member_cash), the outlet's side of all of it.
//   top-up (cash taken at the counter)  C → S   amount        the outlet's prepaid is NOT involved: the
//                                                              cash is in the till; the outlet now owes it
//   repay an overdraft on top-up        S → D   min(owed, amount), linked to the top-up
//   spend (online, at the counter)      S → C   amount        refused (INSUFFICIENT_FUNDS) past zero
//   spend found at sync (offline)       S → C   covered part;  D → C  the shortfall (+ member_overdrafts row)
//   refund of a spend                   C → S   ≤ what that spend took and earlier refunds left
//   balance correction (member.balance) C → S or S → C
//   write-off of an overdraft           W → D   owed          the outlet absorbs the debt (member.balance +
//                                                              super password); W = the outlet's write-off
//                                                              account (kind outlet_member_cash, purpose
//                                                              'writeoff'): minus every debt it forgave
//   closing refund (销卡, cash back)     S → C   S.available   the cash leaves the till; S is 0 after it
// Hence, per outlet: C.posted + W.posted + Σ S.posted + Σ D.posted = 0 — C is minus the net stored value the
// outlet owes its members (a debt of members counted against it), W minus the debts it wrote off. The
// member's balance = S.available − owed(D).
//
// Overdraft rows (member_overdrafts) are resolved per member, never one by one: 'collected' when a top-up
// repays the whole debt, 'written_off' by writeOff — each with who did it and the settling transfer.
import { v5 as uuidv5 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';
import {
  accountIdFor,
  accountTransfers,
  balanceOf,
  createAccount,
  createTransfers,
  ensureOrgAccount,
  getAccount,
  getTransfer,
  memberStoredValueId,
  transferError,
  type NewTransfer,
} from '../ledger/index';

const ID_NS = 'a3c1d7e2-5b8f-4e61-9d0a-7f2b4c6e8a10';
/** A derived transfer id: the same client act always yields the same ledger ids (idempotent retries). */
export const derivedId = (...parts: string[]): string => uuidv5(parts.join(':'), ID_NS);

export const memberOverdraftId = (memberId: string) => accountIdFor('member_stored_value', memberId, 'overdraft');
export const outletMemberCashId = (outletId: string) => accountIdFor('outlet_member_cash', outletId);
/** W: the member debts the outlet wrote off (its loss, one balance). */
export const outletMemberWriteOffId = (outletId: string) => accountIdFor('outlet_member_cash', outletId, 'writeoff');

export interface MemberRow {
  id: string;
  outlet_id: string;
  card_no: string;
  phone: string | null;
  name: string;
  level: string;
  discount_bps: number;
  offline_allowance: number | string;
  account_id: string;
  created_at: number | string;
  /** 0007: set when the member was closed (销卡) */
  closed_at: number | string | null;
  close_client_id: string | null;
}

/** The member's accounts (and the outlet's member-cash account), created idempotently. */
export async function openMemberAccounts(
  q: Queryable,
  outletId: string,
  memberId: string,
  now: number,
): Promise<string> {
  await ensureOrgAccount(q, 'outlet_member_cash', outletId, now);
  await createAccount(
    q,
    {
      id: memberOverdraftId(memberId),
      kind: 'member_stored_value',
      orgId: outletId,
      memberId,
      purpose: 'overdraft',
      noOverdraft: false,
    },
    now,
  );
  const s = await createAccount(
    q,
    { id: memberStoredValueId(memberId), kind: 'member_stored_value', orgId: outletId, memberId },
    now,
  );
  return s.id;
}

/** Locks and returns the member of this outlet, closed or not; NOT_FOUND otherwise (another outlet's member is unknown here). */
export async function lockMember(q: Queryable, outletId: string, memberId: string): Promise<MemberRow> {
  const { rows } = await q.query<MemberRow>('SELECT * FROM members WHERE id = $1 AND outlet_id = $2 FOR UPDATE', [
    memberId,
    outletId,
  ]);
  if (!rows[0]) throw new AppError('NOT_FOUND', 'No such member in this outlet');
  return rows[0];
}

export const isClosed = (m: MemberRow): boolean => m.closed_at !== null && m.closed_at !== undefined;

/** lockMember for the acts a closed member no longer allows (top-up, spend, refund, correction, edit): MEMBER_CLOSED. */
export async function lockOpenMember(q: Queryable, outletId: string, memberId: string): Promise<MemberRow> {
  const m = await lockMember(q, outletId, memberId);
  if (isClosed(m))
    throw new AppError('MEMBER_CLOSED', 'This member card is closed', { memberId, closedAt: Number(m.closed_at) });
  return m;
}

export interface MemberBalance {
  /** stored value the member can spend now (never negative) */
  storedValue: number;
  /** unpaid shortfall of offline spends */
  owed: number;
  /** storedValue − owed: what the POS shows */
  balance: number;
}

export async function memberBalance(q: Queryable, memberId: string): Promise<MemberBalance> {
  const s = await getAccount(q, memberStoredValueId(memberId));
  const d = await getAccount(q, memberOverdraftId(memberId));
  if (!s || !d) throw new AppError('NOT_FOUND', 'No such member account');
  const storedValue = balanceOf(s).available;
  const owed = Math.max(0, -balanceOf(d).posted);
  return { storedValue, owed, balance: storedValue - owed };
}

async function run(q: Queryable, transfers: NewTransfer[], now: number): Promise<'ok' | 'exists'> {
  const chain = transfers.map((t, i) => ({ ...t, linked: i < transfers.length - 1 }));
  const results = await createTransfers(q, chain, now);
  const bad = results.find((r) => r.result !== 'ok' && r.result !== 'exists' && r.result !== 'linked_event_failed');
  if (bad) throw transferError(bad.result, bad.id);
  return results.every((r) => r.result === 'exists') ? 'exists' : 'ok';
}

/**
 * Cash at the counter → stored value; an unpaid overdraft is repaid from it first (linked). When that repays
 * the whole debt, the member's open overdrafts are resolved 'collected' by `actorId`.
 */
export async function topUp(
  q: Queryable,
  m: MemberRow,
  clientId: string,
  amount: number,
  now: number,
  actorId: string | null = null,
): Promise<'ok' | 'exists'> {
  const sv = memberStoredValueId(m.id);
  const topupId = clientId;
  // A retried top-up must not repay twice: if it is already booked, only the top-up is re-sent (→ 'exists').
  const { rows } = await q.query('SELECT 1 FROM ledger_transfers WHERE id = $1', [topupId]);
  const owed = rows.length > 0 ? 0 : (await memberBalance(q, m.id)).owed;
  const repay = Math.min(owed, amount);
  const ref = `member:${m.id}`;
  const transfers: NewTransfer[] = [
    {
      id: topupId,
      debitAccountId: outletMemberCashId(m.outlet_id),
      creditAccountId: sv,
      amount,
      code: 'member_topup',
      ref,
    },
  ];
  if (repay > 0)
    transfers.push({
      id: derivedId('repay', topupId),
      debitAccountId: sv,
      creditAccountId: memberOverdraftId(m.id),
      amount: repay,
      code: 'member_overdraft_repay',
      ref,
    });
  const r = await run(q, transfers, now);
  if (repay > 0 && repay === owed) {
    await resolveOverdrafts(q, m.id, 'collected', actorId, topupId, now);
  }
  return r;
}

async function resolveOverdrafts(
  q: Queryable,
  memberId: string,
  how: 'collected' | 'written_off',
  actorId: string | null,
  transferId: string,
  now: number,
): Promise<void> {
  await q.query(
    'UPDATE member_overdrafts SET resolved_at = $2, resolution = $3, resolved_by = $4, resolved_transfer_id = $5 WHERE member_id = $1 AND resolved_at IS NULL',
    [memberId, now, how, actorId, transferId],
  );
}

/**
 * The owner writes the member's debt off: W → D for exactly what is owed, so the member owes nothing and
 * the outlet carries the loss. `amount` is what the owner saw and confirmed: any other figure (a top-up or a
 * sync moved the debt meanwhile) is a CONFLICT with the current one. clientId is the transfer id: a retry
 * answers 'exists' and moves nothing. Allowed on a closed member (an offline spend found after the close).
 */
export async function writeOff(
  q: Queryable,
  m: MemberRow,
  clientId: string,
  amount: number,
  actorId: string,
  now: number,
): Promise<'ok' | 'exists'> {
  const od = memberOverdraftId(m.id);
  const w = outletMemberWriteOffId(m.outlet_id);
  const t = {
    id: clientId,
    debitAccountId: w,
    creditAccountId: od,
    amount,
    code: 'member_overdraft_writeoff',
    ref: `member:${m.id}`,
  };
  // Already booked: the same transfer again answers 'exists' (other fields → CONFLICT), whatever is owed now.
  if (await getTransfer(q, clientId)) return run(q, [t], now);
  const { owed } = await memberBalance(q, m.id);
  if (owed === 0) throw new AppError('CONFLICT', 'This member owes nothing', { owedFen: 0 });
  if (amount !== owed)
    throw new AppError('CONFLICT', 'The amount owed has changed; check it and confirm again', {
      owedFen: owed,
      amountFen: amount,
    });
  await createAccount(q, { id: w, kind: 'outlet_member_cash', orgId: m.outlet_id, purpose: 'writeoff' }, now);
  const r = await run(q, [t], now);
  await resolveOverdrafts(q, m.id, 'written_off', actorId, clientId, now);
  return r;
}

/**
 * The ledger half of closing a member (销卡): refuses while a debt is open (MEMBER_OVERDRAFT_OPEN) or while
 * stored value is left and the request did not say to hand it back in cash (MEMBER_HAS_BALANCE). With
 * `refundCashFen` equal to the stored value, S → C moves it out (id = clientId) in the caller's transaction,
 * which also marks the member closed: the refund and the close commit together or not at all.
 */
export async function closeRefund(
  q: Queryable,
  m: MemberRow,
  clientId: string,
  refundCashFen: number | undefined,
  now: number,
): Promise<number> {
  const b = await memberBalance(q, m.id);
  const open = await q.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM member_overdrafts WHERE member_id = $1 AND resolved_at IS NULL',
    [m.id],
  );
  if (b.owed > 0 || Number(open.rows[0]!.n) > 0)
    throw new AppError('MEMBER_OVERDRAFT_OPEN', 'The member still owes an overdraft', { owedFen: b.owed });
  if (b.storedValue === 0) {
    if (refundCashFen) throw new AppError('CONFLICT', 'There is no stored value to refund', { storedValueFen: 0 });
    return 0;
  }
  if (refundCashFen === undefined)
    throw new AppError('MEMBER_HAS_BALANCE', 'The card still holds stored value', { storedValueFen: b.storedValue });
  if (refundCashFen !== b.storedValue)
    throw new AppError('CONFLICT', 'The stored value has changed; check it and confirm again', {
      storedValueFen: b.storedValue,
      refundCashFen,
    });
  await run(
    q,
    [
      {
        id: clientId,
        debitAccountId: memberStoredValueId(m.id),
        creditAccountId: outletMemberCashId(m.outlet_id),
        amount: b.storedValue,
        code: 'member_close_refund',
        ref: `member:${m.id}`,
      },
    ],
    now,
  );
  return b.storedValue;
}

/** An online spend at the counter: refused past the stored value. */
export async function spend(
  q: Queryable,
  m: MemberRow,
  clientId: string,
  amount: number,
  ref: string,
  now: number,
): Promise<'ok' | 'exists'> {
  return run(
    q,
    [
      {
        id: clientId,
        debitAccountId: memberStoredValueId(m.id),
        creditAccountId: outletMemberCashId(m.outlet_id),
        amount,
        code: 'member_spend',
        ref: ref.slice(0, 200),
      },
    ],
    now,
  );
}

/** Gives back (part of) an earlier spend. The refunds of one spend never add up to more than it took. */
export async function refund(
  q: Queryable,
  m: MemberRow,
  clientId: string,
  spendId: string,
  amount: number,
  now: number,
): Promise<'ok' | 'exists'> {
  const { rows } = await q.query<{ id: string; amount: string | number; debit_account_id: string; code: string }>(
    'SELECT id, amount, debit_account_id, code FROM ledger_transfers WHERE id = $1',
    [spendId],
  );
  const s = rows[0];
  if (
    !s ||
    s.debit_account_id !== memberStoredValueId(m.id) ||
    (s.code !== 'member_spend' && s.code !== 'member_offline_spend')
  )
    throw new AppError('NOT_FOUND', 'No such spend of this member');
  const ref = `refund-of:${spendId}`;
  const prior = await q.query<{ total: string | number }>(
    "SELECT coalesce(sum(amount), 0) AS total FROM ledger_transfers WHERE ref = $1 AND code = 'member_refund' AND id <> $2",
    [ref, clientId],
  );
  if (Number(prior.rows[0]!.total) + amount > Number(s.amount)) {
    throw new AppError('VALIDATION', 'A refund cannot exceed what the spend took', [
      { path: 'amountFen', message: 'exceeds the spend' },
    ]);
  }
  return run(
    q,
    [
      {
        id: clientId,
        debitAccountId: outletMemberCashId(m.outlet_id),
        creditAccountId: memberStoredValueId(m.id),
        amount,
        code: 'member_refund',
        ref,
      },
    ],
    now,
  );
}

/** A balance correction by someone holding member.balance: + credits the member, − debits (never past zero). */
export async function correct(
  q: Queryable,
  m: MemberRow,
  clientId: string,
  delta: number,
  reason: string,
  now: number,
): Promise<'ok' | 'exists'> {
  const sv = memberStoredValueId(m.id);
  const cash = outletMemberCashId(m.outlet_id);
  const ref = `correction:${reason}`.slice(0, 200);
  return run(
    q,
    [
      {
        id: clientId,
        debitAccountId: delta > 0 ? cash : sv,
        creditAccountId: delta > 0 ? sv : cash,
        amount: Math.abs(delta),
        code: 'member_correction',
        ref,
      },
    ],
    now,
  );
}

/**
 * A member payment taken offline, found at sync. The sale already happened: it is never refused. The
 * stored value covers what it can; the rest is booked to the member's overdraft account and recorded in
 * member_overdrafts for the owner. Ids derive from the server order, so it applies exactly once.
 */
export async function applyOfflineSpend(
  q: Queryable,
  m: MemberRow,
  p: { orderId: string; seq: number; amount: number; number: string },
  now: number,
): Promise<{ covered: number; shortfall: number }> {
  const before = await memberBalance(q, m.id);
  const covered = Math.min(before.storedValue, p.amount);
  const shortfall = p.amount - covered;
  const ref = `order:${p.orderId}`;
  const transfers: NewTransfer[] = [];
  if (covered > 0)
    transfers.push({
      id: derivedId('offline-spend', p.orderId, String(p.seq)),
      debitAccountId: memberStoredValueId(m.id),
      creditAccountId: outletMemberCashId(m.outlet_id),
      amount: covered,
      code: 'member_offline_spend',
      ref,
    });
  if (shortfall > 0)
    transfers.push({
      id: derivedId('offline-overdraft', p.orderId, String(p.seq)),
      debitAccountId: memberOverdraftId(m.id),
      creditAccountId: outletMemberCashId(m.outlet_id),
      amount: shortfall,
      code: 'member_offline_overdraft',
      ref,
    });
  if (transfers.length > 0) await run(q, transfers, now);
  if (shortfall > 0) {
    const beyond = before.owed + shortfall > Number(m.offline_allowance);
    await q.query(
      `INSERT INTO member_overdrafts (id, member_id, outlet_id, amount, ref, detected_at, order_id, beyond_allowance)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [
        derivedId('overdraft', p.orderId, String(p.seq)),
        m.id,
        m.outlet_id,
        shortfall,
        `order ${p.number}`,
        now,
        p.orderId,
        beyond,
      ],
    );
  }
  return { covered, shortfall };
}

export interface HistoryEntry {
  id: string;
  code: string;
  /** + into the member's stored value, − out of it; overdraft movements count against the member */
  amount: number;
  ref: string | null;
  at: number;
}

/** The member's money movements, newest first. */
export async function memberHistory(q: Queryable, memberId: string, limit = 100): Promise<HistoryEntry[]> {
  const sv = memberStoredValueId(memberId);
  const od = memberOverdraftId(memberId);
  const both = [...(await accountTransfers(q, sv, limit)), ...(await accountTransfers(q, od, limit))];
  const seen = new Set<string>();
  const out: HistoryEntry[] = [];
  for (const t of both) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    // A repayment moves money between the member's own accounts: net zero for the member, shown as such.
    const into = t.creditAccountId === sv || t.creditAccountId === od;
    const outOf = t.debitAccountId === sv || t.debitAccountId === od;
    out.push({
      id: t.id,
      code: t.code,
      amount: into && outOf ? 0 : into ? t.amount : -t.amount,
      ref: t.ref,
      at: t.createdAt,
    });
  }
  return out.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).slice(0, limit);
}

/**
 * A return's refund to the member's card (退货退回会员卡): the outlet's member cash pays the stored value
 * back. The id derives from the server return, so it applies exactly once.
 */
export async function refundReturnToCard(
  q: Queryable,
  m: MemberRow,
  p: { returnId: string; seq: number; amount: number },
  now: number,
): Promise<'ok' | 'exists'> {
  return run(
    q,
    [
      {
        id: derivedId('return-refund', p.returnId, String(p.seq)),
        debitAccountId: outletMemberCashId(m.outlet_id),
        creditAccountId: memberStoredValueId(m.id),
        amount: p.amount,
        code: 'member_refund',
        ref: `return:${p.returnId}`,
      },
    ],
    now,
  );
}
