// Runtime: Node. createTransfers: TigerBeetle's semantics on PostgreSQL.
//
// Invariants (each one is checked by cloud/ledger/invariant.ts after every test scenario):
//  - a transfer is immutable and stored at most once per id (PK + trigger);
//  - every counter move is written in the same transaction as the transfer that explains it;
//  - a no_overdraft account never has debits_posted + debits_pending > credits_posted (also a CHECK);
//  - a pending transfer is resolved (posted or voided) at most once (partial unique index).
//
// Concurrency: every account a batch touches is locked with SELECT ... FOR UPDATE in id order before any
// decision is made, so two batches on overlapping accounts serialise without deadlock, and the decisions are
// taken in memory against counters nobody else can move until we commit. Existence checks run after the
// locks: a concurrent batch with the same transfer id has either committed (we see it) or not started.
import type { Queryable } from '../db/types';
import { accountFromRow } from './accounts';
import {
  zNewTransfer,
  zPostTransfer,
  zVoidTransfer,
  type Account,
  type Transfer,
  type TransferInput,
  type TransferResult,
  type TransferResultCode,
} from './types';

interface TransferRow {
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number | string;
  kind: Transfer['kind'];
  pending_id: string | null;
  linked: boolean;
  code: string;
  ref: string | null;
  created_at: number | string;
}

export function transferFromRow(r: TransferRow): Transfer {
  return {
    id: r.id,
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
    amount: Number(r.amount),
    kind: r.kind,
    pendingId: r.pending_id,
    linked: r.linked,
    code: r.code,
    ref: r.ref,
    createdAt: Number(r.created_at),
  };
}

type Parsed =
  | { ok: false; id: string; linked: boolean }
  | {
      ok: true;
      mode: 'new';
      id: string;
      linked: boolean;
      kind: 'single' | 'pending';
      debit: string;
      credit: string;
      amount: number;
      code: string;
      ref: string | null;
    }
  | {
      ok: true;
      mode: 'resolve';
      id: string;
      linked: boolean;
      kind: 'post_pending' | 'void_pending';
      pendingId: string;
      amount: number | undefined;
      code: string;
      ref: string | null;
    };

function parse(raw: TransferInput | unknown): Parsed {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const id = typeof o.id === 'string' ? o.id : '';
  const linked = o.linked === true;
  if ('postPendingId' in o) {
    const p = zPostTransfer.safeParse(raw);
    return p.success
      ? {
          ok: true,
          mode: 'resolve',
          id,
          linked,
          kind: 'post_pending',
          pendingId: p.data.postPendingId,
          amount: p.data.amount,
          code: p.data.code,
          ref: p.data.ref ?? null,
        }
      : { ok: false, id, linked };
  }
  if ('voidPendingId' in o) {
    const p = zVoidTransfer.safeParse(raw);
    return p.success
      ? {
          ok: true,
          mode: 'resolve',
          id,
          linked,
          kind: 'void_pending',
          pendingId: p.data.voidPendingId,
          amount: undefined,
          code: p.data.code,
          ref: p.data.ref ?? null,
        }
      : { ok: false, id, linked };
  }
  const p = zNewTransfer.safeParse(raw);
  return p.success
    ? {
        ok: true,
        mode: 'new',
        id,
        linked,
        kind: p.data.pending ? 'pending' : 'single',
        debit: p.data.debitAccountId,
        credit: p.data.creditAccountId,
        amount: p.data.amount,
        code: p.data.code,
        ref: p.data.ref ?? null,
      }
    : { ok: false, id, linked };
}

