// Runtime: Node. Member routes (employee session, inside the device-signed scope; see cloud/security/session-auth.ts):
//   POST /v1/members                       member.manage   create {cardNo, phone?, name, level?, discountBps?, offlineAllowance?}
//   GET  /v1/members?q=                    member.manage   find by card number, phone or name
//   GET  /v1/members/overdrafts?open=      member.manage   offline overdrafts found at sync (flagged for the owner)
//   GET  /v1/members/:id                   member.manage   one member with balance
//   PUT  /v1/members/:id                   member.manage   edit details, level, discount, offline allowance
//   POST /v1/members/:id/topups            member.manage   cash taken at the counter {clientId, amountFen}
//   POST /v1/members/:id/spends            member.manage   {clientId, amountFen, memo?}; refused past the balance
//   POST /v1/members/:id/refunds           member.manage   {clientId, spendId, amountFen}
//   GET  /v1/members/:id/history           member.manage   money movements, newest first
//   POST /v1/members/:id/corrections       member.balance + super password   {clientId, deltaFen, reason}
// clientId is the caller's idempotency key: a retry answers 'exists' and moves nothing.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zFen, MAX_FEN } from '../../shared/money';
import type { Queryable } from '../db/types';
import type { SecurityContext } from '../security/context';
import { auditOk } from '../security/audit-helpers';
import { stripFactors } from '../security/employee-routes';
import { zIdParam } from '../security/employees';
import { actorOf } from '../security/session-auth';
import { correct, lockMember, memberHistory, refund, spend, topUp, type MemberRow } from './ledger';
import { createMember, findMembers, memberView, publishMember, updateMember, zMemberUpdate, zNewMember } from './store';

export const MEMBER_PATHS = {
  members: '/v1/members',
  overdrafts: '/v1/members/overdrafts',
  member: '/v1/members/:id',
  topups: '/v1/members/:id/topups',
  spends: '/v1/members/:id/spends',
  refunds: '/v1/members/:id/refunds',
  history: '/v1/members/:id/history',
  corrections: '/v1/members/:id/corrections',
} as const;

