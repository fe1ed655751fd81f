// Runtime: Node. Audit rows for successful acts, written in the act's own transaction.
import type { FastifyRequest } from 'fastify';
import type { AuditAction } from '../../shared/audit';
import type { Queryable } from '../db/types';
import { appendAudit } from './audit';
import type { SecurityContext } from './context';
import { actionOf, actorOf } from './session-auth';

export async function auditOk(
  q: Queryable,
  ctx: SecurityContext,
  request: FastifyRequest,
  e: { target?: string | null; before?: unknown; after?: unknown; details?: unknown; action?: AuditAction },
): Promise<void> {
  const a = actorOf(request);
  await appendAudit(q, {
    orgId: a.employee.org_id,
    at: ctx.now(),
    actorId: a.employee.id,
    deviceId: request.device?.id ?? null,
    ip: a.ip,
    action: e.action ?? actionOf(request),
    target: e.target ?? null,
    outcome: 'ok',
    before: e.before,
    after: e.after,
    details: e.details,
  });
}
