// Runtime: Node. The owner binds a staff card (员工卡, shared/staff-card.ts) to an employee by scanning it, and
// removes it when lost (挂失) or handed back (解绑). Session routes, permission employee.manage, second factors
// (sensitive) like the other employee edits, audited in the act's transaction. Outlet devices only: a card
// approves overrides at an outlet's tills. The number itself is never stored, logged or audited — only its hint.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAFF_CARD_PATHS } from '../../shared/api/cloud-routes';
import { AppError } from '../../shared/errors';
import { cardHint, zStaffCard } from '../../shared/staff-card';
import type { Queryable } from '../db/types';
import { auditOk } from './audit-helpers';
import type { SecurityContext } from './context';
import { withoutFactors } from './employee-routes';
import { loadEmployee, viewOf, zIdParam } from './employees';
import { actorOf, type SecureEmployeeRow } from './session-auth';
import { findCardHolder, hashCard, lockOrgCards, removeCard, setCard } from './staff-cards';

const zSetCard = z.object({ card: zStaffCard }).strict();

/** Whose card the actor may set: anyone of the org but themselves; the master account only by itself (the owner's
 *  own card). Locked FOR UPDATE. */
async function cardTarget(q: Queryable, actor: SecureEmployeeRow, id: string): Promise<SecureEmployeeRow> {
  const t = await loadEmployee(q, actor.org_id, id, true);
  if (t.id === actor.id && !actor.is_master)
    throw new AppError('FORBIDDEN', 'Nobody but the owner can bind a card to their own account', {
      reason: 'SELF_EDIT',
    });
  if (t.is_master && t.id !== actor.id)
    throw new AppError('FORBIDDEN', 'The master account cannot be edited here', { reason: 'MASTER' });
  return t;
}

export function cardRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.put(
      STAFF_CARD_PATHS.card,
      {
        schema: { params: zIdParam, body: withoutFactors(zSetCard) },
        config: { permission: 'employee.manage', sensitive: true, action: 'employee.card_set' },
      },
      async (request) => {
        const { id } = request.params;
        const { card } = request.body;
        const a = actorOf(request);
        const hash = await hashCard(card);
        const target = await ctx.db.tx(async (q) => {
          // The org row's lock serialises card writes of one org, so two scans of the same card cannot both
          // pass the duplicate check below (a salted hash has no unique index to lean on).
          await lockOrgCards(q, a.employee.org_id);
          const t = await cardTarget(q, a.employee, id);
          const other = await findCardHolder(q, a.employee.org_id, card, t.id);
          if (other)
            throw new AppError('CONFLICT', `This card already belongs to ${other.username}`, {
              reason: 'CARD_TAKEN',
              employee: other.username,
            });
          const hint = cardHint(card);
          await setCard(q, t.id, hash, hint, ctx.now());
          await auditOk(q, ctx, request, {
            target: t.id,
            before: { cardHint: t.card_hash !== null ? t.card_hint : null },
            after: { cardHint: hint },
          });
          return { ...t, card_hash: hash, card_hint: hint };
        });
        return { employee: viewOf(target) };
      },
    );

    app.post(
      STAFF_CARD_PATHS.remove,
      {
        schema: { params: zIdParam },
        config: { permission: 'employee.manage', sensitive: true, action: 'employee.card_remove' },
      },
      async (request) => {
        const { id } = request.params;
        const a = actorOf(request);
        const target = await ctx.db.tx(async (q) => {
          const t = await cardTarget(q, a.employee, id);
          await removeCard(q, t.id, ctx.now());
          await auditOk(q, ctx, request, {
            target: t.id,
            before: { cardHint: t.card_hash !== null ? t.card_hint : null },
            after: { cardHint: null },
          });
          return { ...t, card_hash: null, card_hint: null };
        });
        return { employee: viewOf(target) };
      },
    );
  };
}
