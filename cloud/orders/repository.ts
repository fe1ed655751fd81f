// Runtime: Node. Pushed orders. Idempotent forever on (device_id, client_order_id):
//  - first push stores the order and answers 'accepted' with a new serverOrderId;
//  - a repeat with the same payload hash answers 'duplicate' with the FIRST serverOrderId;
//  - the same id with another payload answers 'conflict' and changes nothing.
// The UNIQUE constraint decides races between processes (INSERT ... ON CONFLICT DO NOTHING), never a
// read-then-write in application memory.
// Long on purpose: the order ingest path (idempotency, the bulk insert, stock and member effects) is one transaction
// and one hot path measured by the bench.
import { v4 as uuidv4 } from 'uuid';
import { zodIssues } from '../../shared/errors';
import { zOrderWire, type OrderWire } from '../../shared/sync/protocol';
import { type OrderResult } from '../../shared/sync/records';
import type { CloudDb, Queryable } from '../db/types';
import { applyMemberPayments, memberIdsOf } from '../members/sync';
import { applySalesToStock } from '../catalog/repository';
import { flagAccepted, type Accepted, type Flagged } from '../order-flags/checks';
import { codePaymentRefusal, markCodePayments } from '../payments/orders';
import { canonicalJson, sha256Hex } from '../catalog/canonical-json';

export interface PushContext {
  deviceId: string;
  outletId: string;
  now: number;
  log?: (err: unknown, msg: string) => void;
  /** told, after the commit, which of the orders stored now were flagged for the owner (order-flags/checks.ts) */
  onFlagged?: (flagged: Flagged[]) => void;
}

interface Prepared {
  index: number;
  order: OrderWire;
  hash: string;
}

function clientIdOf(raw: unknown): string {
  const id = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).clientOrderId : undefined;
  return typeof id === 'string' ? id.slice(0, 64) : '';
}

export async function pushOrders(db: CloudDb, rawOrders: unknown[], ctx: PushContext): Promise<OrderResult[]> {
  const results: OrderResult[] = new Array(rawOrders.length);
  const valid: Prepared[] = [];
  rawOrders.forEach((raw, index) => {
    const parsed = zOrderWire.safeParse(raw);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const first = issues[0];
      results[index] = {
        clientOrderId: clientIdOf(raw),
        status: 'rejected',
        error: {
          code: 'VALIDATION',
          message: `Invalid order${first ? `: ${first.path || '(root)'} ${first.message}` : ''}`,
        },
      };
      return;
    }
    const order = parsed.data;
    const lineNos = new Set(order.lines.map((l) => l.lineNo));
    if (lineNos.size !== order.lines.length) {
      results[index] = {
        clientOrderId: order.clientOrderId,
        status: 'rejected',
        error: { code: 'VALIDATION', message: 'Invalid order: lines must have distinct lineNo' },
      };
      return;
    }
    // The same clientOrderId twice in one batch is fine: the second finds the first (same transaction).
    valid.push({ index, order, hash: sha256Hex(canonicalJson(order)) });
  });

  let flagged: Flagged[] = [];
  await db.tx(async (q) => {
    const employees = await idsIn(
      q,
      'SELECT id FROM employees WHERE org_id = $1 AND id = ANY($2::uuid[])',
      ctx.outletId,
      [
        ...new Set(
          valid.flatMap((v) => [
            v.order.employeeId,
            ...v.order.payments.flatMap((x) => (x.confirmedBy ? [x.confirmedBy] : [])),
            ...(v.order.overrides ?? []).map((x) => x.supervisorId),
          ]),
        ),
      ],
    );
    const products = await idsIn(
      q,
      'SELECT id FROM products WHERE outlet_id = $1 AND id = ANY($2::uuid[])',
      ctx.outletId,
      [...new Set(valid.flatMap((v) => v.order.lines.map((l) => l.productId)))],
    );
    const members = await idsIn(
      q,
      'SELECT id FROM members WHERE outlet_id = $1 AND id = ANY($2::uuid[])',
      ctx.outletId,
      memberIdsOf(valid.map((v) => v.order)),
    );
    // A fixed lock order (by clientOrderId) keeps two concurrent pushes of overlapping batches from deadlocking.
    const ordered = [...valid].sort((a, b) =>
      a.order.clientOrderId < b.order.clientOrderId
        ? -1
        : a.order.clientOrderId > b.order.clientOrderId
          ? 1
          : a.index - b.index,
    );
    const sold: { productId: string; qty: number }[] = [];
    const paidByMembers: { serverOrderId: string; order: OrderWire }[] = [];
    const byIndex = new Map(valid.map((v) => [v.index, v.order]));
    const accepted: Accepted[] = [];
    for (const [index, r] of await storeBatch(q, ordered, ctx, { employees, products, members })) {
      results[index] = r;
      const order = byIndex.get(index)!;
      if (r.status === 'accepted') {
        accepted.push({ serverOrderId: r.serverOrderId!, order });
        sold.push(...order.lines);
        if (order.payments.some((x) => x.method === 'member'))
          paidByMembers.push({ serverOrderId: r.serverOrderId!, order });
      }
    }
    // Member payments taken offline move stored value once per accepted order (ledger rows before the
    // catalog lock, the lock order every member writer keeps).
    await applyMemberPayments(q, ctx.outletId, paidByMembers, ctx.now);
    // Stock moves once per accepted order (never on a duplicate), in the same transaction as the orders.
    await applySalesToStock(q, ctx.outletId, sold, ctx.now);
    // Flagged (never refused) for the owner when the cloud cannot vouch for a discount or a price; only an
    // order stored now, so a duplicate push flags nothing twice.
    flagged = await flagAccepted(q, ctx.outletId, accepted, ctx.now);
  });
  if (flagged.length > 0) ctx.onFlagged?.(flagged);
  return results;
}

