// Long on purpose: one state machine (the diagram below); its transitions read best in one place, and the provider
// calls are in providers/.
// Runtime: Node. The payment-code state machine. One payment, one row, forever:
//
//   submit ──► pending ──paid──────────────────────────► paid ──(till cancels, unused)──► reversing ──► cancelled
//                │  ├─ definite refusal ───────────────► failed (reason)
//                │  ├─ confirming / unknown / absent ──► (query again every pollIntervalMs: durable job)
//                │  └─ confirm deadline passed ─────────► reversing ──reverse done──► failed (customer_timeout |
//                └─ till cancels ──────────────────────► reversing                              provider_unreachable)
//
// Invariants:
//  - the row and its first follow-up job commit together, BEFORE the provider is called: a crash after the
//    call still gets the outcome asked for (query), never lost;
//  - 'failed' after a wait is written only after the provider confirmed the reversal — a customer who typed
//    their password a second too late gets their money back, never a charge the till thinks failed;
//  - a transition applies only to a row still in the status the caller saw (locked, re-checked), so a slow
//    submit and a follow-up, or two cloud processes, never both move it;
//  - a paid payment used by an order or top-up is never reversed; money goes back only by a refund;
//  - a refund's first step runs inside the till's request: a refusal there is the till's answer (the cashier pays
//    back in cash). A failure in any later step (the job) comes after the till was told 'pending' and committed
//    the return: it is marked failed_late_at and handed to onLateRefundFailure (the owner's alert) after commit.
import type { PaymentSubmit, PaymentView, RefundView } from '../../shared/payments/wire';
import { outRefundNoOf, outTradeNoOf } from '../../shared/payments/wire';
import { codeMethodOf } from '../../shared/payments/methods';
import { maskCode, schemeOfCode } from '../../shared/payments/schemes';
import { AppError } from '../../shared/errors';
import type { CloudDb, Queryable } from '../db/types';
import type { JobQueue } from '../jobs/queue';
import { canonicalJson, sha256Hex } from '../catalog/canonical-json';
import { merchantRows, providerOf, type Gateways, type MerchantRow } from './merchants';
import type { PayOutcome, PaymentProvider, RefundRequest } from './providers/types';
import {
  event,
  getPayment,
  getRefund,
  insertPayment,
  paymentView,
  refundView,
  transition,
  type PaymentRow,
  type RefundRow,
} from './repository';

export const FOLLOW_UP_QUEUE = 'payments.followup';
export const REFUND_QUEUE = 'payments.refund';

export interface PaymentSettings {
  /** seals merchant keys (PAYMENT_CONFIG_KEY) */
  key: Buffer;
  gateways: Gateways;
  /** how often a pending payment is asked about again (and the till polls) */
  pollIntervalMs: number;
  /** how long a customer may take to confirm (or an unknown outcome may stay unknown) before the reversal */
  confirmLimitMs: number;
}

export const DEFAULT_PAYMENT_SETTINGS = { pollIntervalMs: 3_000, confirmLimitMs: 45_000, timeoutMs: 10_000 } as const;

export class PaymentEngine {
  readonly #db: CloudDb;
  readonly #queue: JobQueue;
  readonly #s: PaymentSettings;
  readonly #now: () => number;
  readonly #providers = new Map<string, { stamp: string; provider: PaymentProvider | null }>();
  /** told (after the commit) of each refund that failed after the till was told it was accepted */
  onLateRefundFailure: (refundId: string) => Promise<void> = async () => undefined;

  constructor(db: CloudDb, queue: JobQueue, settings: PaymentSettings, now: () => number) {
    this.#db = db;
    this.#queue = queue;
    this.#s = settings;
    this.#now = now;
  }

  get settings(): PaymentSettings {
    return this.#s;
  }

  /** The adapter of an outlet's merchant account at a provider (cached until the account changes). */
  async provider(outletId: string, providerId: string, q: Queryable = this.#db): Promise<PaymentProvider | null> {
    const row = (await merchantRows(q, outletId)).find((r) => r.provider === providerId);
    return row ? this.#adapter(row) : null;
  }

