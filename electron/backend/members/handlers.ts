// member.find / member.get (offline too: the snapshot in catalog.db) and member.top-up (online only: the
// cash is taken at the counter and booked onto the member's stored value by the cloud, idempotent on
// clientId). A top-up is written to the till's audit chain in sales.db, and its cash to the drawer
// (shifts/drawer.ts) in the same transaction (store.ts recordTopup) — once per clientId, so a retry the
// cloud answers as a repeat adds no second movement.
// member.create (办卡), member.history (记录) and member.refund (退款) are online only too, each one cloud
// route (cloud/members/routes.ts), idempotent on clientId where money or a card is made:
//  - a new card is written into this counter's member snapshot at once, as the feed's upsert would write
//    it but with seq 0, so the feed's own row for it (seq ≥ 1, the next pull, started now) always wins;
//    the card can be topped up and paid with right away;
//  - a refund gives (part of) a stored-value payment back onto the card — the cloud's refund-of-a-spend, no
//    cash moves (a snack returned, a seat session cut short); the till audits it in its chain;
//  - history carries each movement's balance after it, from the balance the cloud read with the list
//    (history.ts).
import type { AuditAction } from '../../../shared/audit';
import { v7 as uuidv7 } from 'uuid';
import type { MemberView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../../shared/limits';
import { fen, type Fen } from '../../../shared/money';
import type { HandlerGroup } from '../api';
import { actEntry } from '../audit/record';
import type { App } from '../context';
import { shiftOwned } from '../shifts/owned';
import type { MembersCloud } from './cloud-members';
import { historyEntries } from './history';

export function memberHandlers(ctx: App): HandlerGroup {
  const { members, membersCloud: cloud, drawer, moneyCap, memberStore: store } = ctx;
  const owned = shiftOwned(ctx);

  /** The online session's token; an offline session cannot reach the member routes. */
  function onlineToken(what: string): string {
    const session = ctx.session.get()!;
    if (session.offline)
      throw new AppError('OFFLINE', `${what} need the cloud; this is an offline session`, {
        reason: 'OFFLINE_SESSION',
      });
    return session.token;
  }

  /** One cloud call: contact noted either way; an OFFLINE failure carries the clientId to retry with. */
  async function viaCloud<T>(clientId: string | null, f: () => Promise<T>): Promise<T> {
    try {
      const r = await f();
      ctx.sync.noteContact(null);
      return r;
    } catch (e) {
      if (e instanceof AppError && e.code === 'OFFLINE') {
        ctx.sync.noteContact(e);
        if (clientId) throw new AppError('OFFLINE', e.message, { ...(e.details as object), clientId });
      }
      throw e;
    }
  }

  const pullSoon = () =>
    ctx.catalogSync.pull().then(
      () => ctx.sync.noteContact(null),
      (e: unknown) => ctx.sync.noteContact(e),
    );
  // once per clientId: a repeat gets the cloud's first answer ('ok') again
  const audit = (action: AuditAction, target: string, details: { clientId: string } & Record<string, unknown>) =>
    store.auditOnce(actEntry(ctx, { action, target, details, at: ctx.now() }));

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
      if (tendered < amount)
        throw new AppError('INSUFFICIENT_TENDER', 'Cash tendered is less than the top-up', { amount, tendered });
      const session = ctx.session.get()!;
      if (session.offline)
        throw new AppError('OFFLINE', 'Member top-ups need the cloud; this is an offline session', {
          reason: 'OFFLINE_SESSION',
        });
      members.row(memberId); // NOT_FOUND for a card this counter does not know
      owned(); // the cash goes into the employee's own shift, or one they cover (代班)
      const coveringFor = drawer.coveringFor(session.employee.id);
      // The cash is recorded after the cloud booked the top-up: the drawer's limits are asked first, so the
      // cloud is never asked for a top-up whose cash the shift could not take (VALIDATION naming the field).
      drawer.assertRoomFor('member_topup', amount);
      const id = clientId ?? uuidv7();
      // The outlet's maximum for one top-up and the employee's daily cap, with what this till knows (the cloud
      // checks both again); a retry of a booked top-up (its cash already in the drawer) is not checked again.
      const max = ctx.device.record()?.policy.memberTopupMaxFen ?? DEFAULT_MEMBER_TOPUP_MAX_FEN;
      if (amount > max)
        throw new AppError('LIMIT_EXCEEDED', 'A member top-up may not exceed the outlet’s maximum for one top-up', {
          reason: 'MEMBER_TOPUP_MAX',
          maxFen: max,
          amountFen: amount,
        });
      if (!drawer.hasMovement('member_topup', id))
        moneyCap.assertWithin(
          session.employee.id,
          amount,
          ctx.now(),
          ctx.device.record()?.outletTimezone ?? 'Asia/Shanghai',
        );
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
      store.recordTopup(
        actEntry(ctx, {
          action: 'member.topup',
          target: memberId,
          details: {
            clientId: id,
            amount,
            tendered,
            change,
            result: answer.result,
            ...(coveringFor ? { coveringFor } : {}),
          },
          at: ctx.now(),
        }),
        { memberId, amountFen: amount, ref: id, employeeId: session.employee.id },
      );
      // The snapshot catches up with the next pull (started now); the answer already has the new balance.
      ctx.catalogSync.pull().then(
        () => ctx.sync.noteContact(null),
        (e: unknown) => ctx.sync.noteContact(e),
      );
      return { member: members.liveView(answer.member), amount, tendered, change: change as Fen };
    },
    'member.create': async ({ clientId, ...body }) => {
      const token = onlineToken('New member cards');
      const id = clientId ?? uuidv7();
      const r = await viaCloud(id, () => cloud.create({ clientId: id, ...body }, token));
      if (r.result === 'ok')
        audit('member.create', r.member.id, { clientId: id, cardNo: r.member.cardNo, name: r.member.name });
      store.upsertSnapshot(r.member, 0);
      void pullSoon();
      return { result: r.result, member: members.liveView(r.member) };
    },
    'member.history': async ({ memberId }) => {
      const token = onlineToken('Member history');
      const h = await viaCloud(null, () => cloud.history(memberId, token));
      return { member: members.liveView(h.member), entries: historyEntries(h) };
    },
    'member.refund': async ({ memberId, spendId, amount, clientId }) => {
      const token = onlineToken('Refunds to a member card');
      const id = clientId ?? uuidv7();
      const r = await viaCloud(id, () => cloud.refund(memberId, id, spendId, amount, token));
      if (r.result === 'ok') audit('member.refund', memberId, { clientId: id, spendId, amount });
      void pullSoon();
      return { result: r.result, member: members.liveView(r.member) };
    },
  };
}
