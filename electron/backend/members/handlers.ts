// member.find / member.get (offline too: the snapshot in catalog.db) and member.top-up (online only: the
// cash is taken at the counter and booked onto the member's stored value by the cloud, idempotent on
// clientId). A top-up is written to the till's audit chain in sales.db, and its cash to the drawer
// (shifts/drawer.ts) in the same transaction — once per clientId, so a retry the cloud answers as a
// repeat adds no second movement.
import { v7 as uuidv7 } from 'uuid';
import type { MemberView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { fen, type Fen } from '../../../shared/money';
import type { HandlerGroup } from '../api';
import { appendAudit } from '../audit/chain';
import type { BackendContext } from '../context';
import { createDrawer } from '../shifts/drawer';
import type { MembersCloud } from './cloud-members';
import type { CounterMembers } from './counter';

export function memberHandlers(ctx: BackendContext, deps: { members: CounterMembers; cloud: MembersCloud }): HandlerGroup {
  const { members, cloud } = deps;
  const drawer = createDrawer(ctx.dbs.sales);

  /** A miss may be a member created in the cloud a moment ago: one catalog pull, then look again. */
  async function findWithPull(query: string): Promise<MemberView[]> {
    const hits = members.find(query);
    if (hits.length > 0 || !ctx.sync.cloudReachable() || ctx.session.get()?.offline) return hits;
    try {
      await ctx.catalogSync.pull();
      ctx.sync.noteContact(null);
    } catch (e) {
      ctx.sync.noteContact(e);
      return hits;
    }
    return members.find(query);
  }

  return {
    'member.find': async ({ query }) => ({ members: await findWithPull(query) }),
    'member.get': ({ id }) => members.get(id),
    'member.topup': async ({ memberId, amount, tendered, clientId }) => {
      if (tendered < amount) throw new AppError('INSUFFICIENT_TENDER', 'Cash tendered is less than the top-up', { amount, tendered });
      const session = ctx.session.get()!;
      if (session.offline) throw new AppError('OFFLINE', 'Member top-ups need the cloud; this is an offline session', { reason: 'OFFLINE_SESSION' });
      members.row(memberId); // NOT_FOUND for a card this counter does not know
      const id = clientId ?? uuidv7();
      let answer: Awaited<ReturnType<MembersCloud['topUp']>>;
      try {
        answer = await cloud.topUp(memberId, id, amount, session.token);
        ctx.sync.noteContact(null);
      } catch (e) {
        // The caller retries with this id: the cloud answers a repeat with the first top-up, never a second one.
        if (e instanceof AppError && e.code === 'OFFLINE') {
          ctx.sync.noteContact(e);
          throw new AppError('OFFLINE', e.message, { ...(e.details as object), clientId: id });
        }
        throw e;
      }
      const change = fen(tendered - amount);
      const now = ctx.now();
      ctx.dbs.sales.transaction(() => {
        appendAudit(ctx.dbs.sales, {
          at: now, actorId: session.employee.id, deviceId: ctx.device.record()?.deviceId ?? null, action: 'member.topup', target: memberId, outcome: 'ok',
          details: { clientId: id, amount, tendered, change, result: answer.result },
        });
        drawer.record({ kind: 'member_topup', amount, ref: id, memberId, employeeId: session.employee.id, now });
      })();
      // The snapshot catches up with the next pull (started now); the answer already has the new balance.
      ctx.catalogSync.pull().then(() => ctx.sync.noteContact(null), (e: unknown) => ctx.sync.noteContact(e));
      return { member: members.liveView(answer.member), amount, tendered, change: change as Fen };
    },
  };
}