async function idsIn(q: Queryable, sql: string, outletId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await q.query<{ id: string }>(sql, [outletId, ids]);
  return new Set(rows.map((r) => r.id));
}

interface Known {
  employees: Set<string>;
  products: Set<string>;
  members: Set<string>;
}

type StoredRow = { id: string; payload_sha256: string };

async function existingMany(q: Queryable, deviceId: string, clientOrderIds: string[]): Promise<Map<string, StoredRow>> {
  if (clientOrderIds.length === 0) return new Map();
  const { rows } = await q.query<StoredRow & { client_order_id: string }>(
    'SELECT client_order_id, id, payload_sha256 FROM orders WHERE device_id = $1 AND client_order_id = ANY($2::uuid[])',
    [deviceId, clientOrderIds],
  );
  return new Map(rows.map((r) => [r.client_order_id, r]));
}

/** Why a not-yet-stored order cannot be stored, or null when it can. */
function refusal(o: OrderWire, known: Known): OrderResult | null {
  if (!known.employees.has(o.employeeId)) {
    return {
      clientOrderId: o.clientOrderId,
      status: 'rejected',
      error: { code: 'FORBIDDEN', message: 'employeeId does not belong to this device’s outlet' },
    };
  }
  const unknown = o.lines.find((l) => !known.products.has(l.productId));
  if (unknown) {
    return {
      clientOrderId: o.clientOrderId,
      status: 'rejected',
      error: { code: 'NOT_FOUND', message: `Unknown product ${unknown.productId} on line ${unknown.lineNo}` },
    };
  }
  const confirmer = o.payments.find((x) => x.confirmedBy !== undefined && !known.employees.has(x.confirmedBy));
  if (confirmer) {
    return {
      clientOrderId: o.clientOrderId,
      status: 'rejected',
      error: { code: 'FORBIDDEN', message: 'confirmedBy does not belong to this device’s outlet' },
    };
  }
  const approver = (o.overrides ?? []).find((x) => !known.employees.has(x.supervisorId));
  if (approver) {
    return {
      clientOrderId: o.clientOrderId,
      status: 'rejected',
      error: { code: 'FORBIDDEN', message: 'an override’s supervisorId does not belong to this device’s outlet' },
    };
  }
  const stranger = o.payments.find((x) => x.memberId !== undefined && !known.members.has(x.memberId));
  if (stranger) {
    return {
      clientOrderId: o.clientOrderId,
      status: 'rejected',
      error: { code: 'NOT_FOUND', message: `Unknown member ${stranger.memberId}` },
    };
  }
  return null;
}

/**
 * Stores a batch (already sorted by clientOrderId) and answers each order. Fast path: one lookup of what
 * is stored, then multi-row INSERTs for orders, lines and payments — a handful of round trips per batch
 * instead of several per order. The unique key still decides every race (ON CONFLICT DO NOTHING). If the
 * bulk write fails for any reason, it is rolled back to its savepoint and the batch is stored order by
 * order, each under its own savepoint, so one bad order never undoes the others.
 */
