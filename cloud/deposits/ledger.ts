// Runtime: Node. Deposits (加款): an outlet tops up its prepaid balance through a named channel (bank
// transfer, Alipay, WeChat Pay, UnionPay) that charges a fee (deposit_channels: fee_bps, fee_fixed).
//
// Ledger, per deposit of amount A with fee F (F < A), as ONE linked chain of two-phase transfers:
//   start    pending  channel account → outlet prepaid   A − F   (the outlet sees it as pending credit;
//            pending  channel account → platform fees    F        available balance does not include it)
//   confirm  post both (the channel's signed callback says the money arrived)
//   fail     void both
//   expire   void both (0007): no answer within the TTL (default 24 h) — the sweep (expireDeposits) releases the
//            reserve and marks it 'expired'; a callback after that is refused (DEPOSIT_EXPIRED), credits nothing
// The channel account (kind platform, purpose 'channel:<id>', may go negative) is the platform's money held
// at that channel: its posted balance is minus everything that came in through it, so reconciling a channel
// statement is one balance. The deposit row and its transfers commit together; a resolution happens once
// (deposit row locked FOR UPDATE, status checked, and the ledger's resolve-once index underneath).
import { v5 as uuidv5 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { CloudDb, Queryable } from '../db/types';
import {
  accountIdFor,
  createAccount,
  createTransfers,
  ensureOrgAccount,
  outletPrepaidId,
  transferError,
  type TransferInput,
} from '../ledger/index';
import { canonicalJson, sha256Hex } from '../catalog/canonical-json';

const NS = '0b9e6d4a-2f71-4c3e-8a55-91d2e7c4b6f3';
export const depositTransferIds = (depositId: string) => ({
  credit: uuidv5(`deposit-credit:${depositId}`, NS),
  fee: uuidv5(`deposit-fee:${depositId}`, NS),
  resolveCredit: uuidv5(`deposit-resolve-credit:${depositId}`, NS),
  resolveFee: uuidv5(`deposit-resolve-fee:${depositId}`, NS),
});
export const channelAccountId = (platformId: string, channelId: string) =>
  accountIdFor('platform', platformId, `channel:${channelId}`);

export interface Channel {
  id: string;
  name: string;
  feeBps: number;
  feeFixed: number;
  minAmount: number;
  active: boolean;
}

export async function listChannels(q: Queryable): Promise<Channel[]> {
  const { rows } = await q.query<{
    id: string;
    name: string;
    fee_bps: number;
    fee_fixed: string;
    min_amount: string;
    active: boolean;
  }>('SELECT * FROM deposit_channels ORDER BY id');
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    feeBps: Number(r.fee_bps),
    feeFixed: Number(r.fee_fixed),
    minAmount: Number(r.min_amount),
    active: r.active,
  }));
}

/** fee = round(amount × fee_bps / 10000) + fee_fixed (0003's rule), in integer arithmetic. */
export function feeOf(c: Channel, amount: number): number {
  return Math.floor((amount * c.feeBps + 5000) / 10000) + c.feeFixed;
}

export async function platformId(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM organizations WHERE type = 'platform' ORDER BY created_at LIMIT 1",
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', 'No platform organisation');
  return rows[0].id;
}

export interface DepositRow {
  id: string;
  outlet_id: string;
  channel_id: string;
  amount: string | number;
  fee: string | number;
  status: 'pending' | 'confirmed' | 'failed' | 'expired';
  channel_ref: string | null;
  created_at: string | number;
  resolved_at: string | number | null;
  payload_sha256: string;
}

export function depositView(d: DepositRow) {
  const amount = Number(d.amount);
  const fee = Number(d.fee);
  return {
    id: d.id,
    channelId: d.channel_id,
    amountFen: amount,
    feeFen: fee,
    creditFen: amount - fee,
    status: d.status,
    channelRef: d.channel_ref,
    createdAt: Number(d.created_at),
    resolvedAt: d.resolved_at === null ? null : Number(d.resolved_at),
  };
}

async function run(q: Queryable, transfers: TransferInput[], now: number): Promise<void> {
  const results = await createTransfers(
    q,
    transfers.map((t, i) => ({ ...t, linked: i < transfers.length - 1 })),
    now,
  );
  const bad = results.find((r) => r.result !== 'ok' && r.result !== 'exists' && r.result !== 'linked_event_failed');
  if (bad) throw transferError(bad.result, bad.id);
}

