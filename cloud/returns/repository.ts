// Runtime: Node. Returns and voids (退货 / 作废) pushed by the tills: the 'return' repository of the record
// routes (cloud/records/routes.ts). Idempotent forever on (device, clientReturnId): a repeat answers
// 'duplicate', the same id with another payload 'conflict'. Each return is judged on its own, in its own
// transaction, against its original order, locked (FOR UPDATE) so two returns of one sale are judged one
// after the other:
//  - the original must have reached the cloud from the same device (so the same outlet); until it has, the
//    verdict is AWAITING_ORIGINAL, which the till retries (shared/sync/records.ts TRANSIENT_VERDICT_CODES);
//  - each line's quantity must still be there and its amount be exactly what shared/sale/returns.ts gives for
//    it after the earlier returns; the refunds must go back to the original tenders as refundsFor says;
//  - a part refunded to a payment code names the cloud payment the sale used, and its provider refund (the
//    id derived from the return's id and the part's position, shared/sale/returns.ts codeRefundIdOf) must have
//    been accepted here before: the till commits such a return only after that. A code part whose refund the
//    provider refused comes back as cash instead — accepted only when that refund is on record as failed;
//    A code refund that failed AFTER it was accepted (failed_late_at) is no reason to refuse: the till was told
//    'pending' and committed; the return is stored, and the owner alerted (late-refunds.ts);
//  - then the member's card is credited (ledger, once) and the stock put back, in the same transaction.
// Refusals are 'rejected' with CONFLICT (does not match the sale) or VALIDATION (schema).
import { v4 as uuidv4 } from 'uuid';
import { zodIssues } from '../../shared/errors';
import { formatFen } from '../../shared/money';
import type { OrderWire } from '../../shared/sync/protocol';
import {
  amountFor,
  codeRefundIdOf,
  lineRoom,
  refundsFor,
  zReturnWire,
  type EarlierReturn,
  type ReturnWire,
} from '../../shared/sale/returns';
import { clientIdOf, type RecordResult } from '../../shared/sync/records';
import type { Queryable } from '../db/types';
import type { RecordPush } from '../records/routes';
import { sendAlert } from '../security/alerts';
import type { SecurityContext } from '../security/context';
import { canonicalJson, sha256Hex } from '../catalog/canonical-json';
import { applySalesToStock } from '../catalog/repository';
import { lockMember, refundReturnToCard } from '../members/ledger';
import { publishMember } from '../members/store';
import { alertLateRefundsOf, linkCodeRefunds } from './late-refunds';

type Result = RecordResult<'return'>;

const rejected = (id: string, code: string, message: string): Result => ({
  clientReturnId: id,
  status: 'rejected',
  error: { code, message },
});

export async function pushReturns(ctx: SecurityContext, raws: unknown[], p: RecordPush): Promise<Result[]> {
  const out: Result[] = [];
  const stored: { r: ReturnWire; id: string }[] = [];
  for (const raw of raws) {
    const parsed = zReturnWire.safeParse(raw);
    if (!parsed.success) {
      const first = zodIssues(parsed.error)[0];
      out.push(
        rejected(
          clientIdOf('return', raw).slice(0, 64),
          'VALIDATION',
          `Invalid return${first ? `: ${first.path || '(root)'} ${first.message}` : ''}`,
        ),
      );
      continue;
    }
    const r = parsed.data;
    const hash = sha256Hex(canonicalJson(r));
    try {
      const answer = await ctx.db.tx((q) => storeOne(q, r, hash, p));
      if (answer.status === 'accepted' && answer.serverReturnId) stored.push({ r, id: answer.serverReturnId });
      out.push(answer);
    } catch (err) {
      p.log(err, 'storing a pushed return failed');
      out.push(rejected(r.clientReturnId, 'INTERNAL', 'The return could not be stored'));
    }
  }
  for (const { r, id } of stored) {
    await alertRefunds(ctx, p, r).catch((err: unknown) => p.log(err, 'refund alert failed'));
    await alertLateRefundsOf(ctx, id, (err) => p.log(err, 'late refund alert failed'));
  }
  return out;
}

