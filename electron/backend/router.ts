// The backend boundary: every call is checked here in a fixed order (method → device binding → device
// status → the PC's org kind (outlet till / agent PC) → session → permission → input) before a handler
// runs. Auth comes before input so an unauthenticated caller learns nothing about a method's schema.
// Never throws; returns a Result.
import { orgKindsOf } from '../../shared/api/agent-methods';
import { API, type MethodName, type MethodSpec } from '../../shared/api/contract';
import { AppError, validationError, type Result } from '../../shared/errors';
import { hasPermission } from '../../shared/permissions';
import type { Handlers } from './api';
import type { BackendContext } from './context';
import { recordAudit } from './audit/record';
import { createSessionRefresher } from './auth/refresh';

/** with the audit writer + now, refusals and settings changes are written to the sales.db audit chain */
type Guard = Pick<BackendContext, 'device' | 'session' | 'log'> &
  Partial<Pick<BackendContext, 'audit' | 'now' | 'cloud'>>;

/**
 * Acts audited here after they succeed, with their (validated) input as the row's details: settings
 * changes that have no transaction of their own. Sales, logins and registrations audit themselves.
 */
const AUDITED_ON_SUCCESS: ReadonlySet<string> = new Set(['printer.set']);
/** Refusals that are security events: someone tried what their role does not allow. */
const AUDITED_REFUSALS: ReadonlySet<string> = new Set(['FORBIDDEN']);

export function createRouter(handlers: Handlers, ctx: Guard, api: Record<string, MethodSpec> = API) {
  // Use keeps the cloud session alive: each authorised session call may rotate the token in the background.
  const refresher =
    ctx.cloud && ctx.now
      ? createSessionRefresher({ session: ctx.session, cloud: ctx.cloud, now: ctx.now, log: ctx.log })
      : null;
  const audit = (method: MethodName, outcome: 'ok' | 'refused', e: { errorCode?: string; details?: unknown }) => {
    if (!ctx.audit || !ctx.now) return;
    recordAudit(
      { audit: ctx.audit, now: ctx.now, device: ctx.device, session: ctx.session, log: ctx.log },
      { action: method, outcome, ...e },
    );
  };
  function authorize(method: string, spec: MethodSpec): void {
    const mismatch = ctx.device.mismatch();
    // A copied folder is refused for everything, status included: nothing it holds may be used here.
    if (mismatch) throw new AppError('DEVICE_MISMATCH', mismatch);
    if (spec.auth === 'none') return;
    const record = ctx.device.record();
    if (!record) throw new AppError('DEVICE_NOT_REGISTERED', 'This computer is not registered yet');
    if (record.status === 'pending') throw new AppError('DEVICE_PENDING', "This computer awaits the owner's approval");
    if (record.status === 'revoked')
      throw new AppError('DEVICE_REVOKED', 'This computer has been revoked by the owner');
    // An agent's (区代) back-office PC does not sell, and a till has no agent back office: the cloud would
    // refuse either (its routes' orgKinds); the PC says so first, in words, without a round trip.
    const kind = record.orgKind ?? 'outlet';
    if (!orgKindsOf(method).includes(kind)) {
      throw kind === 'agent'
        ? new AppError(
            'FORBIDDEN',
            "This PC belongs to an agent (区代): it runs the agent's back office and cannot sell or sync an outlet's goods",
            { reason: 'AGENT_PC' },
          )
        : new AppError(
            'FORBIDDEN',
            "This PC is an outlet's till: the agent's back office needs a PC registered with the agent's account",
            { reason: 'OUTLET_PC' },
          );
    }
    if (spec.auth === 'device') return;
    const session = ctx.session.get();
    if (!session) throw new AppError('UNAUTHENTICATED', 'Please log in');
    if (
      spec.permission &&
      !session.employee.isMaster &&
      !hasPermission(session.employee.permissions, spec.permission)
    ) {
      throw new AppError('FORBIDDEN', `Your account lacks the permission ${spec.permission}`, {
        permission: spec.permission,
      });
    }
    // spec.sensitive: the act is the cloud's (owner/); its input carries the super password, which the cloud
    // checks at the time of use. The till never holds a copy to check against.
    // A person's call is use: it keeps the till unlocked and the cloud session alive. A screen's timer is not.
    if (!spec.polled) {
      ctx.session.touch();
      refresher?.maybeRefresh();
    }
  }

  async function call(method: string, input: unknown): Promise<Result<unknown>> {
    try {
      if (typeof method !== 'string' || !Object.hasOwn(api, method) || !Object.hasOwn(handlers, method)) {
        throw new AppError('UNKNOWN_METHOD', `No such method: ${String(method).slice(0, 64)}`);
      }
      const spec = api[method]!;
      authorize(method, spec);
      const parsed = spec.input.safeParse(input === undefined ? {} : input);
      if (!parsed.success) throw validationError(parsed.error);
      const handler = handlers[method as keyof Handlers] as (i: unknown) => unknown;
      const value = await handler(parsed.data);
      // Outputs are checked too: a handler bug must not leak a malformed value to the renderer.
      const out = spec.output.safeParse(value);
      if (!out.success) {
        ctx.log(`output of ${method} failed its schema`, out.error);
        throw new AppError('INTERNAL', 'Something went wrong');
      }
      if (AUDITED_ON_SUCCESS.has(method)) audit(method as MethodName, 'ok', { details: parsed.data });
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof AppError) {
        if (AUDITED_REFUSALS.has(e.code))
          // only after authorize(): the method is one of the API's (UNKNOWN_METHOD is not audited)
          audit(method as MethodName, 'refused', {
            errorCode: e.code,
            details: { message: e.message },
          });
        return { ok: false, error: e.toJSON() };
      }
      ctx.log(`method ${String(method)} failed`, e);
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; the details were logged' } };
    }
  }
  /** the background work calls started (a session rotation) has settled: shutdown and tests wait on it */
  const settled = (): Promise<void> => refresher?.settled() ?? Promise.resolve();
  return Object.assign(call, { settled });
}