/** The outlet's deposits, newest first (the last 200). */
export async function listOutletDeposits(q: Queryable, outletId: string): Promise<DepositRow[]> {
  const { rows } = await q.query<DepositRow>(
    'SELECT * FROM deposits WHERE outlet_id = $1 ORDER BY created_at DESC, id LIMIT 200',
    [outletId],
  );
  return rows;
}

// ---- the channel's callbacks (deposit_callbacks): one row per (channel, callbackId), its outcome kept ----

/**
 * Records a callback as 'received'; false when this (channel, callbackId) was recorded before (a replay).
 * The primary key decides a race between two deliveries of the same callback.
 */
export async function recordChannelCallback(
  q: Queryable,
  cb: { channelId: string; callbackId: string; depositId: string },
  now: number,
): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO deposit_callbacks (channel_id, callback_id, deposit_id, outcome, received_at) VALUES ($1, $2, $3, 'received', $4)
     ON CONFLICT (channel_id, callback_id) DO NOTHING RETURNING callback_id`,
    [cb.channelId, cb.callbackId, cb.depositId, now],
  );
  return rows.length > 0;
}

/** The outcome recorded for a callback seen before ('received', a ResolveOutcome), or undefined. */
export async function channelCallbackOutcome(
  q: Queryable,
  channelId: string,
  callbackId: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ outcome: string }>(
    'SELECT outcome FROM deposit_callbacks WHERE channel_id = $1 AND callback_id = $2',
    [channelId, callbackId],
  );
  return rows[0]?.outcome;
}

export async function setChannelCallbackOutcome(
  q: Queryable,
  channelId: string,
  callbackId: string,
  outcome: ResolveOutcome,
): Promise<void> {
  await q.query('UPDATE deposit_callbacks SET outcome = $3 WHERE channel_id = $1 AND callback_id = $2', [
    channelId,
    callbackId,
    outcome,
  ]);
}

/** Starts a deposit: the row and its pending chain. The client's id makes a retry answer the same deposit. */
export async function startDeposit(
  q: Queryable,
  input: { id: string; outletId: string; channelId: string; amount: number; employeeId: string },
  now: number,
): Promise<DepositRow> {
  const channel = (await listChannels(q)).find((c) => c.id === input.channelId);
  if (!channel || !channel.active)
    throw new AppError('NOT_FOUND', 'No such deposit channel', { channelId: input.channelId });
  if (input.amount < channel.minAmount)
    throw new AppError('VALIDATION', `This channel takes at least ${channel.minAmount} fen`, [
      { path: 'amountFen', message: `below the channel minimum ${channel.minAmount}` },
    ]);
  const fee = feeOf(channel, input.amount);
  if (fee >= input.amount)
    throw new AppError('VALIDATION', 'The fee would take the whole amount', [
      { path: 'amountFen', message: 'fee ≥ amount' },
    ]);
  const hash = sha256Hex(canonicalJson({ outletId: input.outletId, channelId: input.channelId, amount: input.amount }));
  const ins = await q.query<DepositRow>(
    `INSERT INTO deposits (id, outlet_id, channel_id, amount, fee, payload_sha256, created_at, employee_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO NOTHING RETURNING *`,
    [input.id, input.outletId, input.channelId, input.amount, fee, hash, now, input.employeeId],
  );
  if (!ins.rows[0]) {
    const { rows } = await q.query<DepositRow>('SELECT * FROM deposits WHERE id = $1', [input.id]);
    if (rows[0]?.payload_sha256 !== hash)
      throw new AppError('CONFLICT', 'A deposit with this id exists with other details');
    return rows[0];
  }
  const pid = await platformId(q);
  const chan = await createAccount(
    q,
    { id: channelAccountId(pid, channel.id), kind: 'platform', orgId: pid, purpose: `channel:${channel.id}` },
    now,
  );
  await ensureOrgAccount(q, 'outlet_prepaid', input.outletId, now);
  const fees = await ensureOrgAccount(q, 'platform', pid, now, 'fees');
  const ids = depositTransferIds(input.id);
  const ref = `deposit:${input.id}`;
  const chain: TransferInput[] = [
    {
      id: ids.credit,
      debitAccountId: chan.id,
      creditAccountId: outletPrepaidId(input.outletId),
      amount: input.amount - fee,
      pending: true,
      code: 'deposit',
      ref,
    },
  ];
  if (fee > 0)
    chain.push({
      id: ids.fee,
      debitAccountId: chan.id,
      creditAccountId: fees.id,
      amount: fee,
      pending: true,
      code: 'deposit_fee',
      ref,
    });
  await run(q, chain, now);
  return ins.rows[0];
}

export type ResolveOutcome = 'confirmed' | 'failed' | 'ignored_terminal' | 'refused_expired';

/**
 * The channel's answer: paid (post the chain) or failed (void it). A deposit resolves once; later answers are
 * ignored — except on an expired deposit, where the answer is 'refused_expired' (the caller refuses it with
 * DEPOSIT_EXPIRED: money the channel took after the expiry is the channel's to return, never credited here).
 */
export async function resolveDeposit(
  q: Queryable,
  depositId: string,
  channelId: string,
  answer: { paid: boolean; amount: number; channelRef: string },
  now: number,
): Promise<ResolveOutcome> {
  const { rows } = await q.query<DepositRow>('SELECT * FROM deposits WHERE id = $1 AND channel_id = $2 FOR UPDATE', [
    depositId,
    channelId,
  ]);
  const d = rows[0];
  if (!d) throw new AppError('NOT_FOUND', 'No such deposit at this channel');
  if (d.status === 'expired') return 'refused_expired';
  if (d.status !== 'pending') return 'ignored_terminal';
  // A payment of another amount than asked is not this deposit: it is refused, the deposit stays pending.
  if (answer.paid && answer.amount !== Number(d.amount))
    throw new AppError('VALIDATION', 'The paid amount differs from the deposit', [
      { path: 'amountFen', message: `expected ${d.amount}` },
    ]);
  const ids = depositTransferIds(depositId);
  const code = answer.paid ? 'deposit_confirm' : 'deposit_fail';
  const ref = `deposit:${depositId}`;
  const chain: TransferInput[] = [
    answer.paid
      ? { id: ids.resolveCredit, postPendingId: ids.credit, code, ref }
      : { id: ids.resolveCredit, voidPendingId: ids.credit, code, ref },
  ];
  if (Number(d.fee) > 0)
    chain.push(
      answer.paid
        ? { id: ids.resolveFee, postPendingId: ids.fee, code, ref }
        : { id: ids.resolveFee, voidPendingId: ids.fee, code, ref },
    );
  await run(q, chain, now);
  const status = answer.paid ? 'confirmed' : 'failed';
  await q.query('UPDATE deposits SET status = $2, channel_ref = $3, resolved_at = $4 WHERE id = $1', [
    depositId,
    status,
    answer.channelRef,
    now,
  ]);
  return status;
}

/** Default time a deposit may wait for its channel's confirmation before it expires. */
export const DEPOSIT_TTL_MS_DEFAULT = 24 * 60 * 60 * 1000;

/**
 * Expires one deposit if it is still pending and older than the TTL: voids its chain, marks it 'expired'.
 * The row lock orders it against a callback arriving at the same moment: whichever locks first wins, the other
 * sees a resolved deposit. Returns whether this call expired it.
 */
export async function expireDeposit(q: Queryable, depositId: string, now: number, ttlMs: number): Promise<boolean> {
  const { rows } = await q.query<DepositRow>('SELECT * FROM deposits WHERE id = $1 FOR UPDATE', [depositId]);
  const d = rows[0];
  if (!d || d.status !== 'pending' || Number(d.created_at) > now - ttlMs) return false;
  const ids = depositTransferIds(depositId);
  const ref = `deposit:${depositId}`;
  const chain: TransferInput[] = [{ id: ids.resolveCredit, voidPendingId: ids.credit, code: 'deposit_expire', ref }];
  if (Number(d.fee) > 0) chain.push({ id: ids.resolveFee, voidPendingId: ids.fee, code: 'deposit_expire', ref });
  await run(q, chain, now);
  await q.query("UPDATE deposits SET status = 'expired', resolved_at = $2 WHERE id = $1", [depositId, now]);
  return true;
}

/**
 * The sweep: every deposit pending longer than `ttlMs` at `now` expires, oldest first, one transaction each
 * (a failure leaves the rest for the next run). Safe to run from several cloud processes at once. Returns
 * the ids it expired.
 */
export async function expireDeposits(
  db: CloudDb,
  now: number,
  ttlMs = DEPOSIT_TTL_MS_DEFAULT,
  batch = 200,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM deposits WHERE status = 'pending' AND created_at <= $1 ORDER BY created_at LIMIT $2",
    [now - ttlMs, batch],
  );
  const expired: string[] = [];
  for (const r of rows) if (await db.tx((q) => expireDeposit(q, r.id, now, ttlMs))) expired.push(r.id);
  return expired;
}
