// Runtime: Node. Inbound supplier callbacks. Judged in one transaction:
//  - a replay (same supplier + callbackId) → 'replayed', nothing changes;
//  - a callback for an order this supplier does not have → NOT_FOUND (recorded, nothing changes);
//  - a callback after the order reached success/failed (out of order, contradicting) → 'ignored_terminal';
//  - otherwise the status machine applies it (settle.ts).
import { AppError } from '../../shared/errors';
import type { CloudDb } from '../db/types';
import type { SupplierCallback } from '../suppliers/adapter';
import type { FulfilmentConfig } from './config';
import { applyAnswerIn, type ApplyOutcome } from './settle';

export type CallbackOutcome = ApplyOutcome | 'replayed';

export async function handleSupplierCallback(
  db: CloudDb,
  cfg: FulfilmentConfig,
  supplierId: string,
  cb: SupplierCallback,
  now: number,
): Promise<CallbackOutcome> {
  const outcome = await db.tx(async (q): Promise<CallbackOutcome> => {
    const seen = await q.query(
      `INSERT INTO supplier_callbacks (supplier_id, callback_id, order_id, outcome, received_at) VALUES ($1, $2, $3, 'received', $4)
       ON CONFLICT (supplier_id, callback_id) DO NOTHING RETURNING callback_id`,
      [supplierId, cb.callbackId, null, now],
    );
    if (seen.rows.length === 0) return 'replayed';
    const { rows } = await q.query<{ id: string }>('SELECT id FROM virtual_orders WHERE id = $1 AND supplier_id = $2', [
      cb.orderId,
      supplierId,
    ]);
    let result: CallbackOutcome = 'not_found';
    if (rows[0]) {
      result = await applyAnswerIn(
        q,
        cb.orderId,
        cb.status === 'success'
          ? { status: 'success', supplierRef: cb.supplierRef, cardCode: cb.cardCode }
          : { status: 'failed', supplierRef: cb.supplierRef, reason: cb.reason ?? '充值失败' },
        'callback',
        now,
        cfg.cardKey,
      );
    }
    await q.query(
      'UPDATE supplier_callbacks SET outcome = $3, order_id = $4 WHERE supplier_id = $1 AND callback_id = $2',
      [supplierId, cb.callbackId, result, rows[0] ? cb.orderId : null],
    );
    return result;
  });
  if (outcome === 'not_found') throw new AppError('NOT_FOUND', 'Callback for an order this supplier does not have');
  return outcome;
}
