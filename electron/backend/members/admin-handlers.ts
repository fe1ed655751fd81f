// memberAdmin.* — the back office's 会员 tab (shared/api/member-admin-methods.ts): each method is one cloud
// member route, forwarded with the device signature and the session (owner/owner-cloud.ts); the super
// password rides as a header and is never kept. The cloud decides and audits; this till only records what
// happened in front of it (in its sales.db audit chain: each write-off and close done from this till);
//  - a close that handed stored value back in cash is a pay-out from this till's drawer, written with the
//    till's audit row in one sales.db transaction, once per clientId (a retry — answered with the first
//    answer by the cloud, or 'exists' after a day — finds the audit row and writes nothing more); a write-off
//    is audited once per clientId too;
//  - after a close the catalog is pulled, so the card leaves this counter's snapshot at once (other tills
//    drop it with their next pull).
import type { AdminMember } from '../../../shared/api/member-admin-methods';
import type { HandlerGroup } from '../api';
import { appendAudit, appendAuditOnce } from '../audit/chain';
import { actEntry } from '../audit/record';
import type { BackendContext } from '../context';
import { createOwnerCloud, type Factors, type OwnerCloud } from '../owner/owner-cloud';
import { createDrawer } from '../shifts/drawer';

const enc = encodeURIComponent;
type Out = never;

export function memberAdminHandlers(ctx: BackendContext, deps: { cloud?: OwnerCloud } = {}): HandlerGroup {
  const c = deps.cloud ?? createOwnerCloud(ctx);
  const drawer = createDrawer(ctx.dbs.sales);
  const closeAudited = ctx.dbs.sales
    .prepare("SELECT 1 FROM audit_log WHERE action = 'member.close' AND target = ? AND outcome = 'ok' LIMIT 1")
    .pluck();
  const factors = (f: { superPassword: string; totpCode?: string | undefined }): Factors => ({
    superPassword: f.superPassword,
    totpCode: f.totpCode,
  });

  return {
    'memberAdmin.search': ({ query, includeClosed }) =>
      c.session('GET', `/v1/members?q=${enc(query)}&limit=50${includeClosed ? '&closed=1' : ''}`) as Promise<Out>,
    'memberAdmin.overdrafts': ({ status }) =>
      c.session('GET', `/v1/members/overdrafts?status=${enc(status)}`) as Promise<Out>,
    'memberAdmin.writeOff': async ({ memberId, clientId, amountFen, reason, ...f }) => {
      const r = (await c.session(
        'POST',
        `/v1/members/${enc(memberId)}/write-off`,
        { clientId, amountFen, reason },
        factors(f),
      )) as { result: 'ok' | 'exists' };
      // The till's own chain records the money acts done from it (the cloud's audit is the authority).
      if (r.result === 'ok') {
        appendAuditOnce(
          ctx.dbs.sales,
          actEntry(ctx, {
            action: 'member.overdraft_writeoff',
            target: memberId,
            details: { clientId, amountFen, reason },
            at: ctx.now(),
          }),
        );
      }
      return r as Out;
    },
    'memberAdmin.close': async ({ memberId, clientId, refundCashFen, reason, ...f }) => {
      const body = {
        clientId,
        ...(refundCashFen !== undefined ? { refundCashFen } : {}),
        ...(reason ? { reason } : {}),
      };
      const r = (await c.session('POST', `/v1/members/${enc(memberId)}/close`, body, factors(f))) as {
        result: 'ok' | 'exists';
        refundedFen: number;
        member: AdminMember;
      };
      const session = ctx.session.get()!;
      const now = ctx.now();
      ctx.dbs.sales.transaction(() => {
        if (closeAudited.get(memberId)) return;
        appendAudit(ctx.dbs.sales, {
          at: now,
          actorId: session.employee.id,
          deviceId: ctx.device.record()?.deviceId ?? null,
          action: 'member.close',
          target: memberId,
          outcome: 'ok',
          details: { clientId, refundedFen: r.refundedFen, cardNo: r.member.cardNo, result: r.result },
        });
        // The stored value went back to the member in cash, out of this drawer.
        if (r.refundedFen > 0)
          drawer.record({
            kind: 'pay_out',
            amount: -r.refundedFen,
            reason: `销卡退款 ${r.member.cardNo}`,
            employeeId: session.employee.id,
            now,
          });
      })();
      ctx.catalogSync.pull().then(
        () => ctx.sync.noteContact(null),
        (e: unknown) => ctx.sync.noteContact(e),
      );
      return r as Out;
    },
  };
}
