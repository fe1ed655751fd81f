// Runtime: DOM (pure; tested in returnFlow.test.ts). A return at the history dialog (退货 / 作废), as the cashier
// sees it: asking (the till is writing it, or asking WeChat / Alipay / UnionPay for the code part's refund
// through the cloud), waiting (the cloud's answer was lost: the till keeps asking and the return completes by
// itself), done (committed; a code part may still be processing at the provider until it is refunded), or
// failed (nothing was returned; the reason is shown). Polling (sale.returnRefresh) runs while pollTarget names a
// return; what a poll answers moves the flow on here.
import type { ReturnView } from '../../shared/api/contract';
import { isCodeMethod } from '../../shared/payments/methods';

export type ReturnFlow =
  | { kind: 'idle' }
  | { kind: 'asking'; toCode: boolean }
  | { kind: 'waiting'; returnId: string }
  | { kind: 'done'; ret: ReturnView }
  | { kind: 'failed'; error: unknown };

export type ReturnEvent =
  | { type: 'submit'; toCode: boolean }
  | { type: 'answer'; ret: ReturnView }
  | { type: 'error'; error: unknown }
  /** what a poll of the return answered: a view, or an error */
  | { type: 'polled'; ret?: ReturnView; error?: unknown }
  | { type: 'reset' };

const codeOf = (e: unknown): string | undefined =>
  e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
const returnIdOf = (e: unknown): string | undefined => {
  const d = (e as { details?: { returnId?: unknown } } | null)?.details;
  return typeof d?.returnId === 'string' ? d.returnId : undefined;
};

export function returnFlow(s: ReturnFlow, e: ReturnEvent): ReturnFlow {
  switch (e.type) {
    case 'reset':
      return { kind: 'idle' };
    case 'submit':
      return s.kind === 'asking' || s.kind === 'waiting' ? s : { kind: 'asking', toCode: e.toCode };
    case 'answer':
      return { kind: 'done', ret: e.ret };
    case 'error': {
      const id = returnIdOf(e.error);
      if (codeOf(e.error) === 'REFUND_WAITING' && id) return { kind: 'waiting', returnId: id };
      return { kind: 'failed', error: e.error };
    }
    case 'polled':
      if (e.ret) return s.kind === 'waiting' || s.kind === 'done' ? { kind: 'done', ret: e.ret } : s;
      // a refusal settles a waiting return; anything else (offline, still no answer) keeps it waiting
      if (s.kind === 'waiting' && codeOf(e.error) === 'REFUND_FAILED') return { kind: 'failed', error: e.error };
      return s;
  }
}

/** The return to ask about again: one still waiting for the cloud, or one with a part still processing. */
export function pollTarget(s: ReturnFlow): string | null {
  if (s.kind === 'waiting') return s.returnId;
  if (s.kind === 'done' && s.ret.refunds.some((r) => r.status === 'pending')) return s.ret.id;
  return null;
}

/** How a return's money goes back, one line per tender, for the cashier to say it out loud. */
export type RefundLine =
  /** refused: the payment-code refund this cash stands for, which the provider refused (and why) */
  | {
      kind: 'cash';
      amount: number;
      refused: { method: ReturnView['refunds'][number]['method']; failure: string | null } | null;
    }
  | { kind: 'member'; amount: number }
  | {
      kind: 'code';
      method: ReturnView['refunds'][number]['method'];
      amount: number;
      state: 'processing' | 'refunded' | 'failed';
      failure: string | null;
    }
  | { kind: 'other'; method: ReturnView['refunds'][number]['method']; amount: number };

export function refundLines(refunds: ReturnView['refunds']): RefundLine[] {
  return refunds.map((r) => {
    if (r.method === 'cash') return { kind: 'cash', amount: r.amount, refused: r.refused ?? null };
    if (r.method === 'member') return { kind: 'member', amount: r.amount };
    if (isCodeMethod(r.method))
      return {
        kind: 'code',
        method: r.method,
        amount: r.amount,
        state: r.status === 'succeeded' ? 'refunded' : r.status === 'failed' ? 'failed' : 'processing',
        failure: r.failure ?? null,
      };
    return { kind: 'other', method: r.method, amount: r.amount };
  });
}

/**
 * A provider's refusal in words: the cloud keeps it as "CODE: the provider's message" (WeChat
 * USER_ACCOUNT_ABNORMAL, Alipay ACQ.BUYER_ERROR, …). A code the screen knows reads as changes.refusal.<CODE>
 * (dots as underscores) in the cashier's language; any other shows the provider's own words as they came.
 */
export function refusalWords(
  tr: { t: (key: string) => string; exists: (key: string) => boolean },
  failure: string | null,
): string {
  if (!failure) return tr.t('changes.refusal.unknown');
  const code = /^([A-Z][A-Z0-9_.]*):/.exec(failure)?.[1];
  const key = code ? `changes.refusal.${code.replace(/\./g, '_')}` : null;
  return key && tr.exists(key) ? tr.t(key) : failure;
}
