// Runtime: Node. The owner's security screens: devices (list / approve / revoke), IP binding, the audit log
// and its chain check, recorded alert e-mails, and the money-movement route. All but the money transfer
// also serve an agent's PC (OUTLET_AND_AGENT), each scoped by the actor's org; the balance answers an agent
// with its commission account.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OWNER_METHODS } from '../../shared/api/owner-methods';
import { zText } from '../../shared/text';
import { AUDIT_KINDS, type AuditAction } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import { sendAlert } from './alerts';
import { listAudit, verifyAuditChain } from './audit';
import { auditOk } from './audit-helpers';
import { agentCommissionStatement, prepaidStatement } from './balance';
import type { SecurityContext } from './context';
import { editableTarget, loadEmployee, viewOf, writeIpAllowlist, zIdParam } from './employees';
import { withoutFactors } from './employee-routes';
import { parseCidr } from './ip';
import { moveMoney, zMoneyTransfer } from './money';
import { deviceOrgKind, OUTLET_AND_AGENT } from './org-kind';
import {
  deleteDeviceSessions,
  listOrgDevices,
  lockOrgDeviceStatus,
  recentEmails,
  writeDeviceStatus,
} from './repository';
import { actorOf } from './session-auth';
import { OWNER_PATHS } from '../../shared/api/owner-routes';

/** declared in shared/ with the till's side of these routes */
export { OWNER_PATHS };

