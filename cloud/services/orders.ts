// Runtime: Node. Pushed orders. Idempotent forever on (device_id, client_order_id):
//  - first push stores the order and answers 'accepted' with a new serverOrderId;
//  - a repeat with the same payload hash answers 'duplicate' with the FIRST serverOrderId;
//  - the same id with another payload answers 'conflict' and changes nothing.
// The UNIQUE constraint decides races between processes (INSERT ... ON CONFLICT DO NOTHING), never a
// read-then-write in application memory.
import { v4 as uuidv4 } from 'uuid';
import { zodIssues } from '../../shared/errors';
import { zOrderWire, type OrderResult, type OrderWire } from '../../shared/sync/protocol';
import type { CloudDb, Queryable } from '../db/types';
import { applyMemberPayments, memberIdsOf } from '../members/sync';
import { applySalesToStock } from './catalog';
import { canonicalJson, sha256Hex } from './canonical-json';

export interface PushContext {
  deviceId: string;
  outletId: string;
  now: number;
  log?: (err: unknown, msg: string) => void;
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
        error: { code: 'VALIDATION', message: `Invalid order${first ? `: ${first.path || '(root)'} ${first.message}` : ''}` },
      };
      return;
    }
    const order = parsed.data;
    const lineNos = new Set(order.lines.map((l) => l.lineNo));
    if (lineNos.size !== order.lines.length) {
      results[index] = { clientOrderId: order.clientOrderId, status: 'rejected', error: { code: 'VALIDATION', message: 'Invalid order: lines must have distinct lineNo' } };
      return;
    }
    // The same clientOrderId twice in one batch is fine: the second finds the first (same transaction).
    valid.push({ index, order, hash: sha256Hex(canonicalJson(order)) });
  });

  await db.tx(async (q) => {
    const employees = await idsIn(q, 'SELECT id FROM employees WHERE org_id = $1 AND id = ANY($2::uuid[])', ctx.outletId, [...new Set(valid.map((v) => v.order.employeeId))]);
    const products = await idsIn(
      q,
      'SELECT id FROM products WHERE outlet_id = $1 AND id = ANY($2::uuid[])',
      ctx.outletId,
      [...new Set(valid.flatMap((v) => v.order.lines.map((l) => l.productId)))],
    );
    const members = await idsIn(q, 'SELECT id FROM members WHERE outlet_id = $1 AND id = ANY($2::uuid[])', ctx.outletId, memberIdsOf(valid.map((v) => v.order)));
    // A fixed lock order (by clientOrderId) keeps two concurrent pushes of overlapping batches from deadlocking.
    const ordered = [...valid].sort((a, b) => (a.order.clientOrderId < b.order.clientOrderId ? -1 : a.order.clientOrderId > b.order.clientOrderId ? 1 : a.index - b.index));
    const sold: { productId: string; qty: number }[] = [];
    const paidByMembers: { serverOrderId: string; order: OrderWire }[] = [];
    for (const p of ordered) {
      const r = await pushOne(q, p, ctx, employees, products, members);
      results[p.index] = r;
      if (r.status === 'accepted') {
        sold.push(...p.order.lines);
        if (p.order.payments.some((x) => x.method === 'member')) paidByMembers.push({ serverOrderId: r.serverOrderId!, order: p.order });
      }
    }
    // Member payments taken offline move stored value once per accepted order (ledger rows before the
    // catalog lock, the lock order every member writer keeps).
    await applyMemberPayments(q, ctx.outletId, paidByMembers, ctx.now);
    // Stock moves once per accepted order (never on a duplicate), in the same transaction as the orders.
    await applySalesToStock(q, ctx.outletId, sold, ctx.now);
  });
  return results;
}

async function idsIn(q: Queryable, sql: string, outletId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await q.query<{ id: string }>(sql, [outletId, ids]);
  return new Set(rows.map((r) => r.id));
}

