// Runtime: Node. The owner's list of flagged orders (order_flags, 0019) and marking one reviewed.
import { AppError } from '../../shared/errors';
import type { FlaggedList, FlaggedOrder, FlagReason } from '../../shared/api/flagged-orders';
import type { Queryable } from '../db/types';

interface Row {
  order_id: string;
  client_order_id: string;
  number: string;
  device_id: string;
  device_name: string;
  employee_id: string;
  employee_name: string;
  created_at: number;
  flagged_at: number;
  subtotal: number;
  discount: number;
  total: number;
  reasons: FlagReason[];
  reviewed_at: number | null;
  reviewed_by: string | null;
  reviewer_name: string | null;
}

/** An outlet's flagged orders, newest flag first, keyset-paged by (flagged_at, order_id). */
export async function listFlagged(
  q: Queryable,
  outletId: string,
  f: { status: 'open' | 'reviewed' | 'all'; cursor?: string | undefined; limit: number },
): Promise<FlaggedList> {
  const [at, id] = f.cursor ? f.cursor.split('_') : [null, null];
  const { rows } = await q.query<Row>(
    `SELECT f.order_id, o.client_order_id, o.number, o.device_id, d.name AS device_name, o.employee_id,
            coalesce(nullif(e.name, ''), e.username) AS employee_name, o.created_at, f.flagged_at, o.subtotal,
            o.discount, o.total, f.reasons, f.reviewed_at, f.reviewed_by,
            coalesce(nullif(r.name, ''), r.username) AS reviewer_name
       FROM order_flags f
       JOIN orders o ON o.id = f.order_id
       JOIN devices d ON d.id = o.device_id
       JOIN employees e ON e.id = o.employee_id
       LEFT JOIN employees r ON r.id = f.reviewed_by
      WHERE f.outlet_id = $1
        AND ($2 = 'all' OR ($2 = 'open') = (f.reviewed_at IS NULL))
        AND ($3::bigint IS NULL OR (f.flagged_at, f.order_id) < ($3::bigint, $4::uuid))
      ORDER BY f.flagged_at DESC, f.order_id DESC
      LIMIT $5`,
    [outletId, f.status, at, id, f.limit + 1],
  );
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const open = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM order_flags WHERE outlet_id = $1 AND reviewed_at IS NULL',
    [outletId],
  );
  return {
    orders: page.map(view),
    nextCursor: rows.length > f.limit && last ? `${Number(last.flagged_at)}_${last.order_id}` : null,
    openCount: open.rows[0]!.n,
  };
}

function view(r: Row): FlaggedOrder {
  return {
    orderId: r.order_id,
    clientOrderId: r.client_order_id,
    number: r.number,
    deviceId: r.device_id,
    deviceName: r.device_name,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    createdAt: Number(r.created_at),
    flaggedAt: Number(r.flagged_at),
    subtotal: Number(r.subtotal),
    discount: Number(r.discount),
    total: Number(r.total),
    reasons: r.reasons,
    reviewedAt: r.reviewed_at === null ? null : Number(r.reviewed_at),
    reviewedBy: r.reviewed_by === null ? null : { id: r.reviewed_by, name: r.reviewer_name ?? '' },
  };
}

/** Marks a flagged order reviewed (once: a second review keeps the first reviewer). */
export async function reviewFlagged(
  q: Queryable,
  outletId: string,
  orderId: string,
  by: string,
  now: number,
): Promise<{ result: 'ok' | 'exists'; reviewedAt: number }> {
  const { rows } = await q.query<{ reviewed_at: number | null }>(
    'SELECT reviewed_at FROM order_flags WHERE order_id = $1 AND outlet_id = $2 FOR UPDATE',
    [orderId, outletId],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No flagged order with this id at this outlet');
  if (row.reviewed_at !== null) return { result: 'exists', reviewedAt: Number(row.reviewed_at) };
  await q.query('UPDATE order_flags SET reviewed_at = $2, reviewed_by = $3 WHERE order_id = $1', [orderId, now, by]);
  return { result: 'ok', reviewedAt: now };
}
