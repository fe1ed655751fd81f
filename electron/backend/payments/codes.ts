// Payment codes (付款码) at the till: the journal (sales 0011 code_payments) and the follower that keeps asking
// the cloud until each payment is settled. Invariants:
//  - a payment is written to the journal BEFORE its request leaves, so whatever happens next (a lost answer, a
//    crash, a power cut) the till knows it asked and settles it: asks again, or cancels it;
//  - the till's payment id is the provider's out_trade_no: a retry is the same body, the same payment — a
//    customer is never charged twice for one scan;
//  - the scanned code lives only in memory (the journal keeps it masked): after a restart a payment whose
//    request may not have arrived is looked up and, if the cloud never got it, marked cancelled; the cloud's
//    list of this till's open payments is checked at start and after such a case, and anything the till does
//    not want (abandoned, never recorded, arrived late) is cancelled there — the money goes back;
//  - an abandoned payment ('cancelling') is asked to cancel until the cloud says it is cancelled or failed;
//  - settled rows ('used', 'failed', 'cancelled') never change (a trigger holds it).
import type { CodePaymentView } from '../../../shared/api/pay-methods';
import { AppError } from '../../../shared/errors';
import { fen } from '../../../shared/money';
import { codeMethodOf } from '../../../shared/payments/methods';
import { maskCode, normaliseCode, schemeOfCode, type CodeScheme } from '../../../shared/payments/schemes';
import type { PaymentsConfig, PaymentView } from '../../../shared/payments/wire';
import type { PaymentsCloud } from './cloud-payments';
import { codePaymentView, type CodePaymentRow, type Journal } from './journal';

/** How long a scan's first answer is awaited before the screen shows the payment as waiting. */
export const FIRST_ANSWER_WAIT_MS = 2_500;
const CONFIG_TTL_MS = 5 * 60_000;
/** between attempts while the cloud cannot be reached (a waiting payment, recovery) */
const RETRY_MS = 3_000;

const DEFINITE_SUBMIT_REFUSALS = new Set(['VALIDATION', 'PAYMENT_NOT_CONFIGURED', 'FORBIDDEN']);

export interface CodePaymentsDeps {
  journal: Journal;
  cloud: PaymentsCloud;
  now: () => number;
  log: (msg: string, e?: unknown) => void;
  /** the cloud can be reached (last contact), for refusing codes offline */
  reachable: () => boolean;
  /** a contact with the cloud happened (null) or failed for want of a network */
  noteContact: (e: unknown) => void;
  /** every change of a row (the event 'pay.changed' and the tender) */
  changed: (row: CodePaymentRow) => void;
  /** a paid row the follower meets: its owner uses it (a member top-up is booked) or lets it go */
  onPaid: (row: CodePaymentRow) => Promise<void> | void;
  /** a paid row its owner holds on purpose (an open tender's): the follower leaves it alone */
  holds: (row: CodePaymentRow) => boolean;
}