async function existing(q: Queryable, deviceId: string, clientOrderId: string): Promise<{ id: string; payload_sha256: string } | undefined> {
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
        error: { code: 'CONFLICT', message: 'An order with this clientOrderId was already received with a different payload' },
      };
}

async function pushOne(q: Queryable, p: Prepared, ctx: PushContext, employees: Set<string>, products: Set<string>, members: Set<string>): Promise<OrderResult> {
  const o = p.order;
  // A stored order answers as stored, even if its employee or products changed since.
  const before = await existing(q, ctx.deviceId, o.clientOrderId);
  if (before) return answerExisting(o, p.hash, before);
  if (!employees.has(o.employeeId)) {
    return { clientOrderId: o.clientOrderId, status: 'rejected', error: { code: 'FORBIDDEN', message: 'employeeId does not belong to this device’s outlet' } };
  }
  const unknown = o.lines.find((l) => !products.has(l.productId));
  if (unknown) {
    return { clientOrderId: o.clientOrderId, status: 'rejected', error: { code: 'NOT_FOUND', message: `Unknown product ${unknown.productId} on line ${unknown.lineNo}` } };
  }
  const stranger = o.payments.find((x) => x.memberId !== undefined && !members.has(x.memberId));
  if (stranger) {
    return { clientOrderId: o.clientOrderId, status: 'rejected', error: { code: 'NOT_FOUND', message: `Unknown member ${stranger.memberId}` } };
  }
  // A savepoint per order: a failure here undoes only this order, never the rest of the batch.
  await q.query('SAVEPOINT push_order');
  try {
    const id = uuidv4();
    const ins = await q.query<{ id: string }>(
      `INSERT INTO orders (id, outlet_id, device_id, client_order_id, payload_sha256, payload, number, employee_id, subtotal, discount, total, created_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (device_id, client_order_id) DO NOTHING
       RETURNING id`,
      [id, ctx.outletId, ctx.deviceId, o.clientOrderId, p.hash, JSON.stringify(o), o.number, o.employeeId, o.subtotal, o.discount, o.total, o.createdAt, ctx.now],
    );
    if (ins.rows.length === 0) {
      // Another transaction stored it first (it committed while we waited on the unique key).
      await q.query('RELEASE SAVEPOINT push_order');
      const row = await existing(q, ctx.deviceId, o.clientOrderId);
      if (!row) throw new Error('order vanished after a unique conflict');
      return answerExisting(o, p.hash, row);
    }
    await insertLinesAndPayments(q, id, o);
    await q.query('RELEASE SAVEPOINT push_order');
    return { clientOrderId: o.clientOrderId, status: 'accepted', serverOrderId: id };
  } catch (err) {
    await q.query('ROLLBACK TO SAVEPOINT push_order');
    await q.query('RELEASE SAVEPOINT push_order');
    ctx.log?.(err, 'storing a pushed order failed');
    return { clientOrderId: o.clientOrderId, status: 'rejected', error: { code: 'INTERNAL', message: 'The order could not be stored' } };
  }
}

async function insertLinesAndPayments(q: Queryable, orderId: string, o: OrderWire): Promise<void> {
  const lp: unknown[] = [orderId];
  const lv = o.lines.map((l) => {
    lp.push(l.lineNo, l.productId, l.sku, l.name, l.qty, l.unitPrice, l.lineTotal);
    const b = lp.length - 6;
    return `($1, $${b}, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
  });
  await q.query(`INSERT INTO order_lines (order_id, line_no, product_id, sku, name, qty, unit_price, line_total) VALUES ${lv.join(',')}`, lp);
  const pp: unknown[] = [orderId];
  const pv = o.payments.map((p, i) => {
    pp.push(i + 1, p.method, p.amount, p.tendered ?? null, p.change ?? null);
    const b = pp.length - 4;
    return `($1, $${b}, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4})`;
  });
  await q.query(`INSERT INTO order_payments (order_id, seq, method, amount, tendered, change) VALUES ${pv.join(',')}`, pp);
}
