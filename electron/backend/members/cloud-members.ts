// The POS side of the cloud's member routes (cloud/members/routes.ts). They are employee-session routes:
// signed by the device key AND carrying the logged-in employee's session token; the cloud checks
// member.manage itself. Paths are MEMBER_PATHS (shared/api/cloud-routes.ts), the ones the cloud registers.
import { z } from 'zod';
import { cloudPath, MEMBER_PATHS } from '../../../shared/api/cloud-routes';
import { zText } from '../../../shared/text';
import { zMember, type Member } from '../../../shared/sync/protocol';
import type { BackendContext } from '../context';
import type { CloudSend } from '../sync/cloud-transport';

const zOne = z.object({ member: zMember });
const zMoved = z.object({ result: z.enum(['ok', 'exists']), member: zMember });
/** GET /v1/members/:id/history: the movements (cloud/members/ledger.ts HistoryEntry) and the member, read together */
const zHistory = z.object({
  member: zMember,
  entries: z.array(
    z.object({
      id: zText(),
      code: zText(),
      amount: z.number().int(),
      ref: zText().nullable(),
      at: z.number(),
    }),
  ),
});
export type CloudHistory = z.infer<typeof zHistory>;

/** POST /v1/members (cloud/members/store.ts zNewMember, plus the clientId retry key) */
export interface NewMemberBody {
  clientId: string;
  cardNo: string;
  name: string;
  phone?: string;
  level?: string;
  discountBps?: number;
}

export interface MembersCloud {
  /** the member with the cloud's live balance (all acknowledged orders applied) */
  get(id: string, token: string, timeoutMs?: number): Promise<Member>;
  /** cash taken at the counter, or a paid payment-code payment (paymentId, purpose member_topup); idempotent
   *  on clientId (a repeat answers 'exists' and moves nothing) */
  topUp(
    id: string,
    clientId: string,
    amountFen: number,
    token: string,
    paymentId?: string,
  ): Promise<{ result: 'ok' | 'exists'; member: Member }>;
  /** 办卡; idempotent on clientId (the new member's id) */
  create(body: NewMemberBody, token: string): Promise<{ result: 'ok' | 'exists'; member: Member }>;
  /** money movements, newest first, with the member's balance read in the same cloud transaction */
  history(id: string, token: string): Promise<CloudHistory>;
  /** (part of) a spend back onto the stored value; idempotent on clientId */
  refund(
    id: string,
    clientId: string,
    spendId: string,
    amountFen: number,
    token: string,
  ): Promise<{ result: 'ok' | 'exists'; member: Member }>;
}

export function createMembersCloud(ctx: Pick<BackendContext, 'cloud'>, timeoutMs = 15_000): MembersCloud {
  // reads, and writes idempotent on a client id: safe to send again when the first never reached the cloud
  const call: CloudSend = (method, path, body, schema, o) =>
    ctx.cloud.call(method, path, body, schema, {
      timeoutMs,
      retryUnreached: true,
      offlineMessage: (why) =>
        `Member cards, top-ups, refunds, history and live balances need the cloud, which ${why}; check the network and try again`,
      ...o,
    });
  return {
    get: async (id, token, t) =>
      (
        await call('GET', cloudPath(MEMBER_PATHS.member, { id }), undefined, zOne, {
          token,
          ...(t ? { timeoutMs: t } : {}),
        })
      ).member,
    topUp: (id, clientId, amountFen, token, paymentId) =>
      call(
        'POST',
        cloudPath(MEMBER_PATHS.topups, { id }),
        { clientId, amountFen, ...(paymentId ? { paymentId } : {}) },
        zMoved,
        {
          token,
        },
      ),
    create: (body, token) => call('POST', MEMBER_PATHS.members, body, zMoved, { token }),
    history: (id, token) => call('GET', cloudPath(MEMBER_PATHS.history, { id }), undefined, zHistory, { token }),
    refund: (id, clientId, spendId, amountFen, token) =>
      call('POST', cloudPath(MEMBER_PATHS.refunds, { id }), { clientId, spendId, amountFen }, zMoved, { token }),
  };
}
