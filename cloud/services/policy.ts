// Runtime: Node. Device policy handed to the POS at registration and login: fixed offline rules, and the
// outlet's own settings (its member top-up maximum), so a till learns a change at its next login.
import type { z } from 'zod';
import { DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../shared/limits';
import type { zDevicePolicy } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';

export async function devicePolicy(q: Queryable, orgId: string): Promise<z.input<typeof zDevicePolicy>> {
  const { rows } = await q.query<{ member_topup_max_fen: string | number }>(
    'SELECT member_topup_max_fen FROM organizations WHERE id = $1',
    [orgId],
  );
  return {
    offlineWindowHours: 72,
    offlineSalesCapFen: 5_000_000,
    memberTopupMaxFen: Number(rows[0]?.member_topup_max_fen ?? DEFAULT_MEMBER_TOPUP_MAX_FEN),
  };
}

export const LOCKOUT = { maxFailures: 5, lockMs: 15 * 60 * 1000 } as const;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
