// Runtime: Node. Closing a member (销卡), inside the caller's transaction with the member row locked:
// refused while the member owes an overdraft or holds stored value the request does not refund in cash
// (cloud/members/ledger.ts closeRefund); otherwise the refund (if any), the closed mark and the feed's
// 'delete' commit together. The member keeps its row, accounts and history; tills drop it from their
// snapshot with the delete, and the counter's find no longer returns it. clientId makes it idempotent: the
// same id on a closed member answers 'exists'; another id answers MEMBER_CLOSED.
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';
import { lockOutletCatalog } from '../catalog/repository';
import { closeRefund, isClosed, type MemberRow } from './ledger';

export interface CloseInput {
  clientId: string;
  /** the cash handed back: must equal the stored value (omit when it is zero) */
  refundCashFen?: number | undefined;
}

export async function closeMember(
  q: Queryable,
  m: MemberRow,
  input: CloseInput,
  actorId: string,
  now: number,
): Promise<{ result: 'ok' | 'exists'; refundedFen: number; member: MemberRow }> {
  if (isClosed(m)) {
    if (m.close_client_id === input.clientId) {
      const { rows } = await q.query<{ close_refund: string }>('SELECT close_refund::text FROM members WHERE id = $1', [
        m.id,
      ]);
      return { result: 'exists', refundedFen: Number(rows[0]!.close_refund), member: m };
    }
    throw new AppError('MEMBER_CLOSED', 'This member card is closed already', {
      memberId: m.id,
      closedAt: Number(m.closed_at),
    });
  }
  const refunded = await closeRefund(q, m, input.clientId, input.refundCashFen, now);
  const { rows } = await q.query<MemberRow>(
    'UPDATE members SET closed_at = $2, closed_by = $3, close_client_id = $4, close_refund = $5, updated_at = $2 WHERE id = $1 RETURNING *',
    [m.id, now, actorId, input.clientId, refunded],
  );
  await lockOutletCatalog(q, m.outlet_id);
  await q.query(
    "INSERT INTO catalog_changes (outlet_id, entity, entity_id, op, data, created_at) VALUES ($1, 'member', $2, 'delete', NULL, $3)",
    [m.outlet_id, m.id, now],
  );
  return { result: 'ok', refundedFen: refunded, member: rows[0]! };
}