const zAuditQuery = z
  .object({
    action: zText().max(100).optional(),
    /** the actions of one kind (shared/audit.ts), as the owner's filter offers them */
    kind: z.enum(AUDIT_KINDS).optional(),
    actorId: z.uuid().optional(),
    outcome: z.enum(['ok', 'refused']).optional(),
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
const zAllowlist = z.object({ cidrs: z.array(zText().max(64)).max(32) }).strict();

export function ownerRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      OWNER_PATHS.devices,
      {
        config: { permission: 'device.manage', orgKinds: OUTLET_AND_AGENT },
        schema: { response: { 200: OWNER_METHODS['owner.devices'].output } },
      },
      async (request) => {
        const a = actorOf(request);
        const rows = await listOrgDevices(ctx.db, a.employee.org_id);
        return {
          devices: rows.map((d) => ({
            id: d.id,
            name: d.name,
            platform: d.platform,
            status: d.status,
            createdAt: Number(d.created_at),
            registeredBy: d.registered_by,
          })),
        };
      },
    );

    // Both routes below declare params zIdParam: this handler, shared by the two, reads them already checked.
    const setDeviceStatus = (to: 'active' | 'revoked', action: AuditAction) => async (request: FastifyRequest) => {
      const { id } = request.params as z.infer<typeof zIdParam>;
      const a = actorOf(request);
      return ctx.db.tx(async (q) => {
        const status = await lockOrgDeviceStatus(q, id, a.employee.org_id);
        if (status === undefined) throw new AppError('NOT_FOUND', 'No such device in this organisation');
        if (status === 'revoked')
          throw new AppError('DEVICE_REVOKED', 'A revoked device stays revoked; register a new key');
        await writeDeviceStatus(q, id, to);
        // Revocation takes effect at once: the signature check refuses the device from now on, and its
        // sessions are gone.
        if (to === 'revoked') await deleteDeviceSessions(q, id);
        await auditOk(q, ctx, request, { action, target: id, before: { status }, after: { status: to } });
        return { id, status: to };
      });
    };
    app.post(
      OWNER_PATHS.approve,
      {
        config: { permission: 'device.manage', sensitive: true, action: 'device.approve', orgKinds: OUTLET_AND_AGENT },
        schema: { params: zIdParam },
      },
      setDeviceStatus('active', 'device.approve'),
    );
    app.post(
      OWNER_PATHS.revoke,
      {
        config: { permission: 'device.manage', sensitive: true, action: 'device.revoke', orgKinds: OUTLET_AND_AGENT },
        schema: { params: zIdParam },
      },
      setDeviceStatus('revoked', 'device.revoke'),
    );

    app.put(
      OWNER_PATHS.ipAllowlist,
      {
        config: {
          permission: 'security.manage',
          sensitive: true,
          smsCode: true,
          action: 'employee.ip_allowlist',
          orgKinds: OUTLET_AND_AGENT,
        },
        schema: { params: zIdParam, body: withoutFactors(zAllowlist) },
      },
      async (request) => {
        const { id } = request.params;
        const { cidrs } = request.body;
        const normalized = cidrs.map((c) => {
          const r = parseCidr(c);
          return `${r.address}/${r.prefix}`;
        });
        const a = actorOf(request);
        // The owner binds employees and (from the owner's own screen) themselves; self-binding is allowed here
        // because it only narrows what the account can do.
        const target =
          id === a.employee.id
            ? await loadEmployee(ctx.db, a.employee.org_id, id)
            : await editableTarget(ctx.db, a.employee, id);
        await ctx.db.tx(async (q) => {
          await writeIpAllowlist(q, target.id, normalized);
          await auditOk(q, ctx, request, {
            target: target.id,
            before: { cidrs: target.ip_allowlist },
            after: { cidrs: normalized },
          });
        });
        return { employee: viewOf({ ...target, ip_allowlist: normalized }) };
      },
    );

    app.get(
      OWNER_PATHS.audit,
      { schema: { querystring: zAuditQuery }, config: { permission: 'security.manage', orgKinds: OUTLET_AND_AGENT } },
      async (request) => {
        const f = request.query;
        return { rows: await listAudit(ctx.db, actorOf(request).employee.org_id, f) };
      },
    );
    app.get(
      OWNER_PATHS.auditVerify,
      {
        config: { permission: 'security.manage', orgKinds: OUTLET_AND_AGENT },
        schema: { response: { 200: OWNER_METHODS['owner.auditVerify'].output } },
      },
      async (request) => verifyAuditChain(ctx.db, actorOf(request).employee.org_id),
    );

    app.get(
      OWNER_PATHS.emails,
      {
        config: { permission: 'security.manage', orgKinds: OUTLET_AND_AGENT },
        schema: { response: { 200: OWNER_METHODS['owner.alerts'].output } },
      },
      async (request) => {
        const rows = await recentEmails(ctx.db, actorOf(request).employee.org_id);
        return { emails: rows.map((r) => ({ ...r, id: Number(r.id), created_at: Number(r.created_at) })) };
      },
    );

    // Read-only, so not sensitive: whoever may see the reports may see what the outlet has to spend (an
    // agent: what its markups have earned).
    app.get(
      OWNER_PATHS.moneyBalance,
      {
        config: { permission: 'report.view', orgKinds: OUTLET_AND_AGENT },
        // the outlet's prepaid account or the agent's commission account: the same statement
        schema: { response: { 200: OWNER_METHODS['owner.balance'].output } },
      },
      async (request) => {
        const org = actorOf(request).employee.org_id;
        return (await deviceOrgKind(ctx.db, request)) === 'agent'
          ? agentCommissionStatement(ctx.db, org, 20)
          : prepaidStatement(ctx.db, org, 20);
      },
    );

    app.post(
      OWNER_PATHS.moneyTransfer,
      {
        schema: { body: zMoneyTransfer },
        config: { permission: 'money.transfer', sensitive: true, action: 'money.transfer' },
      },
      async (request) => {
        const body = request.body;
        const a = actorOf(request);
        const now = ctx.now();
        const result = await ctx.db.tx(async (q) => {
          const r = await moveMoney(q, ctx.ledger, a.employee, body, now);
          await auditOk(q, ctx, request, {
            target: body.toAccountId,
            after: { amountFen: body.amountFen, toAccountId: body.toAccountId, transferId: r.transferId },
            details: { movedTodayFen: r.movedTodayFen, capFen: r.capFen },
          });
          return r;
        });
        if (body.amountFen >= ctx.alertThresholdFen) {
          await sendAlert(
            ctx,
            {
              orgId: a.employee.org_id,
              kind: 'money_movement',
              employeeId: a.employee.id,
              subject: `预付款转出 ¥${(body.amountFen / 100).toFixed(2)}`,
              body: `员工 ${a.employee.name}（${a.employee.username}）从门店预付款转出 ¥${(body.amountFen / 100).toFixed(2)} 到账户 ${body.toAccountId}，来源地址 ${a.ip}。`,
            },
            (e) => request.log.error({ err: e }),
          );
        }
        return result;
      },
    );
  };
}
