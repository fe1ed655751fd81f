// Runtime: Node. Complaints (假充: "the customer did not receive it") on successful orders.
//   open    — the outlet files it (one per order; only a 'success' order can be complained about)
//   review  — the platform asks the supplier again: if its reconciliation admits failure, compensate;
//             otherwise the complaint stays open for an operator
//   resolve — compensated: linked transfers give the outlet its full cost back, the supply price from the
//             supplier's receivable and the markup from the agent's commission (from the platform's
//             compensation account if the agent has already withdrawn it); rejected: no money moves.
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { CloudDb, Queryable } from '../db/types';
import { createTransfers, ensureOrgAccount, outletPrepaidId, transferError } from '../ledger';
import type { FulfilmentConfig } from './config';
import { complaintTransferIds } from './ledger-ids';
import { appendEvent, lockOrder, type VirtualOrderRow } from './rows';

export interface Complaint {
  id: string;
  orderId: string;
  status: 'open' | 'compensated' | 'rejected';
  resolution: string | null;
}

export async function openComplaint(
  db: CloudDb,
  outletId: string,
  orderId: string,
  reason: string,
  now: number,
): Promise<Complaint> {
  return db.tx(async (q) => {
    const o = await lockOrder(q, orderId);
    if (!o || o.outlet_id !== outletId) throw new AppError('NOT_FOUND', 'No such virtual order at this outlet');
    const existing = await q.query<{
      id: string;
      status: Complaint['status'];
      resolution: string | null;
      reason: string;
    }>('SELECT id, status, resolution, reason FROM virtual_complaints WHERE order_id = $1', [orderId]);
    const e = existing.rows[0];
    if (e) {
      if (e.reason === reason) return { id: e.id, orderId, status: e.status, resolution: e.resolution };
      throw new AppError('CONFLICT', 'This order already has a complaint');
    }
    if (o.status !== 'success')
      throw new AppError(
        'CONFLICT',
        'Only a successful order can be complained about; failed and stuck orders are refunded or escalated by the platform',
      );
    const id = uuidv4();
    await q.query(
      "INSERT INTO virtual_complaints (id, order_id, outlet_id, reason, status, opened_at) VALUES ($1, $2, $3, $4, 'open', $5)",
      [id, orderId, outletId, reason, now],
    );
    await appendEvent(q, o, o.status, o.status, 'complaint', `complaint opened: ${reason}`, now);
    await q.query('UPDATE virtual_orders SET updated_at = $2 WHERE id = $1', [orderId, now]);
    return { id, orderId, status: 'open', resolution: null };
  });
}

/** Asks the supplier about a complained order; compensates when its reconciliation says 'failed'. */
export async function reviewComplaint(
  db: CloudDb,
  cfg: FulfilmentConfig,
  complaintId: string,
  now: number,
): Promise<Complaint> {
  const c = await getComplaint(db, complaintId);
  if (c.status !== 'open') return c;
  const { rows } = await db.query<{ supplier_id: string }>('SELECT supplier_id FROM virtual_orders WHERE id = $1', [
    c.orderId,
  ]);
  const adapter = cfg.suppliers.get(rows[0]!.supplier_id);
  const answer = adapter ? await adapter.query(c.orderId).catch(() => undefined) : undefined;
  if (answer?.status === 'failed')
    return resolveComplaint(db, complaintId, 'compensate', `供货商对账确认未到账：${answer.reason}`, now);
  if (answer?.status === 'unknown') return resolveComplaint(db, complaintId, 'compensate', '供货商无此订单记录', now);
  return c; // the supplier maintains success: an operator decides (resolveComplaint)
}

export async function resolveComplaint(
  db: CloudDb,
  complaintId: string,
  decision: 'compensate' | 'reject',
  note: string,
  now: number,
): Promise<Complaint> {
  return db.tx(async (q) => {
    const { rows } = await q.query<{ order_id: string }>('SELECT order_id FROM virtual_complaints WHERE id = $1', [
      complaintId,
    ]);
    if (!rows[0]) throw new AppError('NOT_FOUND', 'No such complaint');
    const o = (await lockOrder(q, rows[0].order_id))!;
    const cur = await q.query<{ status: Complaint['status']; resolution: string | null }>(
      'SELECT status, resolution FROM virtual_complaints WHERE id = $1',
      [complaintId],
    );
    if (cur.rows[0]!.status !== 'open')
      return { id: complaintId, orderId: o.id, status: cur.rows[0]!.status, resolution: cur.rows[0]!.resolution };
    let transferId: string | null = null;
    if (decision === 'compensate') transferId = await compensate(q, o, complaintId, now);
    const status = decision === 'compensate' ? 'compensated' : 'rejected';
    await q.query(
      'UPDATE virtual_complaints SET status = $2, resolution = $3, compensation_transfer_id = $4, resolved_at = $5 WHERE id = $1',
      [complaintId, status, note, transferId, now],
    );
    await q.query('UPDATE virtual_orders SET updated_at = $2 WHERE id = $1', [o.id, now]);
    await appendEvent(q, o, o.status, o.status, 'complaint', `complaint ${status}: ${note}`, now);
    return { id: complaintId, orderId: o.id, status, resolution: note };
  });
}

async function compensate(q: Queryable, o: VirtualOrderRow, complaintId: string, now: number): Promise<string> {
  const ids = complaintTransferIds(complaintId);
  const outlet = outletPrepaidId(o.outlet_id);
  const supplier = await ensureOrgAccount(q, 'supplier_receivable', o.supplier_id, now);
  const agent = await ensureOrgAccount(q, 'agent_commission', o.agent_id, now);
  const ref = `complaint:${complaintId}`;
  const markup = Number(o.markup);
  const chain = (markupFrom: string) => [
    {
      id: ids.fromSupplier,
      debitAccountId: supplier.id,
      creditAccountId: outlet,
      amount: Number(o.supply_price),
      code: 'complaint_compensation',
      ref,
      linked: markup > 0,
    },
    ...(markup > 0
      ? [
          {
            id: ids.fromAgent,
            debitAccountId: markupFrom,
            creditAccountId: outlet,
            amount: markup,
            code: 'complaint_compensation',
            ref,
          },
        ]
      : []),
  ];
  let results = await createTransfers(q, chain(agent.id), now);
  if (results.some((r) => r.result === 'exceeds_credits')) {
    // The agent already withdrew its commission: the platform advances the markup.
    const { rows } = await q.query<{ id: string }>(
      "SELECT id FROM organizations WHERE type = 'platform' ORDER BY created_at LIMIT 1",
    );
    if (!rows[0]) throw new AppError('INTERNAL', 'No platform organisation to advance the markup');
    const platform = await ensureOrgAccount(q, 'platform', rows[0].id, now, 'compensation');
    results = await createTransfers(q, chain(platform.id), now);
  }
  const bad = results.find((r) => r.result !== 'ok' && r.result !== 'exists');
  if (bad) throw transferError(bad.result, bad.id);
  return ids.fromSupplier;
}

export async function getComplaint(db: Queryable, complaintId: string): Promise<Complaint> {
  const { rows } = await db.query<{
    id: string;
    order_id: string;
    status: Complaint['status'];
    resolution: string | null;
  }>('SELECT id, order_id, status, resolution FROM virtual_complaints WHERE id = $1', [complaintId]);
  if (!rows[0]) throw new AppError('NOT_FOUND', 'No such complaint');
  return { id: rows[0].id, orderId: rows[0].order_id, status: rows[0].status, resolution: rows[0].resolution };
}
