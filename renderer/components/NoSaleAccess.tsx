// Runtime: DOM. What an employee without 收银 (sale.sell) sees instead of the sale screen: the reason, and
// the way into the back office when their permissions open it.
import { useTranslation } from 'react-i18next';
import { useMissing } from '../state/session';

export function NoSaleAccess({ onBackOffice }: { onBackOffice?: () => void }) {
  const { t } = useTranslation();
  const reason = useMissing('sale.sell');
  return (
    <div className="center" data-testid="no-sale-access">
      <div className="card form">
        <h1>{t('access.noSale')}</h1>
        <p className="muted">{t('access.noSaleHint', { reason })}</p>
        {onBackOffice && (
          <button type="button" className="primary big" data-testid="no-sale-back-office" onClick={onBackOffice}>
            {t('owner.open')}
          </button>
        )}
      </div>
    </div>
  );
}