  #adapter(row: MerchantRow): PaymentProvider | null {
    const k = `${row.outlet_id}:${row.provider}`;
    const stamp = `${Number(row.updated_at)}:${row.config_sealed}`;
    const hit = this.#providers.get(k);
    if (hit && hit.stamp === stamp) return hit.provider;
    const provider = providerOf(row, this.#s.key, this.#s.gateways);
    this.#providers.set(k, { stamp, provider });
    return provider;
  }

  // ---- submit ----

  async submit(
    device: { id: string; outlet_id: string },
    body: PaymentSubmit,
    outletName: string,
  ): Promise<PaymentView> {
    const scheme = schemeOfCode(body.code);
    if (!scheme) throw new AppError('VALIDATION', 'Invalid input: code is not a payment code');
    const hash = sha256Hex(canonicalJson({ ...body, deviceId: device.id }));
    const rows = await merchantRows(this.#db, device.outlet_id);
    const merchant = rows.find((r) => r.schemes.includes(scheme));
    const existing = await getPayment(this.#db, body.paymentId);
    if (existing) return this.#repeat(existing, hash);
    if (!merchant)
      throw new AppError('PAYMENT_NOT_CONFIGURED', `This outlet takes no ${scheme} payment codes`, { scheme });
    const provider = this.#adapter(merchant);
    if (!provider)
      throw new AppError(
        'PAYMENT_NOT_CONFIGURED',
        `The ${merchant.provider} merchant keys of this outlet cannot be read`,
        { scheme },
      );
    const now = this.#now();
    const outTradeNo = outTradeNoOf(body.paymentId);
    const description = body.description ?? outletName;
    const fresh = await this.#db.tx(async (q) => {
      const { rows: staff } = await q.query('SELECT 1 FROM employees WHERE id = $1 AND org_id = $2', [
        body.employeeId,
        device.outlet_id,
      ]);
      if (staff.length === 0) throw new AppError('FORBIDDEN', 'employeeId does not belong to this device’s outlet');
      const inserted = await insertPayment(q, {
        id: body.paymentId,
        out_trade_no: outTradeNo,
        outlet_id: device.outlet_id,
        device_id: device.id,
        employee_id: body.employeeId,
        payload_sha256: hash,
        scheme,
        method: codeMethodOf(scheme),
        provider: merchant.provider,
        purpose: body.purpose,
        amount: body.amountFen,
        description: description.slice(0, 127),
        code_masked: maskCode(body.code),
        confirm_deadline: now + this.#s.confirmLimitMs,
        created_at: now,
      });
      // The follow-up exists iff the row does: whatever happens to this process from here, the outcome is asked for.
      if (inserted) await this.#followUp(body.paymentId, this.#s.pollIntervalMs, q);
      return inserted;
    });
    if (!fresh) return this.#repeat((await getPayment(this.#db, body.paymentId))!, hash);

    const outcome = await provider.pay({
      outTradeNo,
      authCode: body.code,
      amountFen: body.amountFen,
      description,
      storeId: device.outlet_id.replace(/-/g, '').slice(0, 32),
      terminalId: device.id,
      scheme,
    });
    return this.#db.tx(async (q) => {
      const p = (await getPayment(q, body.paymentId, true))!;
      if (!p.submitted)
        await transition(q, p, { submitted: true }, 'submit', `provider answered ${outcome.kind}`, this.#now());
      await this.#apply(q, p, outcome, 'submit');
      return paymentView(p);
    });
  }

  /** The same payment again (a retry after a lost answer): its state now; another body is a conflict. */
  #repeat(p: PaymentRow, hash: string): PaymentView {
    if (p.payload_sha256 !== hash)
      throw new AppError('CONFLICT', 'A payment with this paymentId was already submitted with other details', {
        paymentId: p.id,
      });
    return paymentView(p);
  }

  /** Applies a provider's answer to a pending payment (anything else has moved on and is left alone). */
  async #apply(q: Queryable, p: PaymentRow, o: PayOutcome, source: 'submit' | 'query'): Promise<void> {
    if (p.status !== 'pending') return;
    const now = this.#now();
    switch (o.kind) {
      case 'paid':
        await transition(
          q,
          p,
          { status: 'paid', provider_trade_no: o.providerTradeNo, paid_at: o.paidAt, customer_confirming: false },
          source,
          `paid ${o.amountFen} fen, ${o.providerTradeNo}${o.amountFen !== Number(p.amount) ? ` (AMOUNT DIFFERS from ${p.amount})` : ''}`,
          now,
        );
        if (p.cancel_requested) await this.#enterReversing(q, p, 'cancelled');
        return;
      case 'failed':
        await transition(
          q,
          p,
          {
            status: 'failed',
            failure_reason: o.reason,
            failure_code: o.code,
            failure_message: o.message,
            customer_confirming: false,
          },
          source,
          `refused ${o.code}: ${o.message}`,
          now,
        );
        return;
      case 'confirming':
        if (!p.customer_confirming)
          await transition(
            q,
            p,
            { customer_confirming: true },
            source,
            'the customer is confirming on their phone',
            now,
          );
        return;
      default:
        await event(
          q,
          p.id,
          p.status,
          p.status,
          source,
          o.kind === 'absent' ? 'provider has no such trade (yet)' : `unknown ${o.code}: ${o.message}`,
          now,
        );
    }
  }

  #followUp(paymentId: string, afterMs: number, q?: Queryable): Promise<string | null> {
    return this.#queue.send(FOLLOW_UP_QUEUE, { paymentId }, { singletonKey: paymentId, afterMs }, q);
  }

  async #enterReversing(
    q: Queryable,
    p: PaymentRow,
    reason: 'customer_timeout' | 'provider_unreachable' | 'cancelled',
  ): Promise<void> {
    await transition(
      q,
      p,
      { status: 'reversing', reverse_reason: reason },
      reason === 'cancelled' ? 'cancel' : 'query',
      `reversing: ${reason}`,
      this.#now(),
    );
  }

  // ---- the durable follow-up (job handler) ----

  /** One step for a payment: query while pending, give up at the deadline, reverse until the provider agrees. */
  async followUp(paymentId: string): Promise<void> {
    const p = await getPayment(this.#db, paymentId);
    if (!p || p.status === 'failed' || p.status === 'cancelled' || p.status === 'paid') return;
    const provider = await this.provider(p.outlet_id, p.provider);
    if (!provider) {
      // the merchant account went away or cannot be read: keep trying (the money may be at the provider)
      await this.#followUp(p.id, Math.min(300_000, this.#s.pollIntervalMs * 10));
      return;
    }
    if (p.status === 'pending') {
      if (this.#now() >= Number(p.confirm_deadline)) {
        await this.#db.tx(async (q) => {
          const locked = await getPayment(q, paymentId, true);
          if (locked?.status === 'pending')
            await this.#enterReversing(
              q,
              locked,
              locked.customer_confirming ? 'customer_timeout' : 'provider_unreachable',
            );
        });
      } else {
        const outcome = await provider.query(p.out_trade_no);
        const still = await this.#db.tx(async (q) => {
          const locked = (await getPayment(q, paymentId, true))!;
          await q.query('UPDATE payments SET queries = queries + 1 WHERE id = $1', [paymentId]);
          await this.#apply(q, locked, outcome, 'query');
          return locked.status === 'pending';
        });
        if (still) await this.#followUp(paymentId, this.#s.pollIntervalMs);
        return;
      }
    }
    await this.#reverseStep(paymentId, provider);
  }

  async #reverseStep(paymentId: string, provider: PaymentProvider): Promise<void> {
    const p = await getPayment(this.#db, paymentId);
    if (p?.status !== 'reversing') return;
    const r = await provider.reverse(p.out_trade_no);
    const retryIn = await this.#db.tx(async (q) => {
      const locked = await getPayment(q, paymentId, true);
      if (locked?.status !== 'reversing') return null;
      const now = this.#now();
      if (r.kind === 'done') {
        const reason = locked.reverse_reason ?? 'provider_unreachable';
        await transition(
          q,
          locked,
          {
            status: reason === 'cancelled' ? 'cancelled' : 'failed',
            failure_reason: reason,
            failure_code: null,
            failure_message:
              reason === 'cancelled' ? 'cancelled by the till; reversed at the provider' : 'reversed at the provider',
            customer_confirming: false,
          },
          'reverse',
          'reversal confirmed by the provider',
          now,
        );
        return null;
      }
      await transition(
        q,
        locked,
        { reverse_attempts: locked.reverse_attempts + 1 },
        'reverse',
        `reversal not done ${r.code}: ${r.message}`,
        now,
      );
      return Math.min(300_000, this.#s.pollIntervalMs * 2 ** Math.min(locked.reverse_attempts, 8));
    });
    if (retryIn !== null) await this.#followUp(paymentId, retryIn);
  }

  // ---- the till abandons a sale ----

  async cancel(device: { id: string; outlet_id: string }, paymentId: string): Promise<PaymentView> {
    const view = await this.#db.tx(async (q) => {
      const p = await getPayment(q, paymentId, true);
      if (!p || p.outlet_id !== device.outlet_id) throw new AppError('NOT_FOUND', 'Unknown payment');
      if (p.used_kind)
        throw new AppError(
          'CONFLICT',
          `This payment paid ${p.used_kind} ${p.used_ref}; give the money back with a refund`,
          {
            usedBy: { kind: p.used_kind, ref: p.used_ref },
          },
        );
      if (p.status === 'failed' || p.status === 'cancelled' || p.status === 'reversing') return paymentView(p);
      await transition(q, p, { cancel_requested: true }, 'cancel', 'the till abandoned the sale', this.#now());
      await this.#enterReversing(q, p, 'cancelled');
      await this.#followUp(p.id, 0, q);
      return paymentView(p);
    });
    if (view.status !== 'reversing') return view;
    // Reverse now, so the answer is usually already final; the job finishes it otherwise.
    const p = (await getPayment(this.#db, paymentId))!;
    const provider = await this.provider(p.outlet_id, p.provider);
    if (provider) await this.#reverseStep(paymentId, provider).catch(() => undefined);
    return paymentView((await getPayment(this.#db, paymentId))!);
  }

  // ---- refunds ----

  async refund(
    device: { id: string; outlet_id: string },
    paymentId: string,
    body: { refundId: string; amountFen: number; reason: string },
  ): Promise<{ refund: RefundView; payment: PaymentView }> {
    const hash = sha256Hex(canonicalJson({ ...body, paymentId }));
    const fresh = await this.#db.tx(async (q) => {
      const before = await getRefund(q, body.refundId);
      if (before) {
        if (before.payload_sha256 !== hash)
          throw new AppError('CONFLICT', 'A refund with this refundId was already asked for with other details');
        return false;
      }
      const p = await getPayment(q, paymentId, true);
      if (!p || p.outlet_id !== device.outlet_id) throw new AppError('NOT_FOUND', 'Unknown payment');
      if (p.status !== 'paid') throw new AppError('PAYMENT_NOT_PAID', `This payment is ${p.status}: nothing to refund`);
      if (Number(p.refunded) + body.amountFen > Number(p.amount))
        throw new AppError(
          'CONFLICT',
          `At most ${Number(p.amount) - Number(p.refunded)} fen of this payment can still be refunded`,
          {
            refundableFen: Number(p.amount) - Number(p.refunded),
          },
        );
      const now = this.#now();
      await q.query(
        `INSERT INTO payment_refunds (id, payment_id, out_refund_no, amount, reason, payload_sha256, status, device_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $8)`,
        [body.refundId, paymentId, outRefundNoOf(body.refundId), body.amountFen, body.reason, hash, device.id, now],
      );
      // the amount is held against the payment while the refund is pending, so two refunds never exceed it
      await transition(
        q,
        p,
        { refunded: Number(p.refunded) + body.amountFen },
        'refund',
        `refund ${body.refundId} of ${body.amountFen} fen asked`,
        now,
      );
      await this.#queue.send(
        REFUND_QUEUE,
        { refundId: body.refundId },
        { singletonKey: body.refundId, afterMs: this.#s.pollIntervalMs },
        q,
      );
      return true;
    });
    if (fresh) await this.refundStep(body.refundId, true).catch(() => undefined);
    const r = (await getRefund(this.#db, body.refundId))!;
    if (r.payment_id !== paymentId) throw new AppError('CONFLICT', 'This refundId belongs to another payment');
    return { refund: refundView(r), payment: paymentView((await getPayment(this.#db, paymentId))!) };
  }

  /** One step of a pending refund: ask (first time, or again after an unknown), or look (after 'processing').
   *  `inTillRequest`: the step inside the till's own request, whose outcome the till sees. */
  async refundStep(refundId: string, inTillRequest = false): Promise<void> {
    const r = await getRefund(this.#db, refundId);
    if (r?.status !== 'pending') return;
    const p = (await getPayment(this.#db, r.payment_id))!;
    const provider = await this.provider(p.outlet_id, p.provider);
    const req: RefundRequest = {
      outTradeNo: p.out_trade_no,
      outRefundNo: r.out_refund_no,
      refundFen: Number(r.amount),
      totalFen: Number(p.amount),
      reason: r.reason,
    };
    let outcome = provider
      ? r.attempts === 0
        ? await provider.refund(req)
        : await provider.queryRefund(req)
      : ({ kind: 'unknown', code: 'NO_PROVIDER', message: 'merchant account unavailable' } as const);
    if (provider && r.attempts > 0 && outcome.kind === 'unknown') outcome = await provider.refund(req);
    const again = await this.#db.tx(async (q): Promise<boolean | 'failed_late'> => {
      const locked = (await getRefund(q, refundId, true))!;
      if (locked.status !== 'pending') return false;
      const now = this.#now();
      const bump = (status: RefundRow['status'], failure: string | null, no: string | null) =>
        q.query(
          'UPDATE payment_refunds SET status = $2, failure = $3, provider_refund_no = coalesce($4, provider_refund_no), attempts = attempts + 1, updated_at = $5 WHERE id = $1',
          [refundId, status, failure, no, now],
        );
      if (outcome.kind === 'succeeded') {
        await bump('succeeded', null, outcome.providerRefundNo);
        await event(q, p.id, p.status, p.status, 'refund', `refund ${refundId} succeeded`, now);
        return false;
      }
      if (outcome.kind === 'failed') {
        await bump('failed', `${outcome.code}: ${outcome.message}`.slice(0, 300), null);
        if (!inTillRequest)
          await q.query('UPDATE payment_refunds SET failed_late_at = $2 WHERE id = $1', [refundId, now]);
        const pay = (await getPayment(q, p.id, true))!;
        await transition(
          q,
          pay,
          { refunded: Number(pay.refunded) - Number(locked.amount) },
          'refund',
          `refund ${refundId} failed${inTillRequest ? '' : ' after it was accepted'}: ${outcome.code}`,
          now,
        );
        return inTillRequest ? false : 'failed_late';
      }
      await bump('pending', null, outcome.kind === 'processing' ? outcome.providerRefundNo : null);
      return true;
    });
    if (again === 'failed_late') {
      await this.onLateRefundFailure(refundId);
      return;
    }
    if (again)
      await this.#queue.send(
        REFUND_QUEUE,
        { refundId },
        { singletonKey: refundId, afterMs: Math.min(300_000, this.#s.pollIntervalMs * 2 ** Math.min(r.attempts, 8)) },
      );
  }
}
