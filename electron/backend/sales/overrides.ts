// Supervisor override (主管授权, shared/sale/overrides.ts) at the till. A supervisor types their username and
// password on the cashier's screen; the cloud checks it like a login (POST /v1/auth/override) when it
// answers, otherwise (offline, or a cloud older than the route) the verifier their last ONLINE login left on
// this till does, within its offline window — exactly the rules of an offline login. The grant lives in memory
// only: single-use, for one act, bound to the cashier who asked, gone after OVERRIDE_TTL_MS or a restart.
// Every attempt is written to the till's audit chain with both employees; the act it approves records it
// again (on the order, in its transaction). Or the supervisor scans their staff card (shared/staff-card.ts): the
// card alone approves, checked by the cloud, else (offline) against the outlet's card hashes the employee feed
// last gave this till (auth/staff-cards.ts); its audit entries say "by card" and never carry the number.
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { hasPermission } from '../../../shared/permissions';
import { OVERRIDE_TTL_MS, overridePermission, type OverrideAct } from '../../../shared/sale/overrides';
import type { Employee } from '../../../shared/sync/protocol';
import { codeOf, recordAudit } from '../audit/record';
import type { HandlerGroup } from '../api';
import type { App, BackendContext } from '../context';

export interface Grant {
  id: string;
  act: OverrideAct;
  cashierId: string;
  supervisor: Employee;
  mode: 'online' | 'offline';
  by: 'password' | 'card';
  at: number;
  expiresAt: number;
}

/** No answer we can judge by: no network, a cloud error, or a cloud without the route (older than this till). */
const judgeOffline = (e: unknown) =>
  e instanceof AppError && (e.code === 'OFFLINE' || e.code === 'CLOUD_ERROR' || e.code === 'NOT_FOUND');

type Proof = { username: string; password: string } | { card: string };

/** The rules an offline approval must pass, whoever the supervisor was found by (the cloud applies the same). */
function mayApprove(employee: Employee, act: OverrideAct, cashierId: string): void {
  if (employee.id === cashierId)
    throw new AppError('VALIDATION', 'A supervisor cannot approve their own act', { reason: 'SELF_OVERRIDE' });
  const permission = overridePermission(act);
  if (!employee.isMaster && !hasPermission(employee.permissions, permission))
    throw new AppError('FORBIDDEN', `${employee.username} lacks the permission ${permission}`, {
      permission,
      reason: 'SUPERVISOR_LACKS_PERMISSION',
    });
}

export function createOverrides(ctx: BackendContext) {
  const grants = new Map<string, Grant>();

  async function checkCard(act: OverrideAct, card: string, cashierId: string) {
    try {
      const r = await ctx.cloud.override({ card, act, cashierId });
      ctx.sync.noteContact(null);
      return { employee: r.employee, mode: 'online' as const };
    } catch (e) {
      if (!judgeOffline(e)) throw e;
      if (e instanceof AppError && e.code === 'OFFLINE') ctx.sync.noteContact(e);
      const windowHours = ctx.device.record()?.policy.offlineWindowHours ?? 0;
      const employee = await ctx.staffCards.verify(card, ctx.cloud.clock.now(), windowHours);
      mayApprove(employee, act, cashierId);
      return { employee, mode: 'offline' as const };
    }
  }

  async function check(act: OverrideAct, proof: Proof, cashierId: string) {
    if ('card' in proof) return checkCard(act, proof.card, cashierId);
    const { username, password } = proof;
    try {
      const r = await ctx.cloud.override({ username, password, act, cashierId });
      ctx.sync.noteContact(null);
      // The password was right online: the supervisor may approve on this till offline later, too.
      await ctx.offlineCredentials.remember({
        username,
        password,
        employee: r.employee,
        at: ctx.cloud.clock.now(),
        windowHours: r.policy.offlineWindowHours,
      });
      return { employee: r.employee, mode: 'online' as const };
    } catch (e) {
      if (!judgeOffline(e)) {
        if (e instanceof AppError && e.code === 'BAD_CREDENTIALS')
          await ctx.offlineCredentials.refusedOnline(username, password);
        throw e;
      }
      if (e instanceof AppError && e.code === 'OFFLINE') ctx.sync.noteContact(e);
      const grant = await ctx.offlineCredentials.verify(username, password, ctx.cloud.clock.now());
      mayApprove(grant.employee, act, cashierId);
      return { employee: grant.employee, mode: 'offline' as const };
    }
  }

  return {
    async grant(p: { act: OverrideAct } & Proof) {
      const cashier = ctx.session.get()!.employee;
      const by = 'card' in p ? ('card' as const) : ('password' as const);
      try {
        const { employee, mode } = await check(p.act, p, cashier.id);
        const now = ctx.now();
        const g: Grant = {
          id: newId(),
          act: p.act,
          cashierId: cashier.id,
          supervisor: employee,
          mode,
          by,
          at: now,
          expiresAt: now + OVERRIDE_TTL_MS,
        };
        for (const [id, old] of grants) if (old.expiresAt <= now) grants.delete(id);
        grants.set(g.id, g);
        recordAudit(ctx, {
          actorId: cashier.id,
          action: 'override.grant',
          target: employee.id,
          outcome: 'ok',
          details: { act: p.act, supervisorId: employee.id, supervisor: employee.username, mode, by },
        });
        return {
          overrideId: g.id,
          act: g.act,
          supervisor: { id: employee.id, name: employee.name || employee.username },
          mode,
          expiresAt: g.expiresAt,
        };
      } catch (e) {
        recordAudit(ctx, {
          actorId: cashier.id,
          action: 'override.grant',
          // a card's number is never written down: the entry says only that a card was scanned
          target: 'card' in p ? null : p.username,
          outcome: 'refused',
          errorCode: codeOf(e),
          details: { act: p.act, by },
        });
        throw e;
      }
    },
    /** Uses up a grant for `act` by the cashier now logged in; VALIDATION when there is no such live grant. */
    take(overrideId: string, act: OverrideAct): Grant {
      const g = grants.get(overrideId);
      grants.delete(overrideId);
      const cashier = ctx.session.get()?.employee.id;
      if (!g || g.act !== act || g.cashierId !== cashier || g.expiresAt <= ctx.now())
        throw new AppError('VALIDATION', 'That approval has expired or was for another act; ask the supervisor again', {
          reason: 'OVERRIDE_INVALID',
          override: act,
        });
      return g;
    },
  };
}
export type Overrides = ReturnType<typeof createOverrides>;

/** override.grant (the service is built once, in createBackend) */
export const overrideHandlers = (app: Pick<App, 'overrides'>): HandlerGroup => ({
  'override.grant': (input) => app.overrides.grant(input),
});
