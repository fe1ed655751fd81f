// Runtime: DOM. The status step: the order's live state as useVirtualWatch follows it (充值中… → 成功 / 失败,
// 处理中 while the supplier is late), the money to hand back on failure, a game card's code (shown with
// its print button while the till holds it). 下一位 is there from the start: a pending order goes on in
// 最近充值 while the cashier serves the next customer.
import { useTranslation } from 'react-i18next';
import type { Fen } from '../../../shared/money';
import type { VirtualOrderView as VirtualOrder } from '../../../shared/api/virtual-methods';
import { money } from '../../format';

interface Props {
  order: VirtualOrder;
  paid: Fen;
  cardCode: string | null;
  printed: boolean;
  onPrint: () => void;
  onNext: () => void;
}

export function TopupStatus({ order, paid, cardCode, printed, onPrint, onNext }: Props) {
  const { t } = useTranslation();
  const open = order.status === 'pending' || order.status === 'stuck';
  return (
    <div
      className={`topup__status topup__status--${order.status}`}
      data-testid="topup-status"
      data-status={order.status}
    >
      <div className="topup__status-word">{t(`topup.status.${order.status}`)}</div>
      <div className="muted">
        {order.kind === 'topup' && order.phone ? `${order.phone} · ` : ''}
        {order.kind === 'utility' && order.account ? `${t('bills.account')} ${order.account} · ` : ''}
        {money(order.faceValue)}
      </div>
      {order.status === 'pending' && <p className="small">{t('topup.pendingHelp')}</p>}
      {order.status === 'stuck' && (
        <p className="small">{t(order.escalated ? 'topup.stuckEscalated' : 'topup.stuckHelp')}</p>
      )}
      {order.status === 'failed' && (
        <p data-testid="topup-refunded">
          {t('topup.failedRefunded', { amount: money(paid) })}
          {order.statusReason ? <span className="muted small"> （{order.statusReason}）</span> : null}
        </p>
      )}
      {order.status === 'success' && order.kind === 'topup' && <p>{t('topup.successHelp')}</p>}
      {order.status === 'success' && order.kind === 'utility' && (
        <p data-testid="bill-success">{t('bills.successHelp')}</p>
      )}
      {cardCode && (
        <div className="topup__code">
          <div className="small">{t('topup.codeOnce')}</div>
          <code data-testid="card-code">{cardCode}</code>
          <button type="button" className="btn" data-testid="card-print" onClick={onPrint}>
            {printed ? t('topup.printAgain') : t('topup.print')}
          </button>
        </div>
      )}
      {open && <p className="small muted">{t('topup.nextWhilePending')}</p>}
      <button type="button" className="btn btn--primary" data-testid="topup-next" onClick={onNext} autoFocus>
        {t('topup.next')}
      </button>
    </div>
  );
}
