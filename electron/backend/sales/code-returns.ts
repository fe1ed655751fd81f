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
import type { Db } from '../db/open';
import type { PaymentsCloud } from '../payments/cloud-payments';

export interface ReturnPlan {
  reason: ReturnReason;
  lines: ReturnWire['lines'];
  refunds: ReturnWire['refunds'];
  override: OverrideRecord | null;
}

export type CodeRefundStatus = 'asking' | 'pending' | 'succeeded' | 'failed';
interface IntentRow {
  id: string;
  order_id: string;
  employee_id: string;
  plan: string;
  closed_at: number | null;
  outcome: 'returned' | 'abandoned' | null;
  reason: string | null;
}
interface PartRow {
  seq: number;
  refund_id: string;
  payment_id: string;
  method: string;
  amount: number;
  status: CodeRefundStatus;
  failure: string | null;
}

/** What the cloud says no to for good: the refund was refused, asking again changes nothing. */
const REFUSALS = new Set(['CONFLICT', 'PAYMENT_NOT_PAID', 'NOT_FOUND', 'VALIDATION', 'FORBIDDEN']);

export function createCodeReturns(p: {
  db: Db;
  cloud: () => PaymentsCloud;
  now: () => number;
  offline: () => boolean;
  /** commits the return (its id = the intent's) in the caller's transaction, as `employeeId`; no drawer check */
  commit: (x: { id: string; employeeId: string; orderId: string; plan: ReturnPlan }) => ReturnView;
  /** the committed return's view */
  view: (id: string) => ReturnView;
}) {
  const { db } = p;
  const q = {
    insIntent: db.prepare(
      'INSERT INTO return_intents (id, order_id, employee_id, plan, opened_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insPart:
      db.prepare(`INSERT INTO code_refunds (return_id, seq, refund_id, payment_id, method, amount, status, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'asking', ?)`),
    intent: db.prepare('SELECT * FROM return_intents WHERE id = ?'),
    openOf: db.prepare('SELECT id FROM return_intents WHERE order_id = ? AND closed_at IS NULL').pluck(),
    open: db.prepare('SELECT id FROM return_intents WHERE closed_at IS NULL ORDER BY opened_at').pluck(),
    parts: db.prepare('SELECT * FROM code_refunds WHERE return_id = ? ORDER BY seq'),
    setPart: db.prepare(
      'UPDATE code_refunds SET status = ?, failure = ?, updated_at = ? WHERE return_id = ? AND seq = ? AND status = ?',
    ),
    close: db.prepare(
      'UPDATE return_intents SET closed_at = ?, outcome = ?, reason = ? WHERE id = ? AND closed_at IS NULL',
    ),
  };
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
      q.setPart.run(status, failure?.slice(0, 300) ?? null, p.now(), id, part.seq, part.status);
    return { unreached };
  }

  async function settleOnce(id: string, fresh: boolean): Promise<Settled> {
    const intent = q.intent.get(id) as IntentRow | undefined;
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
    for (const part of q.parts.all(id) as PartRow[]) {
      if (part.status !== 'asking') {
        allUnreached = false;
        continue;
      }
      if (!(await ask(id, part, reason)).unreached) allUnreached = false;
    }
    const parts = q.parts.all(id) as PartRow[];
    if (parts.some((x) => x.status === 'asking')) {
      // A fresh intent none of whose requests ever connected: nothing reached the cloud, nothing to wait for.
      if (fresh && allUnreached) {
        q.close.run(p.now(), 'abandoned', 'the cloud could not be reached', id);
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
      q.close.run(p.now(), 'abandoned', (why || 'refused').slice(0, 300), id);
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
    const view = db.transaction(() => {
      const v = p.commit({ id, employeeId: intent.employee_id, orderId: intent.order_id, plan: { ...plan, refunds } });
      if (q.close.run(p.now(), 'returned', null, id).changes !== 1) throw new Error(`return intent ${id} moved`);
      return v;
    })();
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
      db.transaction(() => {
        if (q.openOf.get(x.orderId))
          throw new AppError('CONFLICT', 'A refund of this sale is still waiting for the cloud’s answer', {
            reason: 'REFUND_IN_PROGRESS',
            returnId: q.openOf.get(x.orderId),
          });
        q.insIntent.run(x.id, x.orderId, x.employeeId, JSON.stringify(x.plan), now);
        x.plan.refunds.forEach((r, i) => {
          if (!r.paymentId) return;
          q.insPart.run(x.id, i + 1, codeRefundIdOf(x.id, i + 1), r.paymentId, r.method, r.amount, now);
        });
      })();
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
      for (const id of q.open.all() as string[]) {
        const s = await settle(id).catch((e: unknown) => {
          if (e instanceof AppError && (e.code === 'REFUND_FAILED' || e.code === 'OFFLINE')) return null;
          throw e;
        });
        if (s?.kind === 'waiting') throw new AppError('OFFLINE', 'a return’s refund is still waiting for the cloud');
      }
    },

    /** the return was (or is being) refunded to a payment code */
    has: (id: string) => q.intent.get(id) !== undefined,

    /** Where the code parts of a return stand (history: processing / refunded / refused). */
    statusOf(id: string): { seq: number; method: string; status: CodeRefundStatus; failure: string | null }[] {
      return (q.parts.all(id) as PartRow[]).map((x) => ({
        seq: x.seq,
        method: x.method,
        status: x.status,
        failure: x.failure,
      }));
    },

    /** Asks the cloud about the accepted-but-processing parts of a committed return (pending → final). */
    async follow(id: string): Promise<void> {
      const intent = q.intent.get(id) as IntentRow | undefined;
      if (intent?.outcome !== 'returned') return;
      const plan = JSON.parse(intent.plan) as ReturnPlan;
      // 'asking' on a committed return is a pending part an unanswered look once set back (before that was
      // fixed): every part was answered before the commit, so it is asked about like a pending one
      for (const part of q.parts.all(id) as PartRow[])
        if (part.status === 'pending' || part.status === 'asking') await ask(id, part, `退货 ${plan.reason}`);
    },
  };
}
export type CodeReturns = ReturnType<typeof createCodeReturns>;
