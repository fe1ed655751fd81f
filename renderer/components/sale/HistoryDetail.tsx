// Runtime: DOM. One sale opened in the history dialog: its lines (with what was returned and a return quantity per
// line), payments, earlier returns and where their code refunds stand, where the money of the lines chosen would
// go (RefundQuote), and the acts — 退货 with a reason, 作废 (the last sale, in its window) and 重打小票. State and
// effects are the dialog's (state/historyDialog.ts, state/useHistoryDialog.ts): this only shows and dispatches.
import type { Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail, ReturnView } from '../../../shared/api/contract';
import { isCodeMethod } from '../../../shared/payments/methods';
import { clockTime, money } from '../../format';
import { isBusy, returnsToCode, type HistoryEvent, type HistoryState } from '../../state/historyDialog';
import { RefundQuote, useCashInstead } from './ReturnRefunds';
import { ReturnReasonSelect } from './ReturnReasonSelect';

export interface DetailActs {
  returnLines: (toCode: boolean) => void;
  voidSale: (toCode: boolean) => void;
  reprint: () => void;
}

export function HistoryDetail({
  s,
  detail,
  lines,
  dispatch,
  acts,
}: {
  s: HistoryState;
  detail: OrderDetail;
  lines: { lineNo: number; qty: number }[];
  dispatch: Dispatch<HistoryEvent>;
  acts: DetailActs;
}) {
  const { t } = useTranslation();
  const busy = isBusy(s);
  const cashInstead = useCashInstead();
  const codeState = (x: ReturnView['refunds'][number]) =>
    x.status === 'succeeded'
      ? t('changes.history.refunded')
      : x.status === 'failed'
        ? t('changes.history.refundFailed', { failure: x.failure ?? '' })
        : t('changes.history.processing');
  return (
    <div className="history__detail" data-testid="history-detail">
      <div>
        <strong>{detail.number}</strong> · {clockTime(detail.createdAt)} · {detail.employeeName ?? '—'} ·{' '}
        <span data-testid="history-status">{t(`changes.status.${detail.status}`)}</span>
        {!detail.synced && <span className="muted small"> · {t('changes.history.unsent')}</span>}
      </div>
      <table className="cart">
        <tbody>
          {detail.lines.map((l) => (
            <tr key={l.lineNo}>
              <td>
                {l.name}
                {l.listPrice !== null && (
                  <div className="muted small">{t('changes.history.changedPrice', { list: money(l.listPrice) })}</div>
                )}
                {l.discount > 0 && <div className="muted small">-{money(l.discount)}</div>}
              </td>
              <td className="num">
                {l.qty}
                {l.returned > 0 && <div className="warn small">{t('changes.history.returned', { n: l.returned })}</div>}
              </td>
              <td className="num">{money(l.lineTotal)}</td>
              <td>
                {l.refundEach !== null && (
                  <input
                    className="history__qty"
                    data-testid="return-qty"
                    inputMode="numeric"
                    aria-label={t('changes.history.returnQty', { name: l.name })}
                    placeholder="0"
                    value={s.qty[l.lineNo] ?? ''}
                    onChange={(e) => dispatch({ type: 'qty', lineNo: l.lineNo, text: e.target.value })}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="muted small">
        {detail.payments.map((p) => `${t(`changes.method.${p.method}`)} ${money(p.amount)}`).join(' · ')}
        {detail.discount > 0 && ` · ${t('changes.history.discount', { amount: money(detail.discount) })}`}
      </div>
      {detail.returns.map((r) => (
        <div key={r.id} className="small" data-testid="history-return">
          {r.number} · {t(`changes.reason.${r.reason}`)} · -{money(r.total)}
          {r.refunds
            .filter((x) => isCodeMethod(x.method))
            .map((x) => ` · ${t(`changes.method.${x.method}`)} ${codeState(x)}`)}
          {r.refunds.map(
            (x, i) =>
              x.refused && (
                <span key={i} className="warn" data-testid="history-return-refused">
                  {' · '}
                  {cashInstead(x.amount, x.refused)}
                </span>
              ),
          )}
          {r.supervisorName && ` · ${t('changes.history.approvedBy', { name: r.supervisorName })}`}
        </div>
      ))}
      {s.quote && <RefundQuote refunds={s.quote} />}
      <div className="history__actions">
        <ReturnReasonSelect
          testId="return-reason"
          value={s.reason}
          onChange={(reason) => dispatch({ type: 'reason', reason })}
        />
        <button
          type="button"
          className="primary"
          data-testid="return-submit"
          disabled={lines.length === 0 || busy}
          onClick={() => acts.returnLines(returnsToCode(s))}
        >
          {t('changes.history.return')}
        </button>
        <button
          type="button"
          className="ghost"
          data-testid="void-submit"
          disabled={!detail.voidable || busy}
          title={detail.voidable ? undefined : t('changes.history.notVoidable')}
          onClick={() => acts.voidSale(detail.payments.some((p) => isCodeMethod(p.method)))}
        >
          {t('changes.history.void')}
        </button>
        <button type="button" className="ghost" data-testid="history-reprint" onClick={acts.reprint}>
          {t('changes.history.reprint')}
        </button>
      </div>
    </div>
  );
}