/** Same id, same fields? Post/void name no accounts; an omitted post amount matches whatever was posted. */
function sameFields(p: Parsed & { ok: true }, t: Transfer): boolean {
  if (p.kind !== t.kind || p.code !== t.code || p.ref !== t.ref) return false;
  if (p.mode === 'new') return p.debit === t.debitAccountId && p.credit === t.creditAccountId && p.amount === t.amount;
  return p.pendingId === t.pendingId && (p.amount === undefined || p.amount === t.amount);
}

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Applies a batch of transfers inside the caller's transaction (pass the tx's Queryable). Returns one
 * result per input, in input order. Nothing is written for a transfer whose result is not 'ok'; a linked
 * chain is written whole or not at all. Never throws for bad input; throws only on database failure
 * (and then the caller's transaction must roll back).
 */
export async function createTransfers(
  q: Queryable,
  inputs: readonly (TransferInput | unknown)[],
  now: number,
): Promise<TransferResult[]> {
  const parsed = inputs.map(parse);
  const results: TransferResultCode[] = parsed.map((p) => (p.ok ? 'ok' : 'invalid'));

  // Pending transfers referenced by post/void (from the database; the batch's own are found in memory).
  const pendingRefs = [...new Set(parsed.flatMap((p) => (p.ok && p.mode === 'resolve' ? [p.pendingId] : [])))];
  const storedPending = new Map<string, Transfer>();
  if (pendingRefs.length > 0) {
    const { rows } = await q.query<TransferRow>('SELECT * FROM ledger_transfers WHERE id = ANY($1::uuid[])', [
      pendingRefs,
    ]);
    for (const r of rows) storedPending.set(r.id, transferFromRow(r));
  }

  // Lock every account this batch may touch, in id order.
  const accountIds = new Set<string>();
  for (const p of parsed) {
    if (!p.ok) continue;
    if (p.mode === 'new') {
      accountIds.add(p.debit);
      accountIds.add(p.credit);
    } else {
      const t = storedPending.get(p.pendingId);
      if (t) {
        accountIds.add(t.debitAccountId);
        accountIds.add(t.creditAccountId);
      }
    }
  }
  const accounts = new Map<string, Account>();
  if (accountIds.size > 0) {
    const { rows } = await q.query<Parameters<typeof accountFromRow>[0]>(
      'SELECT * FROM ledger_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [[...accountIds]],
    );
    for (const r of rows) accounts.set(r.id, accountFromRow(r));
  }

  // After the locks: which ids exist already, and which pendings are resolved already.
  const ids = [...new Set(parsed.filter((p) => p.ok).map((p) => p.id))];
  const existing = new Map<string, Transfer>();
  if (ids.length > 0) {
    const { rows } = await q.query<TransferRow>('SELECT * FROM ledger_transfers WHERE id = ANY($1::uuid[])', [ids]);
    for (const r of rows) existing.set(r.id, transferFromRow(r));
  }
  const resolvedBy = new Map<string, Transfer['kind']>();
  if (pendingRefs.length > 0) {
    const { rows } = await q.query<{ pending_id: string; kind: Transfer['kind'] }>(
      'SELECT pending_id, kind FROM ledger_transfers WHERE pending_id = ANY($1::uuid[])',
      [pendingRefs],
    );
    for (const r of rows) resolvedBy.set(r.pending_id, r.kind);
  }

  const created = new Map<string, Transfer>(); // this batch's accepted transfers, by id
  const written: Transfer[] = [];

  // One transfer against the in-memory state; on success mutates accounts/created and returns 'ok'.
  const apply = (p: Parsed): TransferResultCode => {
    if (!p.ok) return 'invalid';
    const before = existing.get(p.id) ?? created.get(p.id);
    if (before) return sameFields(p, before) ? 'exists' : 'exists_with_different_fields';
    let t: Transfer;
    if (p.mode === 'new') {
      if (p.debit === p.credit) return 'accounts_must_be_different';
      const dr = accounts.get(p.debit);
      const cr = accounts.get(p.credit);
      if (!dr) return 'debit_account_not_found';
      if (!cr) return 'credit_account_not_found';
      if (dr.noOverdraft && dr.debitsPosted + dr.debitsPending + p.amount > dr.creditsPosted) return 'exceeds_credits';
      const dKey = p.kind === 'single' ? 'debitsPosted' : 'debitsPending';
      const cKey = p.kind === 'single' ? 'creditsPosted' : 'creditsPending';
      if (dr[dKey] + p.amount > SAFE || cr[cKey] + p.amount > SAFE) return 'overflows';
      dr[dKey] += p.amount;
      cr[cKey] += p.amount;
      t = {
        id: p.id,
        debitAccountId: p.debit,
        creditAccountId: p.credit,
        amount: p.amount,
        kind: p.kind,
        pendingId: null,
        linked: p.linked,
        code: p.code,
        ref: p.ref,
        createdAt: now,
      };
    } else {
      const pending = storedPending.get(p.pendingId) ?? created.get(p.pendingId);
      if (!pending) return 'pending_transfer_not_found';
      if (pending.kind !== 'pending') return 'pending_transfer_not_pending';
      const resolved = resolvedBy.get(p.pendingId);
      if (resolved === 'post_pending') return 'pending_transfer_already_posted';
      if (resolved === 'void_pending') return 'pending_transfer_already_voided';
      const amount = p.kind === 'void_pending' ? pending.amount : (p.amount ?? pending.amount);
      if (amount > pending.amount) return 'exceeds_pending_transfer_amount';
      const dr = accounts.get(pending.debitAccountId);
      const cr = accounts.get(pending.creditAccountId);
      if (!dr || !cr) return 'pending_transfer_not_found'; // a pending made earlier in this very batch on unlocked accounts cannot happen: its accounts were locked
      dr.debitsPending -= pending.amount;
      cr.creditsPending -= pending.amount;
      if (p.kind === 'post_pending') {
        dr.debitsPosted += amount;
        cr.creditsPosted += amount;
      }
      resolvedBy.set(p.pendingId, p.kind);
      t = {
        id: p.id,
        debitAccountId: pending.debitAccountId,
        creditAccountId: pending.creditAccountId,
        amount,
        kind: p.kind,
        pendingId: p.pendingId,
        linked: p.linked,
        code: p.code,
        ref: p.ref,
        createdAt: now,
      };
    }
    created.set(t.id, t);
    return 'ok';
  };

  // Walk chains: a chain is a run of linked transfers plus the first unlinked one after them.
  let i = 0;
  while (i < parsed.length) {
    let end = i;
    while (end < parsed.length - 1 && parsed[end]!.linked) end++;
    const open = parsed[end]!.linked; // the batch ended inside a chain
    if (end === i && !open) {
      results[i] = apply(parsed[i]!);
      if (results[i] === 'ok') written.push(created.get(parsed[i]!.id)!);
      i = end + 1;
      continue;
    }
    // Snapshot what a chain may change, apply, and roll the snapshot back if any member fails.
    const snapAccounts = new Map([...accounts].map(([k, a]) => [k, { ...a }]));
    const snapResolved = new Map(resolvedBy);
    const snapCreated = new Map(created);
    const chainResults: TransferResultCode[] = [];
    let failedAt = -1;
    for (let j = i; j <= end; j++) {
      const r = open ? 'linked_event_chain_open' : apply(parsed[j]!);
      chainResults.push(r);
      if (r !== 'ok' && r !== 'exists') {
        failedAt = j;
        break;
      }
    }
    if (failedAt >= 0) {
      for (const [k, a] of snapAccounts) accounts.set(k, a);
      resolvedBy.clear();
      for (const [k, v] of snapResolved) resolvedBy.set(k, v);
      created.clear();
      for (const [k, v] of snapCreated) created.set(k, v);
      for (let j = i; j <= end; j++) results[j] = j === failedAt ? chainResults[j - i]! : 'linked_event_failed';
    } else {
      for (let j = i; j <= end; j++) {
        results[j] = chainResults[j - i]!;
        if (results[j] === 'ok') written.push(created.get(parsed[j]!.id)!);
      }
    }
    i = end + 1;
  }

  await writeTransfers(q, written);
  const touched = new Set(written.flatMap((t) => [t.debitAccountId, t.creditAccountId]));
  for (const id of touched) {
    const a = accounts.get(id)!;
    await q.query(
      'UPDATE ledger_accounts SET debits_pending = $2, debits_posted = $3, credits_pending = $4, credits_posted = $5 WHERE id = $1',
      [id, a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted],
    );
  }
  return parsed.map((p, k) => ({ id: p.id, result: results[k]! }));
}

/** Rows per INSERT: 10 parameters each, well below PostgreSQL's 65,535. */
const CHUNK = 1000;

async function writeTransfers(q: Queryable, ts: Transfer[]): Promise<void> {
  for (let i = 0; i < ts.length; i += CHUNK) {
    const part = ts.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const values = part.map((t) => {
      params.push(
        t.id,
        t.debitAccountId,
        t.creditAccountId,
        t.amount,
        t.kind,
        t.pendingId,
        t.linked,
        t.code,
        t.ref,
        t.createdAt,
      );
      const b = params.length - 9;
      return `($${b}, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`;
    });
    await q.query(
      `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, kind, pending_id, linked, code, ref, created_at) VALUES ${values.join(',')}`,
      params,
    );
  }
}

export async function getTransfer(q: Queryable, id: string): Promise<Transfer | undefined> {
  const { rows } = await q.query<TransferRow>('SELECT * FROM ledger_transfers WHERE id = $1', [id]);
  return rows[0] ? transferFromRow(rows[0]) : undefined;
}

/** An account's transfers, newest first (history screens). */
export async function accountTransfers(q: Queryable, accountId: string, limit = 100): Promise<Transfer[]> {
  const { rows } = await q.query<TransferRow>(
    `SELECT * FROM ledger_transfers WHERE debit_account_id = $1 OR credit_account_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [accountId, Math.max(1, Math.min(limit, 1000))],
  );
  return rows.map(transferFromRow);
}