export function createCodePayments(d: CodePaymentsDeps) {
  /** the scanned codes of payments whose request may need sending again (memory only) */
  const codes = new Map<string, string>();
  /** payments a step is running for (one step per payment at a time) */
  const inflight = new Map<string, Promise<void>>();
  let config: { value: PaymentsConfig; at: number } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const pollMs = () => config?.value.pollIntervalMs ?? 3_000;

  async function loadConfig(force = false): Promise<PaymentsConfig> {
    if (!force && config && d.now() - config.at < CONFIG_TTL_MS) return config.value;
    try {
      const value = await d.cloud.config();
      d.noteContact(null);
      config = { value, at: d.now() };
      return value;
    } catch (e) {
      d.noteContact(e);
      throw e;
    }
  }

  function write(row: CodePaymentRow, next: Partial<CodePaymentRow>): CodePaymentRow {
    const moved = d.journal.update(row, next, d.now());
    const now = d.journal.get(row.id)!;
    if (moved) d.changed(now);
    return now;
  }

  /** The cloud's word about a payment, applied to the till's row (a row settled or abandoned here stays so). */
  function apply(row: CodePaymentRow, v: PaymentView): CodePaymentRow {
    if (row.status === 'used' || row.status === 'failed' || row.status === 'cancelled') return row;
    if (row.status === 'cancelling') {
      // the till's own reason for abandoning it (kept when set) says more than the cloud's 'cancelled'
      if (v.status === 'cancelled' || v.status === 'failed')
        return write(row, {
          status: 'cancelled',
          confirming: 0,
          failure_reason: v.failure?.reason ?? 'cancelled',
          failure_message: row.failure_message ?? v.failure?.message ?? 'cancelled by the till',
        });
      return row;
    }
    switch (v.status) {
      case 'paid':
        return write(row, {
          status: 'paid',
          confirming: 0,
          provider_trade_no: v.providerTradeNo,
          paid_at: v.paidAt,
        });
      case 'failed':
      case 'cancelled':
        return write(row, {
          status: 'failed',
          confirming: 0,
          failure_reason: v.failure?.reason ?? 'declined',
          failure_message: v.failure?.message ?? v.status,
        });
      default:
        // pending, or reversing after the cloud gave up waiting: not settled, keep asking
        return write(row, { status: 'pending', confirming: v.status === 'pending' && v.customerConfirming ? 1 : 0 });
    }
  }

  const isCode = (e: unknown, ...codes: string[]) => e instanceof AppError && codes.includes(e.code);

  /** One step for one payment: send it (again), ask about it, or cancel it. Never throws. */
  async function step(id: string): Promise<void> {
    const row = d.journal.get(id);
    if (!row) return;
    try {
      switch (row.status) {
        case 'submitting': {
          const code = codes.get(id);
          if (code) {
            try {
              apply(row, await d.cloud.submit(submitBody(row, code)));
            } catch (e) {
              if (isCode(e, 'CONFLICT')) apply(row, await d.cloud.get(id));
              else if (e instanceof AppError && DEFINITE_SUBMIT_REFUSALS.has(e.code))
                write(row, {
                  status: 'failed',
                  failure_reason: e.code === 'PAYMENT_NOT_CONFIGURED' ? 'not_configured' : 'code_invalid',
                  failure_message: e.message,
                });
              else throw e;
            }
          } else {
            // the code is gone with the process that scanned it: did the request ever arrive?
            try {
              apply(row, await d.cloud.get(id));
            } catch (e) {
              if (!isCode(e, 'NOT_FOUND')) throw e;
              write(row, {
                status: row.tender_id || row.member_id ? 'cancelled' : 'failed',
                failure_reason: 'unreachable',
                failure_message: 'the request never reached the cloud',
              });
              sweepSoon();
            }
          }
          break;
        }
        case 'pending':
          apply(row, await d.cloud.get(id));
          break;
        case 'cancelling':
          try {
            apply(row, await d.cloud.cancel(id));
          } catch (e) {
            if (!isCode(e, 'NOT_FOUND')) throw e;
            write(row, {
              status: 'cancelled',
              failure_reason: 'unreachable',
              failure_message: 'never reached the cloud',
            });
            sweepSoon();
          }
          break;
        default:
          return;
      }
      d.noteContact(null);
    } catch (e) {
      d.noteContact(e);
      if (!isCode(e, 'OFFLINE', 'CLOUD_ERROR')) d.log(`code payment ${id}: step failed`, e);
    }
  }

  function stepOnce(id: string): Promise<void> {
    const running = inflight.get(id);
    if (running) return running;
    const p = step(id).finally(() => inflight.delete(id));
    inflight.set(id, p);
    return p;
  }

  const needsWork = (r: CodePaymentRow) => r.status !== 'paid' || !d.holds(r);

  /** Steps every payment that is not settled; keeps itself scheduled while there are any. */
  async function tick(): Promise<void> {
    timer = null;
    if (closed) return;
    const rows = d.journal.unsettled().filter(needsWork);
    await Promise.all(
      rows.map((r) =>
        r.status === 'paid'
          ? Promise.resolve(d.onPaid(r)).catch((e: unknown) => d.log(`code payment ${r.id}: its owner failed`, e))
          : stepOnce(r.id),
      ),
    );
    schedule();
  }

  function schedule(delay?: number): void {
    if (closed || timer) return;
    if (!d.journal.unsettled().some(needsWork)) return;
    timer = setTimeout(() => void tick(), delay ?? (d.reachable() ? pollMs() : RETRY_MS));
    timer.unref?.();
  }

  let sweepTimer: NodeJS.Timeout | null = null;
  function sweepSoon(): void {
    if (closed || sweepTimer) return;
    sweepTimer = setTimeout(() => {
      sweepTimer = null;
      void sweepOpen().catch(() => {});
    }, 30_000);
    sweepTimer.unref?.();
  }

  /**
   * The cloud's list of this till's open payments against the journal: a payment the till does not want —
   * unknown here, or given up here (failed, cancelled: its request arrived late) — is cancelled at the cloud.
   * `wanted`: paid payments the caller still means to use (an open tender's).
   */
  async function sweepOpen(): Promise<void> {
    const open = await d.cloud.open();
    d.noteContact(null);
    for (const v of open) {
      const row = d.journal.get(v.paymentId);
      if (row && row.status !== 'failed' && row.status !== 'cancelled') continue; // ours and followed (or used)
      d.log(
        `payment ${v.paymentId} is open at the cloud but not wanted here (${row?.status ?? 'unknown'}): cancelling`,
      );
      try {
        await d.cloud.cancel(v.paymentId);
      } catch (e) {
        d.log(`payment ${v.paymentId}: cancel failed`, e);
      }
    }
  }

  function submitBody(row: CodePaymentRow, code: string) {
    return {
      paymentId: row.id,
      code,
      amountFen: fen(row.amount),
      purpose: row.purpose,
      employeeId: row.employee_id,
    };
  }

  return {
    loadConfig,
    config: () => config?.value ?? null,
    pollIntervalMs: pollMs,
    get: (id: string) => d.journal.get(id),
    view: (id: string): CodePaymentView | null => {
      const r = d.journal.get(id);
      return r ? codePaymentView(r) : null;
    },

    /**
     * Checks a scanned code before anything is written: its scheme (VALIDATION naming the patterns), online
     * (OFFLINE), taken at this outlet (PAYMENT_NOT_CONFIGURED). Returns the scheme.
     */
    async check(raw: string): Promise<{ code: string; scheme: CodeScheme }> {
      const code = normaliseCode(raw);
      const scheme = schemeOfCode(code);
      if (!scheme)
        throw new AppError(
          'VALIDATION',
          'Not a payment code: WeChat 18 digits from 10–15, Alipay 16–24 digits from 25–30, UnionPay 19 digits from 62',
          [{ path: 'code', message: 'not a payment code', code: 'invalid_format', format: 'payment_code' }],
        );
      // Every scan asks the cloud for the outlet's schemes first: one small round trip that also proves the
      // cloud can be reached NOW, so an offline till refuses the code before anything is journaled or charged.
      let cfg: PaymentsConfig;
      try {
        cfg = await loadConfig(true);
      } catch (e) {
        if (!isCode(e, 'OFFLINE', 'CLOUD_ERROR')) throw e;
        throw new AppError(
          'OFFLINE',
          'Payment codes need the cloud, which cannot be reached now; cash and member balance still work (付款码需要联网，现金和会员余额仍可用)',
          { reason: 'PAYMENT_CODE_OFFLINE' },
        );
      }
      if (!cfg.schemes[scheme])
        throw new AppError('PAYMENT_NOT_CONFIGURED', `This shop takes no ${scheme} payment codes`, { scheme });
      return { code, scheme };
    },

    /**
     * Journals a payment (status submitting) and sends it. Resolves with the row after the first answer or
     * FIRST_ANSWER_WAIT_MS, whichever comes first; the follower carries on from there.
     * `journal` runs inside the caller's transaction work (the tender links the row to itself there).
     */
    async submit(p: {
      paymentId: string;
      code: string;
      scheme: CodeScheme;
      amount: number;
      purpose: 'sale' | 'member_topup';
      tenderId?: string;
      member?: { memberId: string; topupId: string };
      employeeId: string;
    }): Promise<CodePaymentRow> {
      const existing = d.journal.get(p.paymentId);
      if (existing) return existing; // the screen asked again: the same payment, never a second one
      const row = d.journal.insert({
        id: p.paymentId,
        purpose: p.purpose,
        tenderId: p.tenderId ?? null,
        memberId: p.member?.memberId ?? null,
        topupId: p.member?.topupId ?? null,
        method: codeMethodOf(p.scheme),
        amount: p.amount,
        codeMasked: maskCode(p.code),
        employeeId: p.employeeId,
        now: d.now(),
      });
      d.changed(row);
      codes.set(p.paymentId, p.code);
      const first = stepOnce(p.paymentId).then(() => schedule());
      await Promise.race([first, new Promise((r) => setTimeout(r, FIRST_ANSWER_WAIT_MS).unref?.())]);
      schedule();
      return d.journal.get(p.paymentId)!;
    },

    /** Ask about one payment now (the follower does it by itself; the screen may hurry it). */
    async refresh(id: string): Promise<CodePaymentRow | null> {
      await stepOnce(id);
      schedule();
      return d.journal.get(id);
    },

    /**
     * Abandons a payment: the money goes back (the cloud reverses a pending or unused paid payment). Durable at
     * once ('cancelling' in the journal); the request goes now and again until the cloud agrees. A payment
     * already settled without money (failed, cancelled) is left as it is. A used one cannot be cancelled.
     */
    async cancel(id: string, why?: string): Promise<CodePaymentRow> {
      const row = d.journal.get(id);
      if (!row) throw new AppError('NOT_FOUND', 'No such payment on this till');
      if (row.status === 'used')
        throw new AppError('CONFLICT', 'This payment paid a sale already: refund it instead', { reason: 'USED' });
      if (row.status === 'failed' || row.status === 'cancelled' || row.status === 'cancelling') return row;
      write(row, { status: 'cancelling', confirming: 0, ...(why ? { failure_message: why } : {}) });
      codes.delete(id);
      await stepOnce(id);
      schedule();
      return d.journal.get(id)!;
    },

    /** Marks a paid payment used (inside the transaction of its sale or top-up); `notify` tells the screens after. */
    use(id: string, ref: string, shiftId: string | null): void {
      d.journal.use(id, ref, shiftId, d.now());
      codes.delete(id);
    },
    notify(id: string): void {
      const row = d.journal.get(id);
      if (row) d.changed(row);
    },

    /** Runs every step that is due until nothing is left but paid payments (recovery at start), or throws OFFLINE. */
    async settleAll(): Promise<void> {
      for (;;) {
        const rows = d.journal.unsettled().filter((r) => r.status !== 'paid');
        if (rows.length === 0) return;
        await Promise.all(rows.map((r) => stepOnce(r.id)));
        const still = d.journal.unsettled().filter((r) => r.status !== 'paid');
        if (still.length === 0) return;
        if (!d.reachable())
          throw new AppError('OFFLINE', 'The cloud cannot be reached: payments from before the restart wait');
        await new Promise((r) => setTimeout(r, pollMs()).unref?.());
        if (closed) return;
      }
    },

    sweepOpen,
    schedule,
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      if (sweepTimer) clearTimeout(sweepTimer);
    },
    /** test support: the steps running now */
    settled: () => Promise.all([...inflight.values()]),
  };
}
export type CodePayments = ReturnType<typeof createCodePayments>;
