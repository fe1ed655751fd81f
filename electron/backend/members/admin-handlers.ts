// memberAdmin.* — the back office's 会员 tab (shared/api/member-admin-methods.ts): each method is one cloud
// member route (MEMBER_ADMIN_ROUTES: its path and answer schema declared beside the method), forwarded with the
// device signature and the session (owner/owner-cloud.ts route); the super password rides as a header and is
// never kept. The cloud decides and audits; this till records what happened in front of it through its store
// (admin-store.ts: each write-off and close done from this till, a close's cash back as a drawer pay-out), and
// after a close pulls the catalog, so the card leaves this counter's snapshot at once (other tills drop it
// with their next pull).
import { MEMBER_ADMIN_ROUTES as R } from '../../../shared/api/member-admin-methods';
import type { HandlerGroup } from '../api';
import { actEntry } from '../audit/record';
import type { App } from '../context';
import { createOwnerCloud, type Factors, type OwnerCloud } from '../owner/owner-cloud';

export function memberAdminHandlers(ctx: App, deps: { cloud?: OwnerCloud } = {}): HandlerGroup {
  const c = deps.cloud ?? createOwnerCloud(ctx);
  const store = ctx.memberAdmin;
  const factors = (f: { superPassword: string; totpCode?: string | undefined }): Factors => ({
    superPassword: f.superPassword,
    totpCode: f.totpCode,
  });

  return {
    'memberAdmin.search': ({ query, includeClosed }) =>
      c.route(R['memberAdmin.search'], { query: { q: query, limit: 50, closed: includeClosed } }),
    'memberAdmin.overdrafts': ({ status }) => c.route(R['memberAdmin.overdrafts'], { query: { status } }),
    'memberAdmin.writeOff': async ({ memberId, clientId, amountFen, reason, ...f }) => {
      const r = await c.route(
        R['memberAdmin.writeOff'],
        { params: { id: memberId }, body: { clientId, amountFen, reason } },
        factors(f),
      );
      // The till's own chain records the money acts done from it (the cloud's audit is the authority).
      if (r.result === 'ok')
        store.recordWriteOff(
          actEntry(ctx, {
            action: 'member.overdraft_writeoff',
            target: memberId,
            details: { clientId, amountFen, reason },
            at: ctx.now(),
          }),
        );
      return r;
    },
    'memberAdmin.close': async ({ memberId, clientId, refundCashFen, reason, ...f }) => {
      const body = {
        clientId,
        ...(refundCashFen !== undefined ? { refundCashFen } : {}),
        ...(reason ? { reason } : {}),
      };
      const r = await c.route(R['memberAdmin.close'], { params: { id: memberId }, body }, factors(f));
      const employeeId = ctx.session.get()!.employee.id;
      store.recordClose(
        actEntry(ctx, {
          action: 'member.close',
          target: memberId,
          details: { clientId, refundedFen: r.refundedFen, cardNo: r.member.cardNo, result: r.result },
          at: ctx.now(),
        }),
        // The stored value went back to the member in cash, out of this drawer.
        r.refundedFen > 0 ? { amountFen: r.refundedFen, reason: `销卡退款 ${r.member.cardNo}`, employeeId } : null,
      );
      ctx.catalogSync.pull().then(
        () => ctx.sync.noteContact(null),
        (e: unknown) => ctx.sync.noteContact(e),
      );
      return r;
    },
  };
}
