// Runtime: Node. /v1/employees — the outlet's accounts and their permissions (session routes).
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditAction } from '../../shared/audit';
import { z } from 'zod';
import { OWNER_METHODS } from '../../shared/api/owner-methods';
import type { Queryable } from '../db/types';
import { sendAlert } from './alerts';
import { auditOk } from './audit-helpers';
import type { SecurityContext } from './context';
import {
  assertCanGrant,
  assertLimitsWithin,
  diffPermissions,
  disableEmployee,
  editableTarget,
  enableEmployee,
  insertEmployee,
  limitsOf,
  listEmployees,
  loadEmployee,
  permissionsForCreate,
  viewOf,
  writeLimits,
  writePermissions,
  zCopyPermissions,
  zCreateEmployee,
  zIdParam,
  zLimits,
  zSetPermissions,
} from './employees';
import { requireSecondFactors } from './factors';
import { actorOf, type SecureEmployeeRow } from './session-auth';
import { SENSITIVE_PERMISSIONS, type Permission } from '../../shared/permissions';
import { EMPLOYEE_PATHS } from '../../shared/api/owner-routes';

/** declared in shared/ with the till's side of these routes */
export { EMPLOYEE_PATHS };

export function employeeRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const alertChange = (
      actor: SecureEmployeeRow,
      target: SecureEmployeeRow,
      what: string,
      log: (e: unknown) => void,
    ) =>
      sendAlert(
        ctx,
        {
          orgId: actor.org_id,
          kind: 'permission_change',
          employeeId: target.id,
          subject: `员工 ${target.username} 的权限已变更`,
          body: `${actor.name}（${actor.username}）${what}`,
        },
        log,
      );

    app.get(
      EMPLOYEE_PATHS.list,
      {
        config: { permission: 'employee.manage' },
        schema: { response: { 200: OWNER_METHODS['owner.employees'].output } },
      },
      async (request) => {
        const a = actorOf(request);
        return { employees: (await listEmployees(ctx.db, a.employee.org_id)).map(viewOf) };
      },
    );

    app.post(
      EMPLOYEE_PATHS.create,
      { schema: { body: zCreateEmployee }, config: { permission: 'employee.manage', action: 'employee.create' } },
      async (request) => {
        const body = request.body;
        const a = actorOf(request);
        const perms = permissionsForCreate(body);
        assertCanGrant(a.employee, perms);
        const limits = limitsOf(body);
        assertLimitsWithin(a.employee, limits);
        if (perms.some((p) => SENSITIVE_PERMISSIONS.has(p)) || limits.dailyTransferCapFen > 0)
          await requireSecondFactors(ctx, request, a.employee.id);
        const created = await ctx.db.tx(async (q) => {
          const e = await insertEmployee(q, a.employee, body, perms, ctx.now());
          await auditOk(q, ctx, request, { target: e.id, after: { username: e.username, permissions: perms, limits } });
          return e;
        });
        await alertChange(
          a.employee,
          created,
          `创建了员工账号 ${created.username}，权限：${perms.join(', ') || '无'}`,
          (e) => request.log.error({ err: e }),
        );
        return { employee: viewOf(created) };
      },
    );

    async function applyPermissions(
      request: FastifyRequest,
      targetId: string,
      next: Permission[] | ((q: Queryable, actor: SecureEmployeeRow) => Promise<Permission[]>),
      action: AuditAction,
    ) {
      const a = actorOf(request);
      // Checks first, outside the transaction: the second-factor failure counter must survive a refusal.
      const target0 = await editableTarget(ctx.db, a.employee, targetId);
      const wanted0 = typeof next === 'function' ? await next(ctx.db, a.employee) : next;
      const d0 = diffPermissions(a.employee, target0, wanted0);
      assertCanGrant(a.employee, [...d0.added, ...d0.removed]);
      if (d0.needsSuperPassword) await requireSecondFactors(ctx, request, a.employee.id);
      const { target, d } = await ctx.db.tx(async (q) => {
        const target = await editableTarget(q, a.employee, targetId);
        const wanted = typeof next === 'function' ? await next(q, a.employee) : next;
        const d = diffPermissions(a.employee, target, wanted);
        assertCanGrant(a.employee, [...d.added, ...d.removed]);
        if (d.needsSuperPassword && !d0.needsSuperPassword) await requireSecondFactors(ctx, request, a.employee.id);
        await writePermissions(q, target.id, d.result);
        await auditOk(q, ctx, request, {
          action,
          target: target.id,
          before: { permissions: viewOf(target).permissions },
          after: { permissions: d.result },
          details: { added: d.added, removed: d.removed },
        });
        return { target, d };
      });
      if (d.added.length || d.removed.length) {
        await alertChange(
          a.employee,
          target,
          `修改了 ${target.username} 的权限：新增 ${d.added.join(', ') || '无'}；移除 ${d.removed.join(', ') || '无'}`,
          (e) => request.log.error({ err: e }),
        );
      }
      return { employee: viewOf({ ...target, permissions: d.result }), added: d.added, removed: d.removed };
    }

    app.put(
      EMPLOYEE_PATHS.permissions,
      {
        schema: { params: zIdParam, body: zSetPermissions },
        config: { permission: 'employee.manage', action: 'employee.permissions' },
      },
      async (request) => {
        const { id } = request.params;
        const body = request.body;
        return applyPermissions(request, id, body.permissions, 'employee.permissions');
      },
    );

    // The preview shows exactly what copying would grant and take away, and whether it needs the super password.
    app.post(
      EMPLOYEE_PATHS.copyPreview,
      {
        schema: { params: zIdParam, body: zCopyPermissions },
        config: { permission: 'employee.manage', action: 'employee.copy_permissions.preview' },
      },
      async (request) => {
        const { id } = request.params;
        const body = request.body;
        const a = actorOf(request);
        const target = await editableTarget(ctx.db, a.employee, id);
        const from = await loadEmployee(ctx.db, a.employee.org_id, body.fromEmployeeId);
        return {
          from: { id: from.id, username: from.username },
          to: { id: target.id, username: target.username },
          ...diffPermissions(a.employee, target, viewOf(from).permissions),
        };
      },
    );

    app.post(
      EMPLOYEE_PATHS.copy,
      {
        schema: { params: zIdParam, body: zCopyPermissions },
        config: { permission: 'employee.manage', action: 'employee.copy_permissions' },
      },
      async (request) => {
        const { id } = request.params;
        const body = request.body;
        return applyPermissions(
          request,
          id,
          async (q, actor) => viewOf(await loadEmployee(q, actor.org_id, body.fromEmployeeId)).permissions,
          'employee.copy_permissions',
        );
      },
    );

    app.put(
      EMPLOYEE_PATHS.limits,
      {
        schema: { params: zIdParam, body: withoutFactors(zLimits) },
        config: { permission: 'employee.manage', sensitive: true, action: 'employee.limits' },
      },
      async (request) => {
        const { id } = request.params;
        const limits = request.body;
        const a = actorOf(request);
        assertLimitsWithin(a.employee, limits);
        const target = await ctx.db.tx(async (q) => {
          const t = await editableTarget(q, a.employee, id);
          await writeLimits(q, t.id, limits);
          await auditOk(q, ctx, request, { target: t.id, before: viewOf(t).limits, after: limits });
          return t;
        });
        await alertChange(
          a.employee,
          target,
          `修改了 ${target.username} 的额度：最大折扣 ${limits.maxDiscountFen} 分，每日转出上限 ${limits.dailyTransferCapFen} 分`,
          (e) => request.log.error({ err: e }),
        );
        return {
          employee: viewOf({
            ...target,
            max_discount_fen: limits.maxDiscountFen,
            daily_transfer_cap_fen: limits.dailyTransferCapFen,
            max_discount_bps: limits.maxDiscountBps ?? target.max_discount_bps,
            max_refund_fen: limits.maxRefundFen ?? target.max_refund_fen,
          }),
        };
      },
    );

    app.post(
      EMPLOYEE_PATHS.disable,
      {
        schema: { params: zIdParam },
        config: { permission: 'employee.manage', sensitive: true, action: 'employee.disable' },
      },
      async (request) => {
        const { id } = request.params;
        const a = actorOf(request);
        await ctx.db.tx(async (q) => {
          const t = await editableTarget(q, a.employee, id);
          await disableEmployee(q, t.id, ctx.now());
          await auditOk(q, ctx, request, {
            target: t.id,
            before: { disabled: t.disabled_at !== null },
            after: { disabled: true },
          });
        });
        return { ok: true };
      },
    );

    app.post(
      EMPLOYEE_PATHS.enable,
      {
        schema: { params: zIdParam },
        config: { permission: 'employee.manage', sensitive: true, action: 'employee.enable' },
      },
      async (request) => {
        const { id } = request.params;
        const a = actorOf(request);
        await ctx.db.tx(async (q) => {
          const t = await editableTarget(q, a.employee, id);
          await enableEmployee(q, t.id);
          await auditOk(q, ctx, request, {
            target: t.id,
            before: { disabled: t.disabled_at !== null },
            after: { disabled: false },
          });
        });
        return { ok: true };
      },
    );
  };
}

/** The second-factor fields may ride in the body; they are not part of the act's own input. */
export function stripFactors(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { superPassword: _s, totpCode: _t, smsCode: _c, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** A route's body schema for an act whose second factors may ride in the body: they are dropped before the act's
 *  own (strict) schema judges the rest, as the gate (factors.ts) has already read them. The OpenAPI document shows
 *  the act's schema. */
export function withoutFactors<T extends z.ZodType>(schema: T) {
  return z.preprocess(stripFactors, schema);
}

/** For an act whose handler judges the second factors itself (they are needed only sometimes, e.g. to change a
 *  bound phone): its schema `.extend(FACTOR_FIELDS)` keeps them in the body, of any type, for that check to read. */
export const FACTOR_FIELDS = {
  superPassword: z.unknown().optional(),
  totpCode: z.unknown().optional(),
  smsCode: z.unknown().optional(),
};
