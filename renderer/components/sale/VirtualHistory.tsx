// Runtime: DOM. 历史订单's 充值缴费 list: this till's top-ups, game cards and bills with their state, the cash
// taken (and handed back when one failed); the chosen one prints a 凭条. A game card's code shows, and prints
// on its own slip, only while the till still holds it (the backend's rule: the holder of sale.sell, for a
// short time after delivery) — the same rule as 最近充值.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VirtualHistoryOrder } from '../../../shared/api/contract';
import { clockTime, money, when } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';

interface Props {
  orders: VirtualHistoryOrder[];
  /** the cloud could not be reached: the states are what the till last knew */
  offline: boolean;
  onMessage: (text: string) => void;
  onError: (text: string) => void;
}

export function VirtualHistory({ orders, offline, onMessage, onError }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  const [openId, setOpenId] = useState<string | null>(null);
  const open = orders.find((o) => o.clientOrderId === openId) ?? null;

  const print = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      onMessage(done);
    } catch (e) {
      onError(errorText(e));
    }
  };

  return (
    <div className="history__panes">
      <ul className="history__list" data-testid="virtual-history">
        {offline && <li className="muted small">{t('recent.stale')}</li>}
        {orders.map((o) => (
          <li key={o.clientOrderId}>
            <button
              type="button"
              className={openId === o.clientOrderId ? 'ghost on' : 'ghost'}
              data-testid="virtual-history-order"
              data-status={o.status}
              onClick={() => setOpenId(o.clientOrderId)}
            >
              <span>{o.productName}</span> <span className="muted small">{clockTime(o.submittedAt)}</span>{' '}
              <strong>{money(o.paid)}</strong>{' '}
              <span className={o.status === 'success' ? 'ok-text small' : 'warn small'}>
                {t(`recent.status.${o.status}`)}
              </span>
            </button>
          </li>
        ))}
        {orders.length === 0 && <li className="muted">{t('changes.history.none')}</li>}
      </ul>
      {open && (
        <div className="history__detail" data-testid="virtual-history-detail">
          <div>
            <strong>{open.productName}</strong> · {when(open.submittedAt)} ·{' '}
            <span data-testid="virtual-history-status">{t(`recent.status.${open.status}`)}</span>
          </div>
          <div className="muted small">
            {[
              open.phone && t('changes.history.virtual.number', { number: open.phone }),
              open.faceValue !== null && t('changes.history.virtual.faceValue', { amount: money(open.faceValue) }),
              t('changes.history.virtual.paid', { amount: money(open.paid) }),
              open.handedBack > 0 && t('changes.history.virtual.handedBack', { amount: money(open.handedBack) }),
              open.statusReason,
            ]
              .filter(Boolean)
              .join(' · ')}
          </div>
          <div className="muted small">
            {t('changes.history.virtual.orderId', { id: open.id ?? open.clientOrderId })}
          </div>
          {open.cardCode && (
            <div className="notice" data-testid="virtual-history-code">
              {t('changes.history.virtual.code')} <strong>{open.cardCode}</strong>
            </div>
          )}
          <div className="history__actions">
            <button
              type="button"
              data-testid="virtual-history-slip"
              onClick={() =>
                void print(
                  () => pos.call('receipt.printVirtual', { clientOrderId: open.clientOrderId }),
                  t('changes.history.virtual.slipPrinted'),
                )
              }
            >
              {t('changes.history.virtual.slip')}
            </button>
            {open.cardCode && open.id && (
              <button
                type="button"
                className="ghost"
                data-testid="virtual-history-card"
                onClick={() =>
                  void print(
                    () => pos.call('receipt.printCard', { orderId: open.id! }),
                    t('changes.history.virtual.cardPrinted'),
                  )
                }
              >
                {t('changes.history.virtual.printCard')}
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