async function storeBatch(
  q: Queryable,
  batch: Prepared[],
  ctx: PushContext,
  known: Known,
): Promise<Map<number, OrderResult>> {
  const answers = new Map<number, OrderResult>();
  const stored = await existingMany(q, ctx.deviceId, [...new Set(batch.map((p) => p.order.clientOrderId))]);
  const fresh: (Prepared & { id: string })[] = [];
  const firstInBatch = new Map<string, Prepared & { id: string }>();
  for (const p of batch) {
    const o = p.order;
    const before = stored.get(o.clientOrderId);
    if (before) {
      answers.set(p.index, answerExisting(o, p.hash, before));
      continue;
    }
    const twin = firstInBatch.get(o.clientOrderId);
    if (twin) continue; // answered after the first copy is stored (duplicate or conflict against it)
    const refused = refusal(o, known) ?? (await codePaymentRefusal(q, ctx.outletId, o));
    if (refused) {
      answers.set(p.index, refused);
      continue;
    }
    const candidate = { ...p, id: uuidv4() };
    firstInBatch.set(o.clientOrderId, candidate);
    fresh.push(candidate);
  }

  if (fresh.length > 0) {
    let inserted: Set<string> | null = null;
    await q.query('SAVEPOINT push_batch');
    try {
      inserted = await insertOrders(q, fresh, ctx);
      const mine = fresh.filter((p) => inserted!.has(p.order.clientOrderId));
      await insertLines(q, mine);
      await insertPayments(q, mine);
      for (const p of mine) await markCodePayments(q, ctx.outletId, p.order, p.id, ctx.now);
      await q.query('RELEASE SAVEPOINT push_batch');
    } catch (err) {
      inserted = null;
      await q.query('ROLLBACK TO SAVEPOINT push_batch');
      await q.query('RELEASE SAVEPOINT push_batch');
      ctx.log?.(err, 'bulk order write failed; storing one by one');
    }
    if (inserted) {
      for (const p of fresh)
        if (inserted.has(p.order.clientOrderId))
          answers.set(p.index, { clientOrderId: p.order.clientOrderId, status: 'accepted', serverOrderId: p.id });
      // Not inserted: another transaction stored the same key first (committed while we waited on it).
      const raced = fresh.filter((p) => !inserted!.has(p.order.clientOrderId));
      const rows = await existingMany(
        q,
        ctx.deviceId,
        raced.map((p) => p.order.clientOrderId),
      );
      for (const p of raced) {
        const row = rows.get(p.order.clientOrderId);
        if (!row) throw new Error('order vanished after a unique conflict');
        answers.set(p.index, answerExisting(p.order, p.hash, row));
      }
    } else {
      for (const p of fresh) answers.set(p.index, await pushOne(q, p, ctx));
    }
  }

  // Second copies of an order within the batch answer against what the first copy became.
  for (const p of batch) {
    if (answers.has(p.index)) continue;
    const first = firstInBatch.get(p.order.clientOrderId)!;
    const r = answers.get(first.index)!;
    answers.set(
      p.index,
      r.status === 'accepted' || r.status === 'duplicate'
        ? answerExisting(p.order, p.hash, { id: r.serverOrderId!, payload_sha256: first.hash })
        : r,
    );
  }
  return answers;
}

/** Rows per multi-row INSERT: keeps every statement well under PostgreSQL's 65,535 bind parameters. */
const ROWS_PER_INSERT = 2000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Inserts orders in the given (sorted) order; returns the clientOrderIds this statement stored. */
async function insertOrders(
  q: Queryable,
  fresh: (Prepared & { id: string })[],
  ctx: PushContext,
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const part of chunks(fresh, 200)) {
    const params: unknown[] = [];
    const values = part.map((p) => {
      params.push(...orderRow(p.id, p, ctx));
      const b = params.length - 15;
      return `($${b}, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10}, $${b + 11}, $${b + 12}, $${b + 13}, $${b + 14}, $${b + 15})`;
    });
    const { rows } = await q.query<{ client_order_id: string }>(
      `INSERT INTO orders ${ORDER_COLUMNS}
       VALUES ${values.join(',')}
       ON CONFLICT (device_id, client_order_id) DO NOTHING
       RETURNING client_order_id`,
      params,
    );
    for (const r of rows) inserted.add(r.client_order_id);
  }
  return inserted;
}

/** member, order and 抹零 parts of the order's discount (a version-1 order's discount is all the member's) */
/** The orders columns both inserts write, in the order orderRow gives their values. */
const ORDER_COLUMNS =
  '(id, outlet_id, device_id, client_order_id, payload_sha256, payload, number, employee_id, subtotal, discount, total, created_at, received_at, member_discount, order_discount, rounding)';

/** One order's values for ORDER_COLUMNS: the bulk insert and the one-at-a-time fallback write the same row. */
function orderRow(id: string, p: Prepared, ctx: PushContext): unknown[] {
  const o = p.order;
  return [
    id,
    ctx.outletId,
    ctx.deviceId,
    o.clientOrderId,
    p.hash,
    JSON.stringify(o),
    o.number,
    o.employeeId,
    o.subtotal,
    o.discount,
    o.total,
    o.createdAt,
    ctx.now,
    ...discountParts(o),
  ];
}

function discountParts(o: OrderWire): [number, number, number] {
  const d = o.discounts ?? { member: o.discount, order: 0, rounding: 0 };
  return [d.member, d.order, d.rounding];
}

