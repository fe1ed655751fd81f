// Runtime: Node. Member routes (employee session, inside the device-signed scope; see cloud/security/session-auth.ts):
//   POST /v1/members                       member.manage   create {clientId?, cardNo, phone?, name, level?, discountBps?, offlineAllowance?}
//                                                          clientId becomes the member's id: a retry answers 'exists' (same card) or CONFLICT
//   GET  /v1/members?q=&closed=1           member.manage   find by card number, phone or name (closed ones only with closed=1)
//   GET  /v1/members/overdrafts?status=    member.manage   offline overdrafts found at sync: open (default) | resolved | all,
//                                                          resolved ones with how ('collected' | 'written_off'), who and when
//   GET  /v1/members/:id                   member.manage   one member with balance
//   PUT  /v1/members/:id                   member.manage   edit details, level, discount, offline allowance
//   POST /v1/members/:id/topups            member.manage   {clientId, amountFen, paymentId?}: cash taken at the counter, or a
//                                                          payment-code payment (POST /v1/payments, purpose member_topup) used once
//   POST /v1/members/:id/spends            member.manage   {clientId, amountFen, memo?}; refused past the balance
//   POST /v1/members/:id/refunds           member.manage   {clientId, spendId, amountFen}
//   GET  /v1/members/:id/history           member.manage   money movements, newest first, and the member (its balance read in the same transaction)
//   POST /v1/members/:id/corrections       member.balance + super password   {clientId, deltaFen, reason}
//   POST /v1/members/:id/write-off         member.balance + super password   {clientId, amountFen (= owed), reason}
//   POST /v1/members/:id/close             member.manage + super password    {clientId, refundCashFen? (= stored value), reason?}
// clientId is the caller's idempotency key: a retry answers 'exists' and moves nothing — except that the
// same till repeating the same request within 24 h gets its first answer again (http/answers.ts). A closed member
// answers MEMBER_CLOSED to every act that would move its money or change it (GET and history still work).
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MEMBER_PATHS } from '../../shared/api/cloud-routes';
import { zText } from '../../shared/text';
import { zFen, MAX_FEN } from '../../shared/money';
import type { AuditAction } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';
import { answerOnce } from '../http/answers';
import { judgedInHandler } from '../http/zod-schemas';
import { deviceOf } from '../http/signed';
import type { SecurityContext } from '../security/context';
import { auditOk } from '../security/audit-helpers';
import { stripFactors, withoutFactors } from '../security/employee-routes';
import { zIdParam } from '../security/employees';
import { actorOf, type SecureEmployeeRow } from '../security/session-auth';
import { checkMemberTopup, recordMemberTopup } from './topup-limits';
import { useCodePayment } from '../payments/repository';
import { closeMember } from './close';
import {
  correct,
  lockMember,
  lockOpenMember,
  memberHistory,
  refund,
  spend,
  topUp,
  writeOff,
  type MemberRow,
} from './ledger';
import {
  createMember,
  findMembers,
  listOverdrafts,
  memberById,
  memberView,
  publishMember,
  updateMember,
  zMemberUpdate,
  zNewMember,
} from './store';

/** declared in shared/ with the till's side of these routes */
export { MEMBER_PATHS };

const zCreate = zNewMember.extend({ clientId: z.uuid().optional() }).strict();
const zPositive = zFen.refine((n) => n > 0, 'must be positive');
const zMove = z.object({ clientId: z.uuid(), amountFen: zPositive, memo: zText().max(100).optional() }).strict();
const zRefund = z.object({ clientId: z.uuid(), spendId: z.uuid(), amountFen: zPositive }).strict();
/** a top-up: cash at the counter, or (paymentId) a payment-code payment the cloud already took (purpose member_topup) */
const zTopUp = z
  .object({
    clientId: z.uuid(),
    amountFen: zPositive,
    memo: zText().max(100).optional(),
    paymentId: z.uuid().optional(),
  })
  .strict();
const zCorrection = z
  .object({
    clientId: z.uuid(),
    deltaFen: z
      .number()
      .int()
      .min(-MAX_FEN)
      .max(MAX_FEN)
      .refine((n) => n !== 0, 'must not be 0'),
    reason: zText().trim().min(1).max(100),
  })
  .strict();
const zFind = z
  .object({
    q: zText().trim().min(1).max(64),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    closed: z.enum(['0', '1']).default('0'),
  })
  .strict();
// open=0|1 is the older spelling (0 = all, 1 = open); status wins when both are given.
const zOverdraftQuery = z
  .object({ open: z.enum(['0', '1']).optional(), status: z.enum(['open', 'resolved', 'all']).optional() })
  .strict();
const zWriteOff = z
  .object({ clientId: z.uuid(), amountFen: zPositive, reason: zText().trim().min(1).max(100) })
  .strict();
const zClose = z
  .object({ clientId: z.uuid(), refundCashFen: zFen.optional(), reason: zText().trim().min(1).max(100).optional() })
  .strict();

