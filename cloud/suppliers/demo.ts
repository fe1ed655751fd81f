// Runtime: Node. A demo supplier that behaves like the cheap sources of the real platform: most orders
// succeed after some latency, some fail outright, some fail later, some never answer (卡单), and some
// report success although the customer got nothing (假充; its reconciliation query later admits 'failed').
// Utility bills (水电煤, paid to an account number) are fulfilled exactly like top-ups.
// Deterministic under a seed: an order's fate depends only on (seed, orderId), never on call order.
// Callbacks are queued with their due time; whoever drives the clock drains them (drainCallbacks) and
// delivers them to the cloud's callback handler, as the supplier's HTTP callbacks would arrive.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { zText } from '../../shared/text';
import { validationError } from '../../shared/errors';
import type { SupplierAdapter, SupplierAnswer, SupplierCallback, SupplierOrderRequest } from './adapter';

export type DemoFate = 'success' | 'failed' | 'outright_failure' | 'stuck' | 'false_success' | 'network_error';

export interface DemoSupplierOptions {
  seed?: number;
  /** probabilities of each fate; the rest is 'success' */
  failRate?: number;
  outrightFailureRate?: number;
  stuckRate?: number;
  falseSuccessRate?: number;
  networkErrorRate?: number;
  /** callback delay in ms; 0 answers success/failure synchronously from submit */
  latencyMs?: number;
  /** the clock (ms) used to stamp callbacks' due times */
  now?: () => number;
  /** fixes an order's fate (tests); wins over the rates */
  fateOf?: (req: SupplierOrderRequest) => DemoFate | undefined;
  callbackSecret?: string;
}

interface DemoOrder {
  req: SupplierOrderRequest;
  fate: DemoFate;
  ref: string;
  cardCode?: string;
}

export const zDemoSupplierCallback = z.object({
  callbackId: zText().min(1).max(128),
  orderId: z.uuid(),
  supplierRef: zText().min(1).max(64),
  status: z.enum(['success', 'failed']),
  reason: zText().max(200).optional(),
  cardCode: zText().max(200).optional(),
});

export class DemoSupplier implements SupplierAdapter {
  readonly callbackSecret: string;
  private readonly orders = new Map<string, DemoOrder>();
  private queue: { due: number; cb: SupplierCallback }[] = [];
  private cbSeq = 0;

  constructor(private readonly opts: DemoSupplierOptions = {}) {
    this.callbackSecret = opts.callbackSecret ?? randomBytes(16).toString('hex');
  }

  /** A number in [0, 1) from (seed, orderId): the order's fate does not depend on call order. */
  private roll(orderId: string): number {
    const h = createHash('sha256')
      .update(`${this.opts.seed ?? 0}:${orderId}`)
      .digest();
    return h.readUInt32BE(0) / 2 ** 32;
  }

  fateFor(req: SupplierOrderRequest): DemoFate {
    const fixed = this.opts.fateOf?.(req);
    if (fixed) return fixed;
    let x = this.roll(req.orderId);
    const rates: [DemoFate, number][] = [
      ['failed', this.opts.failRate ?? 0.03],
      ['outright_failure', this.opts.outrightFailureRate ?? 0.02],
      ['stuck', this.opts.stuckRate ?? 0.02],
      ['false_success', this.opts.falseSuccessRate ?? 0.01],
      ['network_error', this.opts.networkErrorRate ?? 0],
    ];
    for (const [fate, p] of rates) {
      if (x < p) return fate;
      x -= p;
    }
    return 'success';
  }

  async submit(req: SupplierOrderRequest): Promise<SupplierAnswer> {
    let o = this.orders.get(req.orderId);
    if (!o) {
      const fate = this.fateFor(req);
      if (fate === 'network_error') {
        // The request "reached" the supplier but the answer was lost: it is known there from now on as a success.
        this.orders.set(req.orderId, { req, fate: 'success', ref: this.refFor(req.orderId), cardCode: this.card(req) });
        throw new Error('demo supplier: connection reset');
      }
      o = { req, fate, ref: this.refFor(req.orderId), cardCode: this.card(req) };
      this.orders.set(req.orderId, o);
      if (fate === 'outright_failure')
        return { status: 'failed', supplierRef: o.ref, reason: '供货商拒单：号码或面值暂不支持' };
      if (fate !== 'stuck') {
        const status = fate === 'failed' ? 'failed' : 'success';
        if ((this.opts.latencyMs ?? 0) === 0) return this.answer(o, status);
        this.queue.push({ due: this.now() + (this.opts.latencyMs ?? 0), cb: this.callback(o, status) });
      }
    }
    return { status: 'processing', supplierRef: o.ref };
  }

  async query(orderId: string): Promise<SupplierAnswer | { status: 'unknown' }> {
    const o = this.orders.get(orderId);
    if (!o) return { status: 'unknown' };
    switch (o.fate) {
      case 'stuck':
        return { status: 'processing', supplierRef: o.ref };
      case 'failed':
      case 'outright_failure':
        return { status: 'failed', supplierRef: o.ref, reason: '充值失败' };
      case 'false_success':
        // Reconciliation tells the truth: the carrier never credited the number.
        return { status: 'failed', supplierRef: o.ref, reason: '对账：运营商未到账' };
      default:
        return this.answer(o, 'success');
    }
  }

  parseCallback(body: unknown): SupplierCallback {
    const p = zDemoSupplierCallback.safeParse(body);
    if (!p.success) throw validationError(p.error, 'supplier callback');
    return p.data;
  }

  /** Callbacks due by `now` (removed from the queue), in due order. */
  drainCallbacks(now = this.now()): SupplierCallback[] {
    const due = this.queue.filter((q) => q.due <= now).sort((a, b) => a.due - b.due);
    this.queue = this.queue.filter((q) => q.due > now);
    return due.map((d) => d.cb);
  }

  /** Makes a stuck order answer at last (tests; a real one comes back days later). */
  release(orderId: string, status: 'success' | 'failed'): SupplierCallback | undefined {
    const o = this.orders.get(orderId);
    if (!o) return undefined;
    o.fate = status;
    return this.callback(o, status);
  }

  /** The HMAC the callback route expects for a raw body. */
  sign(rawBody: string): string {
    return createHmac('sha256', this.callbackSecret).update(rawBody).digest('hex');
  }

  private answer(o: DemoOrder, status: 'success' | 'failed'): SupplierAnswer {
    return status === 'success'
      ? { status, supplierRef: o.ref, ...(o.cardCode ? { cardCode: o.cardCode } : {}) }
      : { status, supplierRef: o.ref, reason: '充值失败' };
  }

  private callback(o: DemoOrder, status: 'success' | 'failed'): SupplierCallback {
    this.cbSeq += 1;
    return {
      callbackId: `cb-${o.ref}-${this.cbSeq}`,
      orderId: o.req.orderId,
      supplierRef: o.ref,
      status,
      ...(status === 'failed' ? { reason: '充值失败' } : {}),
      ...(status === 'success' && o.cardCode ? { cardCode: o.cardCode } : {}),
    };
  }

  private card(req: SupplierOrderRequest): string | undefined {
    if (req.kind !== 'gamecard') return undefined;
    const h = createHash('sha256')
      .update(`card:${this.opts.seed ?? 0}:${req.orderId}`)
      .digest('hex')
      .toUpperCase();
    return `${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}`;
  }

  /** The supplier's own order number: stable per order, unique across restarts of the demo. */
  private refFor(orderId: string): string {
    return `DX${createHash('sha256').update(`ref:${orderId}`).digest('hex').slice(0, 16).toUpperCase()}`;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
