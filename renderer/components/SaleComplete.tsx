// Runtime: DOM. Shown after checkout until the cashier moves on to the next customer. Focus stays in the
// search box (the sale screen handles Enter/Esc there, and a scan starts the next sale).
import { useTranslation } from 'react-i18next';
import type { CompletedOrder } from '../../shared/api/contract';
import { money } from '../format';
import { ReceiptActions } from './ReceiptActions';

export function SaleComplete({
  order,
  onNext,
  onFocus,
}: {
  order: CompletedOrder;
  onNext: () => void;
  onFocus?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="complete" data-testid="sale-complete" data-order-id={order.id}>
      <h2>✓ {t('sale.completeTitle')}</h2>
      <dl>
        <dt>{t('sale.orderNumber')}</dt>
        <dd data-testid="order-number">{order.number}</dd>
        <dt>{t('sale.total')}</dt>
        <dd data-testid="order-total">{money(order.total)}</dd>
        <dt>{t('sale.tendered')}</dt>
        <dd>{money(order.tendered)}</dd>
        <dt>{t('sale.change')}</dt>
        <dd className="complete__change" data-testid="order-change">
          {money(order.change)}
        </dd>
      </dl>
      <ReceiptActions orderId={order.id} onDone={() => onFocus?.()} />
      <button type="button" className="primary big" data-testid="next-customer" onClick={onNext}>
        {t('sale.nextCustomer')}
        <span className="pay__hint">{t('sale.nextHint')}</span>
      </button>
    </section>
  );
}