export function memberRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const outletOf = (request: Parameters<typeof actorOf>[0]) => actorOf(request).employee.org_id;
    /**
     * One transaction for the act; with a clientId, the same till repeating the same request within
     * ANSWER_RECENT_MS gets the first answer again (http/answers.ts) — 'ok', the member as it was then —
     * instead of 'exists', so a till whose answer was lost records what it did.
     */
    const once = <T>(request: FastifyRequest, clientId: unknown, body: unknown, act: (q: Queryable) => Promise<T>) =>
      typeof clientId === 'string'
        ? answerOnce(
            ctx.db,
            { deviceId: deviceOf(request).id, route: `${request.method} ${request.routeOptions.url}`, clientId },
            { params: request.params, body },
            ctx.now(),
            act,
          )
        : ctx.db.tx(act);

    app.post(
      MEMBER_PATHS.members,
      { schema: { body: zCreate }, config: { permission: 'member.manage', action: 'member.create' } },
      async (request) => {
        const { clientId, ...input } = request.body;
        return once(request, clientId, input, async (q) => {
          // A retried create (the till never saw the answer) finds the member its clientId already made.
          if (clientId) {
            const p = await memberById(q, clientId);
            if (p) {
              if (p.outlet_id !== outletOf(request) || p.card_no !== input.cardNo)
                throw new AppError('CONFLICT', 'This clientId already made another member', { clientId });
              return { result: 'exists' as const, member: await memberView(q, p) };
            }
          }
          const m = await createMember(q, outletOf(request), input, ctx.now(), clientId);
          await auditOk(q, ctx, request, { target: m.id, after: { cardNo: m.card_no, name: m.name } });
          return { result: 'ok' as const, member: await memberView(q, m) };
        });
      },
    );

    app.get(
      MEMBER_PATHS.members,
      { schema: { querystring: zFind }, config: { permission: 'member.manage' } },
      async (request) => {
        const { q: text, limit, closed } = request.query;
        const rows = await findMembers(ctx.db, outletOf(request), text, limit, closed === '1');
        return { members: await Promise.all(rows.map((m) => memberView(ctx.db, m))) };
      },
    );

    app.get(
      MEMBER_PATHS.overdrafts,
      { schema: { querystring: zOverdraftQuery }, config: { permission: 'member.manage' } },
      async (request) => {
        const query = request.query;
        const status = query.status ?? (query.open === '0' ? 'all' : 'open');
        const rows = await listOverdrafts(ctx.db, outletOf(request), status);
        return {
          overdrafts: rows.map((r) => ({
            id: r.id,
            memberId: r.member_id,
            cardNo: r.card_no,
            name: r.name,
            amountFen: Number(r.amount),
            ref: r.ref,
            orderId: r.order_id,
            beyondAllowance: r.beyond_allowance,
            detectedAt: Number(r.detected_at),
            resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
            resolution: r.resolution,
            resolvedBy: r.resolved_by === null ? null : { id: r.resolved_by, name: r.resolved_by_name ?? '' },
            resolvedTransferId: r.resolved_transfer_id,
            memberClosed: r.member_closed_at !== null,
          })),
        };
      },
    );

    app.get(
      MEMBER_PATHS.member,
      { schema: { params: zIdParam }, config: { permission: 'member.manage' } },
      async (request) => {
        const { id } = request.params;
        return ctx.db.tx(async (q) => ({ member: await memberView(q, await lockMember(q, outletOf(request), id)) }));
      },
    );

    app.put(
      MEMBER_PATHS.member,
      {
        schema: { params: zIdParam, body: zMemberUpdate },
        config: { permission: 'member.manage', action: 'member.update' },
      },
      async (request) => {
        const { id } = request.params;
        const input = request.body;
        return ctx.db.tx(async (q) => {
          const before = await lockOpenMember(q, outletOf(request), id);
          const m = await updateMember(q, before, input, ctx.now());
          await auditOk(q, ctx, request, {
            target: id,
            before: {
              level: before.level,
              discountBps: before.discount_bps,
              offlineAllowance: Number(before.offline_allowance),
            },
            after: input,
          });
          return { member: await memberView(q, m) };
        });
      },
    );

    /** The shape of every money act: lock the member, move the money, publish the new balance, audit. Its body is
     *  judged by `input` inside the replay (answers.ts), after a repeat of a clientId got its first answer back, so
     *  the route declares it judgedInHandler (the OpenAPI document still shows `input`). */
    const moneyAct = <S extends z.ZodType>(
      action: AuditAction,
      input: S,
      act: (
        q: Queryable,
        m: MemberRow,
        x: z.output<S>,
        now: number,
        actorId: string,
        actor: SecureEmployeeRow,
      ) => Promise<'ok' | 'exists'>,
      opts: { closedToo?: boolean } = {},
    ) => ({
      schema: {
        params: zIdParam,
        body: judgedInHandler(
          input,
          'judged inside the replay: a repeat of a clientId gets its first answer back first',
        ),
      },
      handler: async (request: FastifyRequest) => {
        // validated by the declared params schema
        const { id } = request.params as z.output<typeof zIdParam>;
        const body = stripFactors(request.body);
        return once(request, (body as { clientId?: unknown } | null)?.clientId, body, async (q) => {
          // raw until now: a replay answers before the body is judged
          const x = input.parse(body);
          const now = ctx.now();
          // A closed member's money no longer moves — except a write-off of what it still owes.
          const m = await (opts.closedToo ? lockMember : lockOpenMember)(q, outletOf(request), id);
          const result = await act(q, m, x, now, actorOf(request).employee.id, actorOf(request).employee);
          if (result === 'ok') {
            await publishMember(q, m, now);
            await auditOk(q, ctx, request, { action, target: id, details: body });
          }
          return { result, member: await memberView(q, m) };
        });
      },
    });
    const moneyRoute = (path: string, config: FastifyContextConfig, a: ReturnType<typeof moneyAct>) =>
      app.post(path, { config, schema: a.schema }, a.handler);

    moneyRoute(
      MEMBER_PATHS.topups,
      { permission: 'member.manage', action: 'member.topup' },
      moneyAct('member.topup', zTopUp, async (q, m, x, now, actorId, actor) => {
        // The outlet's maximum for one top-up and the employee's daily cap (checked before any money moves).
        const fresh = (await checkMemberTopup(q, actor, m.outlet_id, x.clientId, x.amountFen, now)) === 'new';
        const result = await topUp(q, m, x.clientId, x.amountFen, now, actorId);
        if (fresh && result === 'ok') await recordMemberTopup(q, actor, x.clientId, x.amountFen, now);
        // Paid by payment code: the paid, unused cloud payment of exactly this amount is used by this top-up,
        // in the same transaction (a retry of the same top-up finds it used by itself).
        if (x.paymentId) {
          const refused = await useCodePayment(
            q,
            {
              outletId: m.outlet_id,
              paymentId: x.paymentId,
              kind: 'member_topup',
              ref: x.clientId,
              amountFen: x.amountFen,
            },
            now,
          );
          if (refused) throw new AppError(refused.code, refused.message, { paymentId: x.paymentId });
        }
        return result;
      }),
    );
    moneyRoute(
      MEMBER_PATHS.spends,
      { permission: 'member.manage', action: 'member.spend' },
      moneyAct('member.spend', zMove, (q, m, x, now) =>
        spend(q, m, x.clientId, x.amountFen, x.memo ? `counter:${x.memo}` : 'counter', now),
      ),
    );
    moneyRoute(
      MEMBER_PATHS.refunds,
      { permission: 'member.manage', action: 'member.refund' },
      moneyAct('member.refund', zRefund, (q, m, x, now) => refund(q, m, x.clientId, x.spendId, x.amountFen, now)),
    );
    moneyRoute(
      MEMBER_PATHS.corrections,
      { permission: 'member.balance', sensitive: true, action: 'member.balance_correction' },
      moneyAct('member.balance_correction', zCorrection, (q, m, x, now) =>
        correct(q, m, x.clientId, x.deltaFen, x.reason, now),
      ),
    );

    // The owner absorbs the member's debt: exactly what is owed, from the outlet's write-off account.
    moneyRoute(
      MEMBER_PATHS.writeOff,
      { permission: 'member.balance', sensitive: true, action: 'member.overdraft_writeoff' },
      moneyAct(
        'member.overdraft_writeoff',
        zWriteOff,
        (q, m, x, now, actorId) => writeOff(q, m, x.clientId, x.amountFen, actorId, now),
        { closedToo: true },
      ),
    );

    app.post(
      MEMBER_PATHS.close,
      {
        schema: { params: zIdParam, body: withoutFactors(zClose) },
        config: { permission: 'member.manage', sensitive: true, action: 'member.close' },
      },
      async (request) => {
        const { id } = request.params;
        const body = request.body;
        return once(request, body.clientId, body, async (q) => {
          const before = await lockMember(q, outletOf(request), id);
          const r = await closeMember(q, before, body, actorOf(request).employee.id, ctx.now());
          if (r.result === 'ok')
            await auditOk(q, ctx, request, {
              target: id,
              before: { cardNo: before.card_no, name: before.name },
              details: { ...body, refundedFen: r.refundedFen },
            });
          return { result: r.result, refundedFen: r.refundedFen, member: await memberView(q, r.member) };
        });
      },
    );

    app.get(
      MEMBER_PATHS.history,
      { schema: { params: zIdParam }, config: { permission: 'member.manage' } },
      async (request) => {
        const { id } = request.params;
        return ctx.db.tx(async (q) => {
          const m = await lockMember(q, outletOf(request), id);
          return { entries: await memberHistory(q, id), member: await memberView(q, m) };
        });
      },
    );
  };
}
