// Runtime: DOM. Where a return's money goes (退款去向), before and after the cashier presses 退货: each tender on a
// line — cash from the drawer, the member's card, or back to the customer's WeChat / Alipay / UnionPay through
// the provider (needs the cloud) — and, once asked, the flow of state/returnFlow.ts: asking, waiting for the
// cloud's answer, done (a code part processing or refunded), or failed with the provider's reason.
import { useTranslation } from 'react-i18next';
import type { ReturnView } from '../../../shared/api/contract';
import { isCodeMethod, type PaymentMethod } from '../../../shared/payments/methods';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { refundLines, refusalWords, type ReturnFlow } from '../../state/returnFlow';

/** The quote: where the money would go, before anything is written. */
export function RefundQuote({ refunds }: { refunds: { method: PaymentMethod; amount: number }[] }) {
  const { t } = useTranslation();
  return (
    <div className="small" data-testid="return-quote">
      <span className="muted">{t('changes.history.refundTo')}</span>
      {refunds.map((r, i) => (
        <div key={i} data-testid="return-quote-part" className={isCodeMethod(r.method) ? 'notice' : undefined}>
          {t(
            r.method === 'cash'
              ? 'changes.history.toCash'
              : r.method === 'member'
                ? 'changes.history.toMember'
                : isCodeMethod(r.method)
                  ? 'changes.history.toCode'
                  : 'changes.history.toOther',
            { method: t(`changes.method.${r.method}`), amount: money(r.amount) },
          )}
        </div>
      ))}
    </div>
  );
}

/** A cash part standing for a code refund the provider refused: which code, and why, in words. */
export function useCashInstead(): (
  amount: number,
  refused: { method: PaymentMethod; failure: string | null },
) => string {
  const { t, i18n } = useTranslation();
  return (amount, refused) =>
    t('changes.history.cashInstead', {
      amount: money(amount),
      method: t(`changes.method.${refused.method}`),
      why: refusalWords({ t: (k) => t(k), exists: (k) => i18n.exists(k) }, refused.failure),
    });
}

/** Each part of a committed return, with where a code part's refund stands. */
export function RefundParts({ ret }: { ret: ReturnView }) {
  const { t } = useTranslation();
  const cashInstead = useCashInstead();
  return (
    <ul className="small" data-testid="return-parts">
      {refundLines(ret.refunds).map((l, i) => (
        <li key={i} data-testid="return-part" data-state={l.kind === 'code' ? l.state : l.kind}>
          {l.kind === 'cash' &&
            !l.refused &&
            `${t('changes.method.cash')} ${money(l.amount)} · ${t('changes.history.cashGiven')}`}
          {l.kind === 'cash' && l.refused && (
            <>
              <span className="warn" data-testid="return-part-refused">
                {cashInstead(l.amount, l.refused)}
              </span>{' '}
              · {t('changes.history.cashGiven')}
            </>
          )}
          {l.kind === 'member' && t('changes.history.toMember', { amount: money(l.amount) })}
          {l.kind === 'other' &&
            t('changes.history.toOther', { method: t(`changes.method.${l.method}`), amount: money(l.amount) })}
          {l.kind === 'code' && (
            <>
              {t(`changes.method.${l.method}`)} {money(l.amount)} ·{' '}
              <strong className={l.state === 'failed' ? 'error-text' : l.state === 'processing' ? 'warn' : undefined}>
                {l.state === 'refunded'
                  ? t('changes.history.refunded')
                  : l.state === 'failed'
                    ? t('changes.history.refundFailed', { failure: l.failure ?? '' })
                    : t('changes.history.processing')}
              </strong>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The return in progress or just made; `approving`: the supervisor dialog is up and nothing has been asked yet. */
export function ReturnFlowPanel({
  flow,
  approving = false,
  onAskAgain,
}: {
  flow: ReturnFlow;
  approving?: boolean;
  onAskAgain: () => void;
}) {
  const { t } = useTranslation();
  switch (flow.kind) {
    case 'idle':
      return null;
    case 'asking':
      if (approving)
        return (
          <p className="notice" role="status" data-testid="return-flow" data-state="approving">
            {t('changes.history.approving')}
          </p>
        );
      return (
        <p className="notice" role="status" data-testid="return-flow" data-state="asking">
          {t(flow.toCode ? 'changes.history.askingCode' : 'changes.history.asking')}
        </p>
      );
    case 'waiting':
      return (
        <div className="notice" role="status" data-testid="return-flow" data-state="waiting">
          <p>{t('changes.history.waiting')}</p>
          <button type="button" className="ghost" data-testid="return-ask-again" onClick={onAskAgain}>
            {t('changes.history.askAgain')}
          </button>
        </div>
      );
    case 'done':
      return (
        <div className="notice" role="status" data-testid="return-flow" data-state="done">
          <p data-testid="history-message">
            {t('changes.history.done', { number: flow.ret.number, amount: money(flow.ret.total) })}
          </p>
          <RefundParts ret={flow.ret} />
        </div>
      );
    case 'failed':
      return (
        <p className="error" role="alert" data-testid="history-error">
          {errorText(flow.error)}
        </p>
      );
  }
}