const zPositive = zFen.refine((n) => n > 0, 'must be positive');
const zMove = z.object({ clientId: z.uuid(), amountFen: zPositive, memo: z.string().max(100).optional() }).strict();
const zRefund = z.object({ clientId: z.uuid(), spendId: z.uuid(), amountFen: zPositive }).strict();
const zCorrection = z.object({ clientId: z.uuid(), deltaFen: z.number().int().min(-MAX_FEN).max(MAX_FEN).refine((n) => n !== 0, 'must not be 0'), reason: z.string().trim().min(1).max(100) }).strict();
const zFind = z.object({ q: z.string().trim().min(1).max(64), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
const zOverdraftQuery = z.object({ open: z.enum(['0', '1']).default('1') }).strict();

export function memberRoutes(ctx: SecurityContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const outletOf = (request: Parameters<typeof actorOf>[0]) => actorOf(request).employee.org_id;

    app.post(MEMBER_PATHS.members, { config: { permission: 'member.manage', action: 'member.create' } }, async (request) => {
      const input = zNewMember.parse(request.body);
      return ctx.db.tx(async (q) => {
        const m = await createMember(q, outletOf(request), input, ctx.now());
        await auditOk(q, ctx, request, { target: m.id, after: { cardNo: m.card_no, name: m.name } });
        return { member: await memberView(q, m) };
      });
    });

    app.get(MEMBER_PATHS.members, { config: { permission: 'member.manage' } }, async (request) => {
      const { q: text, limit } = zFind.parse(request.query);
      const rows = await findMembers(ctx.db, outletOf(request), text, limit);
      return { members: await Promise.all(rows.map((m) => memberView(ctx.db, m))) };
    });

    app.get(MEMBER_PATHS.overdrafts, { config: { permission: 'member.manage' } }, async (request) => {
      const { open } = zOverdraftQuery.parse(request.query);
      const { rows } = await ctx.db.query<{ id: string; member_id: string; card_no: string; name: string; amount: string; ref: string; order_id: string | null; beyond_allowance: boolean; detected_at: string; resolved_at: string | null; resolution: string | null }>(
        `SELECT o.*, m.card_no, m.name FROM member_overdrafts o JOIN members m ON m.id = o.member_id
          WHERE o.outlet_id = $1 AND ($2 = '0' OR o.resolved_at IS NULL) ORDER BY o.detected_at DESC LIMIT 500`,
        [outletOf(request), open],
      );
      return {
        overdrafts: rows.map((r) => ({
          id: r.id, memberId: r.member_id, cardNo: r.card_no, name: r.name, amountFen: Number(r.amount), ref: r.ref, orderId: r.order_id,
          beyondAllowance: r.beyond_allowance, detectedAt: Number(r.detected_at), resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at), resolution: r.resolution,
        })),
      };
    });

    app.get(MEMBER_PATHS.member, { config: { permission: 'member.manage' } }, async (request) => {
      const { id } = zIdParam.parse(request.params);
      return ctx.db.tx(async (q) => ({ member: await memberView(q, await lockMember(q, outletOf(request), id)) }));
    });

    app.put(MEMBER_PATHS.member, { config: { permission: 'member.manage', action: 'member.update' } }, async (request) => {
      const { id } = zIdParam.parse(request.params);
      const input = zMemberUpdate.parse(request.body);
      return ctx.db.tx(async (q) => {
        const before = await lockMember(q, outletOf(request), id);
        const m = await updateMember(q, before, input, ctx.now());
        await auditOk(q, ctx, request, { target: id, before: { level: before.level, discountBps: before.discount_bps, offlineAllowance: Number(before.offline_allowance) }, after: input });
        return { member: await memberView(q, m) };
      });
    });

    /** The shape of every money act: lock the member, move the money, publish the new balance, audit. */
    const moneyAct = (action: string, act: (q: Queryable, m: MemberRow, body: unknown, now: number) => Promise<'ok' | 'exists'>) => async (request: Parameters<typeof actorOf>[0]) => {
      const { id } = zIdParam.parse(request.params);
      const body = stripFactors(request.body);
      return ctx.db.tx(async (q) => {
        const now = ctx.now();
        const m = await lockMember(q, outletOf(request), id);
        const result = await act(q, m, body, now);
        if (result === 'ok') {
          await publishMember(q, m, now);
          await auditOk(q, ctx, request, { action, target: id, details: body });
        }
        return { result, member: await memberView(q, m) };
      });
    };

    app.post(MEMBER_PATHS.topups, { config: { permission: 'member.manage', action: 'member.topup' } }, moneyAct('member.topup', (q, m, b, now) => {
      const x = zMove.parse(b);
      return topUp(q, m, x.clientId, x.amountFen, now);
    }));
    app.post(MEMBER_PATHS.spends, { config: { permission: 'member.manage', action: 'member.spend' } }, moneyAct('member.spend', (q, m, b, now) => {
      const x = zMove.parse(b);
      return spend(q, m, x.clientId, x.amountFen, x.memo ? `counter:${x.memo}` : 'counter', now);
    }));
    app.post(MEMBER_PATHS.refunds, { config: { permission: 'member.manage', action: 'member.refund' } }, moneyAct('member.refund', (q, m, b, now) => {
      const x = zRefund.parse(b);
      return refund(q, m, x.clientId, x.spendId, x.amountFen, now);
    }));
    app.post(MEMBER_PATHS.corrections, { config: { permission: 'member.balance', sensitive: true, action: 'member.balance_correction' } }, moneyAct('member.balance_correction', (q, m, b, now) => {
      const x = zCorrection.parse(b);
      return correct(q, m, x.clientId, x.deltaFen, x.reason, now);
    }));

    app.get(MEMBER_PATHS.history, { config: { permission: 'member.manage' } }, async (request) => {
      const { id } = zIdParam.parse(request.params);
      return ctx.db.tx(async (q) => {
        await lockMember(q, outletOf(request), id);
        return { entries: await memberHistory(q, id) };
      });
    });
  };
}