async function existing(q: Queryable, deviceId: string, id: string) {
  const { rows } = await q.query<{ id: string; payload_sha256: string }>(
    'SELECT id, payload_sha256 FROM returns WHERE device_id = $1 AND client_return_id = $2',
    [deviceId, id],
  );
  return rows[0];
}

function answerExisting(r: ReturnWire, hash: string, row: { id: string; payload_sha256: string }): Result {
  return row.payload_sha256 === hash
    ? { clientReturnId: r.clientReturnId, status: 'duplicate', serverReturnId: row.id }
    : {
        clientReturnId: r.clientReturnId,
        status: 'conflict',
        serverReturnId: row.id,
        error: {
          code: 'CONFLICT',
          message: 'A return with this clientReturnId was already received with a different payload',
        },
      };
}

async function storeOne(q: Queryable, r: ReturnWire, hash: string, p: RecordPush): Promise<Result> {
  const device = p.device;
  const before = await existing(q, device.id, r.clientReturnId);
  if (before) return answerExisting(r, hash, before);
  const people = [r.employeeId, ...(r.overrides ?? []).map((o) => o.supervisorId)];
  const { rows: staff } = await q.query<{ id: string }>(
    'SELECT id FROM employees WHERE org_id = $1 AND id = ANY($2::uuid[])',
    [device.outlet_id, people],
  );
  if (new Set(staff.map((s) => s.id)).size !== new Set(people).size)
    return rejected(
      r.clientReturnId,
      'FORBIDDEN',
      'an employee of this return does not belong to this device’s outlet',
    );

  let orderId: string | null = null;
  if (r.original) {
    const { rows } = await q.query<{ id: string; payload: OrderWire }>(
      'SELECT id, payload FROM orders WHERE device_id = $1 AND client_order_id = $2 FOR UPDATE',
      [device.id, r.original.clientOrderId],
    );
    const order = rows[0];
    if (!order)
      return rejected(r.clientReturnId, 'AWAITING_ORIGINAL', `Sale ${r.original.number} has not reached the cloud yet`);
    orderId = order.id;
    const { rows: earlierRows } = await q.query<{ payload: ReturnWire }>(
      'SELECT payload FROM returns WHERE order_id = $1 ORDER BY created_at, id',
      [order.id],
    );
    const refunds = await codeRefunds(q, r);
    const failed = new Set(
      [...refunds].filter(([, x]) => x.status === 'failed' && x.failed_late_at === null).map(([seq]) => seq),
    );
    const why = mismatch(
      order.payload,
      earlierRows.map((e) => e.payload),
      r,
      failed,
    );
    if (why) return rejected(r.clientReturnId, 'CONFLICT', why);
    for (const [i, x] of r.refunds.entries()) {
      if (!x.paymentId) continue;
      const asked = refunds.get(i + 1);
      if (
        !asked ||
        (asked.status === 'failed' && asked.failed_late_at === null) ||
        asked.payment_id !== x.paymentId ||
        Number(asked.amount) !== x.amount ||
        asked.outlet_id !== device.outlet_id
      )
        return rejected(
          r.clientReturnId,
          'CONFLICT',
          `Part ${i + 1} goes back to a payment code, but the cloud never accepted that refund`,
        );
    }
  } else {
    if (r.refunds.length !== 1 || r.refunds[0]!.method !== 'cash')
      return rejected(r.clientReturnId, 'CONFLICT', 'A return without a receipt is refunded in cash only');
    const { rows } = await q.query<{ id: string }>(
      'SELECT id FROM products WHERE outlet_id = $1 AND id = ANY($2::uuid[])',
      [device.outlet_id, [...new Set(r.lines.map((l) => l.productId))]],
    );
    if (rows.length !== new Set(r.lines.map((l) => l.productId)).size)
      return rejected(r.clientReturnId, 'NOT_FOUND', 'A returned product is not in this outlet’s catalog');
  }

  const id = uuidv4();
  const ins = await q.query(
    `INSERT INTO returns (id, outlet_id, device_id, client_return_id, payload_sha256, payload, number, employee_id,
       order_id, reason, total, created_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (device_id, client_return_id) DO NOTHING RETURNING id`,
    [
      id,
      device.outlet_id,
      device.id,
      r.clientReturnId,
      hash,
      JSON.stringify(r),
      r.number,
      r.employeeId,
      orderId,
      r.reason,
      r.total,
      r.createdAt,
      p.now,
    ],
  );
  if (ins.rows.length === 0) {
    const row = await existing(q, device.id, r.clientReturnId);
    if (!row) throw new Error('return vanished after a unique conflict');
    return answerExisting(r, hash, row);
  }
  for (const l of r.lines)
    await q.query(
      `INSERT INTO return_lines (return_id, line_no, order_line_no, product_id, sku, name, qty, amount)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, l.lineNo, l.orderLineNo ?? null, l.productId, l.sku, l.name, l.qty, l.amount],
    );
  for (const [i, x] of r.refunds.entries())
    await q.query(
      'INSERT INTO return_refunds (return_id, seq, method, amount, member_id, payment_id) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, i + 1, x.method, x.amount, x.memberId ?? null, x.paymentId ?? null],
    );
  await linkCodeRefunds(q, id, r);
  for (const o of r.overrides ?? [])
    await q.query(
      'INSERT INTO return_overrides (return_id, act, supervisor_id, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [id, o.act, o.supervisorId, o.at],
    );
  // The member's card gets its money back, once (the transfer id derives from this return).
  for (const [i, x] of r.refunds.entries()) {
    if (x.method !== 'member' || !x.memberId || x.amount === 0) continue;
    const m = await lockMember(q, device.outlet_id, x.memberId);
    await refundReturnToCard(q, m, { returnId: id, seq: i + 1, amount: x.amount }, p.now);
    await publishMember(q, m, p.now);
  }
  // The goods are back on the shelf.
  await applySalesToStock(
    q,
    device.outlet_id,
    r.lines.map((l) => ({ productId: l.productId, qty: -l.qty })),
    p.now,
  );
  return { clientReturnId: r.clientReturnId, status: 'accepted', serverReturnId: id };
}

interface CodeRefund {
  payment_id: string;
  amount: string | number;
  status: string;
  /** failed after the till was told it was accepted (the till committed the return to the code) */
  failed_late_at: string | number | null;
  outlet_id: string;
}

/** The provider refunds asked for this return's parts (by the part's position), as the payments engine keeps them. */
async function codeRefunds(q: Queryable, r: ReturnWire): Promise<Map<number, CodeRefund>> {
  const ids = r.refunds.map((_, i) => codeRefundIdOf(r.clientReturnId, i + 1));
  const { rows } = await q.query<CodeRefund & { id: string }>(
    `SELECT f.id, f.payment_id, f.amount, f.status, f.failed_late_at, p.outlet_id FROM payment_refunds f
       JOIN payments p ON p.id = f.payment_id WHERE f.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((x) => [ids.indexOf(x.id) + 1, x]));
}

