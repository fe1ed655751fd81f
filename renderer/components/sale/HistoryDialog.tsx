// Runtime: DOM. Order history (历史订单) at the till: search by receipt number (the scanner reads the receipt's
// QR code into the box: a receipt of any day opens at once), or filter (HistoryFilters: the day — today by
// default — amount, member, product, status); a sale's lines, payments, returns and status (HistoryDetail);
// reprint it; return some of it (退货) or void the last sale (作废). Returns and voids beyond the cashier's role or
// limit are approved by a supervisor on this screen (useOverride). Before the cashier presses 退货 the dialog says
// where the money goes (sale.returnQuote); a part going back to a payment code is asked through the cloud, and
// the return's progress shows in ReturnRefunds.tsx. The 充值缴费 list shows top-ups, game cards and bills with
// their state and prints their 凭条 (VirtualHistory). The state is a reducer (state/historyDialog.ts) and its
// effects a hook (state/useHistoryDialog.ts); this file only lays them out.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clockTime, money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { isBusy } from '../../state/historyDialog';
import { useOverride } from '../../state/useOverride';
import { useEscapeToClose } from '../../state/useEscapeToClose';
import { useHistoryDialog } from '../../state/useHistoryDialog';
import { HistoryDetail } from './HistoryDetail';
import { HistoryFilters } from './HistoryFilters';
import { ReceiptlessReturn } from './ReceiptlessReturn';
import { ReturnFlowPanel } from './ReturnRefunds';
import { VirtualHistory } from './VirtualHistory';

export function HistoryDialog({ onClose }: { onClose: () => void }) {
  useEscapeToClose(onClose);
  const { t } = useTranslation();
  const pos = usePos();
  const { withOverride, dialog, pending } = useOverride();
  const { s, dispatch, lines, search, switchList, open, act, askAgain } = useHistoryDialog(withOverride);
  const detail = s.detail;
  // 无单退货 replaces the lists while it is open (the flow and messages below serve both)
  const [receiptless, setReceiptless] = useState(false);

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="history-title" data-testid="history-dialog">
      <div className="modal__body card history">
        <h2 id="history-title">{t('changes.history.title')}</h2>
        {receiptless && (
          <ReceiptlessReturn
            busy={isBusy(s)}
            onSubmit={({ lines, reason }) =>
              act(false, (overrideId) =>
                pos.call('sale.return', { lines, reason, ...(overrideId ? { overrideId } : {}) }),
              )
            }
          />
        )}
        {!receiptless && (
          <>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void search(s.query);
              }}
            >
              <input
                autoFocus
                data-testid="history-search"
                aria-label={t('changes.history.search')}
                placeholder={t(s.list === 'goods' ? 'changes.history.search' : 'changes.history.virtual.search')}
                value={s.query}
                onChange={(e) => dispatch({ type: 'query', text: e.target.value })}
              />
            </form>
            <HistoryFilters
              list={s.list}
              onList={switchList}
              filter={s.filter}
              onFilter={(filter) => dispatch({ type: 'filter', filter })}
              problem={s.problem}
              onApply={() => void search(s.query)}
            />
          </>
        )}
        {s.list === 'virtual' && !receiptless && (
          <VirtualHistory
            orders={s.virtual.orders}
            offline={s.virtual.offline}
            onMessage={(text) => {
              dispatch({ type: 'error', text: null });
              dispatch({ type: 'message', text });
            }}
            onError={(text) => dispatch({ type: 'error', text })}
          />
        )}
        <div className="history__panes" hidden={s.list !== 'goods' || receiptless}>
          <ul className="history__list">
            {s.orders.map((o) => (
              <li key={o.id}>
                <button
                  type="button"
                  className={detail?.id === o.id ? 'ghost on' : 'ghost'}
                  data-testid="history-order"
                  onClick={() => void open(o.id)}
                >
                  <span>{o.number}</span> <span className="muted small">{clockTime(o.createdAt)}</span>{' '}
                  <strong>{money(o.total)}</strong>{' '}
                  {o.status !== 'completed' && <span className="warn small">{t(`changes.status.${o.status}`)}</span>}
                </button>
              </li>
            ))}
            {s.orders.length === 0 && <li className="muted">{t('changes.history.none')}</li>}
          </ul>
          {detail && (
            <HistoryDetail
              s={s}
              detail={detail}
              lines={lines}
              dispatch={dispatch}
              acts={{
                returnLines: (toCode) =>
                  void act(toCode, (overrideId) =>
                    pos.call('sale.return', {
                      orderId: detail.id,
                      lines,
                      reason: s.reason,
                      ...(overrideId ? { overrideId } : {}),
                    }),
                  ),
                voidSale: (toCode) =>
                  void act(toCode, (overrideId) =>
                    pos.call('sale.void', { orderId: detail.id, ...(overrideId ? { overrideId } : {}) }),
                  ),
                reprint: () =>
                  void pos
                    .try('receipt.print', { orderId: detail.id })
                    .then((r) =>
                      dispatch(
                        r.ok
                          ? { type: 'message', text: t('changes.history.reprinted') }
                          : { type: 'error', text: errorText(r.error) },
                      ),
                    ),
              }}
            />
          )}
        </div>
        <ReturnFlowPanel flow={s.flow} approving={pending !== null} onAskAgain={() => void askAgain()} />
        {s.message && (
          <p className="notice" role="status" data-testid="history-message">
            {s.message}
          </p>
        )}
        {s.error && (
          <p className="error" role="alert" data-testid="history-error">
            {s.error}
          </p>
        )}
        <div className="modal__actions">
          <button
            type="button"
            className="ghost modal__aside"
            data-testid="open-receiptless"
            disabled={isBusy(s)}
            onClick={() => {
              setReceiptless(!receiptless);
              dispatch({ type: 'flow', event: { type: 'reset' } });
            }}
          >
            {t(receiptless ? 'changes.receiptless.back' : 'changes.receiptless.open')}
          </button>
          <button type="button" className="ghost" data-testid="history-close" onClick={onClose}>
            {t('changes.close')}
          </button>
        </div>
      </div>
      {dialog}
    </div>
  );
}
