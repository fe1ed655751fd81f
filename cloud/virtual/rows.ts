// Runtime: Node. The virtual_orders row, its wire view, and the event writer every status change goes through.
import type { VirtualOrder, VirtualStatus } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';

export interface VirtualOrderRow {
  id: string;
  outlet_id: string;
  device_id: string;
  client_order_id: string;
  payload_sha256: string;
  product_id: string;
  source_id: string;
  supplier_id: string;
  agent_id: string;
  kind: 'topup' | 'gamecard' | 'utility';
  phone: string | null;
  /** a utility bill's account number (户号) */
  account: string | null;
  face_value: number;
  supply_price: number;
  markup: number;
  cost: number;
  status: VirtualStatus;
  status_reason: string | null;
  supplier_ref: string | null;
  pending_transfer_id: string;
  submitted_at: number;
  updated_at: number;
  sla_deadline: number;
  query_attempts: number;
  next_query_at: number | null;
  escalated_at: number | null;
  card_code_enc: string | null;
  card_delivered_at: number | null;
}

export interface ComplaintRow {
  status: 'open' | 'compensated' | 'rejected';
  resolution: string | null;
}

export function toWire(o: VirtualOrderRow, complaint: ComplaintRow | null, cardCode?: string): VirtualOrder {
  return {
    id: o.id,
    clientOrderId: o.client_order_id,
    productId: o.product_id,
    kind: o.kind,
    phone: o.phone,
    ...(o.account ? { account: o.account } : {}),
    faceValue: Number(o.face_value) as VirtualOrder['faceValue'],
    cost: Number(o.cost) as VirtualOrder['cost'],
    status: o.status,
    statusReason: o.status_reason,
    escalated: o.escalated_at !== null,
    complaint: complaint ? { status: complaint.status, resolution: complaint.resolution } : null,
    ...(cardCode !== undefined ? { cardCode } : {}),
    submittedAt: Number(o.submitted_at),
    updatedAt: Number(o.updated_at),
  };
}

export async function lockOrder(q: Queryable, orderId: string): Promise<VirtualOrderRow | undefined> {
  const { rows } = await q.query<VirtualOrderRow>('SELECT * FROM virtual_orders WHERE id = $1 FOR UPDATE', [orderId]);
  return rows[0];
}

export type EventSource = 'submit' | 'supplier_answer' | 'callback' | 'query' | 'sla' | 'complaint';

/**
 * Appends a status event. The per-outlet advisory lock makes event seq order equal commit order within an
 * outlet, so a device paging by cursor never skips an event that commits late (as the catalog feed does).
 */
export async function appendEvent(
  q: Queryable,
  o: { id: string; outlet_id: string },
  from: VirtualStatus | null,
  to: VirtualStatus,
  source: EventSource,
  detail: string | null,
  now: number,
): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('virtual:' || $1))", [o.outlet_id]);
  await q.query(
    'INSERT INTO virtual_order_events (order_id, outlet_id, from_status, to_status, source, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [o.id, o.outlet_id, from, to, source, detail, now],
  );
}
