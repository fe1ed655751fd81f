// Writes the till's own acts into the sales.db audit chain with who (the session's employee) and which
// device filled in, through the context's audit writer (chain.ts AuditLog). Acts that have their own
// transaction (checkout, a return) write their row inside it, in the store that owns that transaction, instead;
// this helper is for acts with nothing to roll back (login, logout, registration, printer settings,
// refusals). It never throws: a full disk must not turn a refused call into a crash, and the failure is
// logged — the act itself has already happened or been refused.
import type { BackendContext } from '../context';
import type { AuditAction } from '../../../shared/audit';
import type { AuditEntry } from './chain';

export type AuditSource = Pick<BackendContext, 'audit' | 'device' | 'session' | 'now' | 'log'>;

export function recordAudit(
  ctx: AuditSource,
  e: Omit<AuditEntry, 'at' | 'deviceId'> & { deviceId?: string | null },
): void {
  try {
    ctx.audit.append({
      at: ctx.now(),
      actorId: e.actorId !== undefined ? e.actorId : (ctx.session.get()?.employee.id ?? null),
      deviceId: e.deviceId !== undefined ? e.deviceId : (ctx.device.record()?.deviceId ?? null),
      action: e.action,
      target: e.target ?? null,
      outcome: e.outcome,
      errorCode: e.errorCode ?? null,
      details: e.details,
    });
  } catch (err) {
    ctx.log(`audit of ${e.action} could not be written`, err);
  }
}

/**
 * The audit row of an act the logged-in employee did on this till and that succeeded; the caller writes it
 * with appendAudit / appendAuditOnce inside the act's own transaction, so the act and its row commit together.
 */
export function actEntry<D>(
  ctx: Pick<BackendContext, 'device' | 'session'>,
  act: { action: AuditAction; target: string; details: D; at: number },
): AuditEntry & { details: D } {
  return {
    at: act.at,
    actorId: ctx.session.get()!.employee.id,
    deviceId: ctx.device.record()?.deviceId ?? null,
    action: act.action,
    target: act.target,
    outcome: 'ok',
    details: act.details,
  };
}

/** the typed error code of a refusal, for the audit row */
export function codeOf(e: unknown): string {
  return e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string'
    ? (e as { code: string }).code
    : 'INTERNAL';
}