/**
 * Why a return does not fit its original order and the returns before it, or null when it fits. `refused`: the
 * parts (1-based) whose refund to a payment code the provider refused, which may come back as cash instead.
 */
export function mismatch(
  order: OrderWire,
  earlier: readonly EarlierReturn[],
  r: ReturnWire,
  refused: ReadonlySet<number> = new Set(),
): string | null {
  const rooms = new Map(lineRoom(order, earlier).map((x) => [x.lineNo, x]));
  const seen = new Set<number>();
  for (const l of r.lines) {
    const room = rooms.get(l.orderLineNo!);
    const sold = order.lines.find((x) => x.lineNo === l.orderLineNo);
    if (!room || !sold || sold.productId !== l.productId)
      return `Line ${l.lineNo} is not a line of sale ${order.number}`;
    if (seen.has(l.orderLineNo!)) return `Line ${l.orderLineNo} of the sale appears twice`;
    seen.add(l.orderLineNo!);
    const amount = amountFor(room, l.qty);
    if (amount === null)
      return `Only ${room.sold - room.returned} of line ${l.orderLineNo} (${sold.name}) are left to return`;
    if (amount !== l.amount) return `Line ${l.lineNo} gives back ${l.amount} fen; the sale allows ${amount}`;
  }
  const expected = refundsFor(order, earlier, r.total);
  const same =
    expected !== null &&
    expected.length === r.refunds.length &&
    expected.every((x, i) => {
      const y = r.refunds[i]!;
      if (x.amount !== y.amount) return false;
      if (x.paymentId && y.method === 'cash' && !y.paymentId) return refused.has(i + 1);
      return (
        x.method === y.method &&
        (x.memberId ?? null) === (y.memberId ?? null) &&
        (x.paymentId ?? null) === (y.paymentId ?? null)
      );
    });
  return same ? null : 'The refunds do not go back to the tenders the sale was paid with';
}

