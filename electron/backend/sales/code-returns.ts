// Returns whose money goes (partly) back to a payment code (退款到付款码): the provider refunds through the cloud
// first, the return after. The story, for the cashier and the code:
//  1. Offline (the cloud unreachable, or an offline session) such a return is refused before anything is written;
//     a return to cash or a member card still works offline.
//  2. The intent (sales 0013 return_intents + code_refunds) is written BEFORE any refund is asked for, with the
//     return's own id; each code part's refund id derives from it (codeRefundIdOf), so asking again — after a
//     lost answer, a crash, or from another screen — is the same refund at the cloud and the provider.
//  3. The return commits once the cloud has ACCEPTED every code part's refund ('pending': the provider is
//     processing it, its durable job follows it to the end; or 'succeeded'). From then on the money is on its
//     way and only the provider can stop it (WeChat ABNORMAL: the owner settles it at the merchant platform), so
//     the goods come back into the system at once — never a refund without its return. The cashier is told
//     which parts are refunded and which are processing (WeChat: usually minutes; a bank card can take days).
//  4. A part the cloud or provider refused: when no part was accepted nothing is committed and the cashier sees
//     why; when another part was accepted the refused part goes back in cash (the cloud checks that its refund
//     is on record as failed).
//  5. An answer lost (timeout) leaves the intent open: the till asks again (the screen's refresh, and every start
//     before anything else) until the cloud answers — the sale takes no other return meanwhile.
import type { ReturnView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { fen } from '../../../shared/money';
import { isCodeMethod } from '../../../shared/payments/methods';
import type { OverrideRecord } from '../../../shared/sale/overrides';
import { codeRefundIdOf, type ReturnReason, type ReturnWire } from '../../../shared/sale/returns';
import type { PaymentsCloud } from '../payments/cloud-payments';
import type { CodePartRow as PartRow, CodeRefundStatus, CodeRefundStore } from './code-returns-store';
import type { ReturnsStore } from './returns-store';

export interface ReturnPlan {
  reason: ReturnReason;
  lines: ReturnWire['lines'];
  refunds: ReturnWire['refunds'];
  override: OverrideRecord | null;
}

/** What the cloud says no to for good: the refund was refused, asking again changes nothing. */
const REFUSALS = new Set(['CONFLICT', 'PAYMENT_NOT_PAID', 'NOT_FOUND', 'VALIDATION', 'FORBIDDEN']);

export function createCodeReturns(p: {
  /** the intents and their code parts, and the transaction the return commits in (returns-store.ts) */
  store: CodeRefundStore & Pick<ReturnsStore, 'transaction'>;
  cloud: () => PaymentsCloud;
  now: () => number;
  offline: () => boolean;
  /** commits the return (its id = the intent's) in the caller's transaction, as `employeeId`; no drawer check */
  commit: (x: { id: string; employeeId: string; orderId: string; plan: ReturnPlan }) => ReturnView;
  /** the committed return's view */
  view: (id: string) => ReturnView;
}) {
  const { store } = p;
  /** one settle at a time per intent: a refresh and a recovery never ask the same refund twice at once */
  const running = new Map<string, Promise<Settled>>();

  type Settled = { kind: 'returned'; view: ReturnView } | { kind: 'waiting'; parts: PartRow[] };

  function waitingError(id: string, parts: PartRow[]): AppError {
    return new AppError(
      'REFUND_WAITING',
      'The refund to the payment code has no answer yet; the till keeps asking and the return completes by itself',
      { returnId: id, parts: parts.map((x) => ({ method: x.method, amount: x.amount, status: x.status })) },
    );
  }

  async function ask(id: string, part: PartRow, reason: string): Promise<{ unreached: boolean }> {
    // no answer (offline, a timeout) changes nothing: an accepted part stays accepted and is asked about again
    let status: CodeRefundStatus = part.status;
    let failure: string | null = part.failure;
    let unreached = false;
    try {
      const a = await p.cloud().refund(part.payment_id, {
        refundId: part.refund_id,
        amountFen: part.amount,
        reason,
      });
      status = a.refund.status;
      failure = a.refund.failure;
    } catch (e) {
      // an accepted refund is only ever moved on by the cloud's own answer, never by a refusal of the request
      if (e instanceof AppError && REFUSALS.has(e.code) && part.status === 'asking') {
        status = 'failed';
        failure = e.message;
      } else if (e instanceof AppError && e.code === 'OFFLINE')
        unreached = (e.details as { unreached?: boolean } | undefined)?.unreached === true;
    }
    if (status !== part.status)
      store.setCodePart(id, part.seq, part.status, status, failure?.slice(0, 300) ?? null, p.now());
    return { unreached };
  }

  async function settleOnce(id: string, fresh: boolean): Promise<Settled> {
    const intent = store.intent(id);
    if (!intent) throw new AppError('NOT_FOUND', 'No such return');
    if (intent.outcome === 'returned') return { kind: 'returned', view: p.view(id) };
    if (intent.outcome === 'abandoned')
      throw new AppError('REFUND_FAILED', intent.reason ?? 'The refund was refused', {
        reason: 'REFUND_REFUSED',
        returnId: id,
        failure: intent.reason ?? 'refused',
      });
    const plan = JSON.parse(intent.plan) as ReturnPlan;
    const reason = `退货 ${plan.reason}`;
    let allUnreached = true;
    for (const part of store.codeParts(id)) {
      if (part.status !== 'asking') {
        allUnreached = false;
        continue;
      }
      if (!(await ask(id, part, reason)).unreached) allUnreached = false;
    }
    const parts = store.codeParts(id);
    if (parts.some((x) => x.status === 'asking')) {
      // A fresh intent none of whose requests ever connected: nothing reached the cloud, nothing to wait for.
      if (fresh && allUnreached) {
        store.closeIntent(id, p.now(), 'abandoned', 'the cloud could not be reached');
        throw new AppError(
          'OFFLINE',
          'Refunds to a payment code need the cloud, which cannot be reached now; returns to cash still work (退回付款码需要联网，退现金仍可用)',
          { reason: 'CODE_REFUND_OFFLINE' },
        );
      }
      return { kind: 'waiting', parts };
    }
    const accepted = parts.filter((x) => x.status === 'pending' || x.status === 'succeeded');
    if (accepted.length === 0) {
      const why = parts
        .map((x) => x.failure)
        .filter(Boolean)
        .join('; ');
      store.closeIntent(id, p.now(), 'abandoned', (why || 'refused').slice(0, 300));
      throw new AppError('REFUND_FAILED', `The refund to the payment code was refused: ${why || 'refused'}`, {
        reason: 'REFUND_REFUSED',
        returnId: id,
        failure: why || 'refused',
      });
    }
    // Every part is answered and at least one accepted: the return commits now (a refused part in cash).
    const failed = new Set(parts.filter((x) => x.status === 'failed').map((x) => x.seq));
    const refunds = plan.refunds.map((x, i) =>
      failed.has(i + 1) ? { method: 'cash' as const, amount: fen(x.amount) } : x,
    );
    const view = store.transaction(() => {
      const v = p.commit({ id, employeeId: intent.employee_id, orderId: intent.order_id, plan: { ...plan, refunds } });
      if (!store.closeIntent(id, p.now(), 'returned', null)) throw new Error(`return intent ${id} moved`);
      return v;
    });
    return { kind: 'returned', view };
  }

  function settle(id: string, fresh = false): Promise<Settled> {
    const busy = running.get(id);
    if (busy) return busy;
    const run = settleOnce(id, fresh).finally(() => running.delete(id));
    running.set(id, run);
    return run;
  }

  return {
    /** The parts of a return that go to a payment code need this module (else the plain local commit). */
    needed: (refunds: ReturnWire['refunds']) => refunds.some((x) => isCodeMethod(x.method)),

    /** 退货 with code parts: refused offline; else the intent, the refunds asked, the return once accepted. */
    async start(x: { id: string; orderId: string; employeeId: string; plan: ReturnPlan }): Promise<ReturnView> {
      if (p.offline())
        throw new AppError(
          'OFFLINE',
          'Refunds to a payment code need the cloud, which cannot be reached now; returns to cash still work (退回付款码需要联网，退现金仍可用)',
          { reason: 'CODE_REFUND_OFFLINE' },
        );
      const now = p.now();
      const open = store.openIntent({
        id: x.id,
        orderId: x.orderId,
        employeeId: x.employeeId,
        plan: JSON.stringify(x.plan),
        at: now,
        // each code part's refund id derives from the return's id and its seq: asking again is the same refund
        parts: x.plan.refunds.flatMap((r, i) =>
          r.paymentId
            ? [
                {
                  seq: i + 1,
                  refundId: codeRefundIdOf(x.id, i + 1),
                  paymentId: r.paymentId,
                  method: r.method,
                  amount: r.amount,
                },
              ]
            : [],
        ),
      });
      if (open)
        throw new AppError('CONFLICT', 'A refund of this sale is still waiting for the cloud’s answer', {
          reason: 'REFUND_IN_PROGRESS',
          returnId: open,
        });
      const s = await settle(x.id, true);
      if (s.kind === 'waiting') throw waitingError(x.id, s.parts);
      return s.view;
    },

    /** Asks again about an open intent (the screen's "check again"); a committed return answers its view. */
    async refresh(id: string): Promise<ReturnView> {
      const s = await settle(id);
      if (s.kind === 'waiting') throw waitingError(id, s.parts);
      return s.view;
    },

    /** Before anything else at start: every intent a crash or a lost answer left open is asked again. */
    async settleOpen(): Promise<void> {
      for (const id of store.openIntents()) {
        const s = await settle(id).catch((e: unknown) => {
          if (e instanceof AppError && (e.code === 'REFUND_FAILED' || e.code === 'OFFLINE')) return null;
          throw e;
        });
        if (s?.kind === 'waiting') throw new AppError('OFFLINE', 'a return’s refund is still waiting for the cloud');
      }
    },

    /** the return was (or is being) refunded to a payment code */
    has: (id: string) => store.intent(id) !== undefined,

    /** Asks the cloud about the accepted-but-processing parts of a committed return (pending → final). */
    async follow(id: string): Promise<void> {
      const intent = store.intent(id);
      if (intent?.outcome !== 'returned') return;
      const plan = JSON.parse(intent.plan) as ReturnPlan;
      // 'asking' on a committed return is a pending part an unanswered look once set back (before that was
      // fixed): every part was answered before the commit, so it is asked about like a pending one
      for (const part of store.codeParts(id))
        if (part.status === 'pending' || part.status === 'asking') await ask(id, part, `退货 ${plan.reason}`);
    },
  };
}
export type CodeReturns = ReturnType<typeof createCodeReturns>;