async function insertLines(q: Queryable, orders: (Prepared & { id: string })[]): Promise<void> {
  const rows = orders.flatMap((p) =>
    p.order.lines.map((l) => [
      p.id,
      l.lineNo,
      l.productId,
      l.sku,
      l.name,
      l.qty,
      l.unitPrice,
      l.lineTotal,
      l.listPrice ?? null,
      l.discount ?? 0,
    ]),
  );
  for (const part of chunks(rows, ROWS_PER_INSERT)) {
    const params: unknown[] = [];
    const values = part.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await q.query(
      `INSERT INTO order_lines (order_id, line_no, product_id, sku, name, qty, unit_price, line_total, list_price, discount) VALUES ${values.join(',')}`,
      params,
    );
  }
  const overrides = orders.flatMap((p) => (p.order.overrides ?? []).map((x) => [p.id, x.act, x.supervisorId, x.at]));
  for (const part of chunks(overrides, ROWS_PER_INSERT)) {
    const params: unknown[] = [];
    const values = part.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await q.query(
      `INSERT INTO order_overrides (order_id, act, supervisor_id, at) VALUES ${values.join(',')} ON CONFLICT DO NOTHING`,
      params,
    );
  }
}

async function insertPayments(q: Queryable, orders: (Prepared & { id: string })[]): Promise<void> {
  const rows = orders.flatMap((p) =>
    p.order.payments.map((x, i) => [
      p.id,
      i + 1,
      x.method,
      x.amount,
      x.tendered ?? null,
      x.change ?? null,
      x.paymentId ?? null,
      x.confirmedBy ?? null,
    ]),
  );
  for (const part of chunks(rows, ROWS_PER_INSERT)) {
    const params: unknown[] = [];
    const values = part.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await q.query(
      `INSERT INTO order_payments (order_id, seq, method, amount, tendered, change, payment_id, confirmed_by) VALUES ${values.join(',')}`,
      params,
    );
  }
}

async function existing(
  q: Queryable,
  deviceId: string,
  clientOrderId: string,
): Promise<{ id: string; payload_sha256: string } | undefined> {
  const { rows } = await q.query<{ id: string; payload_sha256: string }>(
    'SELECT id, payload_sha256 FROM orders WHERE device_id = $1 AND client_order_id = $2',
    [deviceId, clientOrderId],
  );
  return rows[0];
}

function answerExisting(o: OrderWire, hash: string, row: { id: string; payload_sha256: string }): OrderResult {
  return row.payload_sha256 === hash
    ? { clientOrderId: o.clientOrderId, status: 'duplicate', serverOrderId: row.id }
    : {
        clientOrderId: o.clientOrderId,
        status: 'conflict',
        serverOrderId: row.id,
        error: {
          code: 'CONFLICT',
          message: 'An order with this clientOrderId was already received with a different payload',
        },
      };
}

/** The slow path: one order under its own savepoint (checks already passed in storeBatch). */
async function pushOne(q: Queryable, p: Prepared & { id: string }, ctx: PushContext): Promise<OrderResult> {
  const o = p.order;
  const before = await existing(q, ctx.deviceId, o.clientOrderId);
  if (before) return answerExisting(o, p.hash, before);
  // A savepoint per order: a failure here undoes only this order, never the rest of the batch.
  await q.query('SAVEPOINT push_order');
  try {
    const id = p.id;
    const ins = await q.query<{ id: string }>(
      `INSERT INTO orders ${ORDER_COLUMNS}
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (device_id, client_order_id) DO NOTHING
       RETURNING id`,
      orderRow(id, p, ctx),
    );
    if (ins.rows.length === 0) {
      // Another transaction stored it first (it committed while we waited on the unique key).
      await q.query('RELEASE SAVEPOINT push_order');
      const row = await existing(q, ctx.deviceId, o.clientOrderId);
      if (!row) throw new Error('order vanished after a unique conflict');
      return answerExisting(o, p.hash, row);
    }
    // Checked again under this savepoint: another order of the batch may have used the payment meanwhile.
    const refused = await codePaymentRefusal(q, ctx.outletId, o);
    if (refused) {
      await q.query('ROLLBACK TO SAVEPOINT push_order');
      await q.query('RELEASE SAVEPOINT push_order');
      return refused;
    }
    await insertLines(q, [p]);
    await insertPayments(q, [p]);
    await markCodePayments(q, ctx.outletId, o, id, ctx.now);
    await q.query('RELEASE SAVEPOINT push_order');
    return { clientOrderId: o.clientOrderId, status: 'accepted', serverOrderId: id };
  } catch (err) {
    await q.query('ROLLBACK TO SAVEPOINT push_order');
    await q.query('RELEASE SAVEPOINT push_order');
    ctx.log?.(err, 'storing a pushed order failed');
    return {
      clientOrderId: o.clientOrderId,
      status: 'rejected',
      error: { code: 'INTERNAL', message: 'The order could not be stored' },
    };
  }
}