/** The owner hears when one employee's refunds in a day (the outlet's day) pass the outlet's setting. */
async function alertRefunds(ctx: SecurityContext, p: RecordPush, r: ReturnWire): Promise<void> {
  const { rows } = await ctx.db.query<{ refund_alert_fen: string | number; timezone: string }>(
    'SELECT refund_alert_fen, timezone FROM organizations WHERE id = $1',
    [p.device.outlet_id],
  );
  const limit = Number(rows[0]?.refund_alert_fen ?? 0);
  if (limit <= 0) return;
  const tz = rows[0]!.timezone;
  const dayStart = startOfDay(r.createdAt, tz);
  const { rows: sums } = await ctx.db.query<{ total: string | number }>(
    `SELECT coalesce(sum(total), 0) AS total FROM returns
      WHERE outlet_id = $1 AND employee_id = $2 AND created_at >= $3 AND created_at < $4`,
    [p.device.outlet_id, r.employeeId, dayStart, dayStart + 86_400_000],
  );
  const total = Number(sums[0]!.total);
  // Only the return that crossed the line alerts: the ones after it the same day do not.
  if (total <= limit || total - r.total > limit) return;
  const { rows: emp } = await ctx.db.query<{ name: string; username: string }>(
    'SELECT name, username FROM employees WHERE id = $1',
    [r.employeeId],
  );
  const who = emp[0] ? `${emp[0].name || emp[0].username}（${emp[0].username}）` : r.employeeId;
  await sendAlert(
    { db: ctx.db, now: ctx.now, email: ctx.email },
    {
      orgId: p.device.outlet_id,
      kind: 'refunds_high',
      subject: `${who} 今日退款已达 ${formatFen(total, 'zh-CN')}`,
      body: `设备 ${p.device.name} 上 ${who} 今日退款合计 ${formatFen(total, 'zh-CN')}，超过门店设定的 ${formatFen(limit, 'zh-CN')}。最近一笔：退货单 ${r.number}，${formatFen(r.total, 'zh-CN')}。`,
      employeeId: r.employeeId,
    },
    (x) => p.log(x, 'refund alert failed'),
  );
}

/** Midnight of the day `at` falls on, in the outlet's time zone (epoch ms). */
function startOfDay(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hour12: false,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((x) => x.type === t)?.value ?? 0);
  const sinceMidnight = ((get('hour') % 24) * 3600 + get('minute') * 60 + get('second')) * 1000 + (at % 1000);
  return at - sinceMidnight;
}
