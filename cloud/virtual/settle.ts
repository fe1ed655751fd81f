// Runtime: Node. The status machine of a virtual order and its ledger effects, in one transaction:
//   pending → success   post both reserves: supplier receivable gets the supply price, agent commission the markup
//   pending → failed    void both reserves: the outlet gets its full cost back
//   pending → stuck     (SLA passed without an answer; money stays reserved, automatic queries continue)
//   stuck   → success | failed   as above, when the supplier finally answers
// success and failed are terminal: a later answer (out of order, replayed, contradicting) changes nothing
// and is reported as ignored. The order row is locked first, so concurrent answers apply one at a time.
import type { VirtualStatus } from '../../shared/sync/protocol';
import type { CloudDb, Queryable } from '../db/types';
import { createTransfers, transferError } from '../ledger';
import { encryptCardCode } from './card-crypto';
import { orderTransferIds } from './ledger-ids';
import { appendEvent, lockOrder, type EventSource, type VirtualOrderRow } from './rows';

export type Answer =
  | { status: 'success'; supplierRef?: string; cardCode?: string }
  | { status: 'failed'; supplierRef?: string; reason: string }
  | { status: 'processing'; supplierRef?: string }
  | { status: 'unknown' };

export type ApplyOutcome = 'applied' | 'ignored_terminal' | 'no_change' | 'not_found';

export async function applyAnswer(
  db: CloudDb,
  orderId: string,
  answer: Answer,
  source: EventSource,
  now: number,
  cardKey: Buffer,
): Promise<ApplyOutcome> {
  return db.tx((q) => applyAnswerIn(q, orderId, answer, source, now, cardKey));
}

export async function applyAnswerIn(
  q: Queryable,
  orderId: string,
  answer: Answer,
  source: EventSource,
  now: number,
  cardKey: Buffer,
): Promise<ApplyOutcome> {
  const o = await lockOrder(q, orderId);
  if (!o) return 'not_found';
  if (o.status === 'success' || o.status === 'failed') return 'ignored_terminal';
  if (answer.status === 'processing') {
    if (answer.supplierRef && !o.supplier_ref)
      await q.query('UPDATE virtual_orders SET supplier_ref = $2 WHERE id = $1', [o.id, answer.supplierRef]);
    return 'no_change';
  }
  if (answer.status === 'success') {
    await settle(q, o, 'post', now);
    const sealed = answer.cardCode ? encryptCardCode(cardKey, answer.cardCode) : null;
    await setStatus(q, o, 'success', null, source, now, { supplierRef: answer.supplierRef, sealed });
  } else {
    // 'unknown' from a query: the supplier never received the order and will not fulfil it → refund.
    const reason = answer.status === 'failed' ? answer.reason : '供货商未收到订单';
    await settle(q, o, 'void', now);
    await setStatus(q, o, 'failed', reason, source, now, {
      supplierRef: answer.status === 'failed' ? answer.supplierRef : undefined,
      sealed: null,
    });
  }
  return 'applied';
}

async function settle(q: Queryable, o: VirtualOrderRow, how: 'post' | 'void', now: number): Promise<void> {
  const ids = orderTransferIds(o.id);
  const ref = `virtual:${o.id}`;
  const hasMarkup = Number(o.markup) > 0;
  const ts =
    how === 'post'
      ? [
          { id: ids.postSupply, postPendingId: ids.reserveSupply, code: 'virtual_settle', ref, linked: hasMarkup },
          ...(hasMarkup ? [{ id: ids.postMarkup, postPendingId: ids.reserveMarkup, code: 'virtual_settle', ref }] : []),
        ]
      : [
          { id: ids.voidSupply, voidPendingId: ids.reserveSupply, code: 'virtual_refund', ref, linked: hasMarkup },
          ...(hasMarkup ? [{ id: ids.voidMarkup, voidPendingId: ids.reserveMarkup, code: 'virtual_refund', ref }] : []),
        ];
  const results = await createTransfers(q, ts, now);
  const bad = results.find((r) => r.result !== 'ok' && r.result !== 'exists');
  if (bad) throw transferError(bad.result, bad.id);
}

async function setStatus(
  q: Queryable,
  o: VirtualOrderRow,
  to: VirtualStatus,
  reason: string | null,
  source: EventSource,
  now: number,
  extra: { supplierRef?: string; sealed: string | null },
): Promise<void> {
  await q.query(
    `UPDATE virtual_orders SET status = $2, status_reason = $3, supplier_ref = coalesce(supplier_ref, $4), card_code_enc = coalesce($5, card_code_enc),
            updated_at = $6, next_query_at = NULL WHERE id = $1`,
    [o.id, to, reason, extra.supplierRef ?? null, extra.sealed, now],
  );
  await appendEvent(q, o, o.status, to, source, reason, now);
}
