// Runtime: DOM. 无单退货's lines (ReceiptlessReturn.tsx): each product brought back with its quantity and what it
// gives back — the amount field shows price × quantity greyed until the cashier types another amount.
import { useTranslation } from 'react-i18next';
import { money, plainYuan } from '../../format';
import { lineAmount, type receiptless, type ReceiptlessState } from '../../state/receiptless';

export function ReceiptlessLines({
  s,
  dispatch,
}: {
  s: ReceiptlessState;
  dispatch: (e: Parameters<typeof receiptless>[1]) => void;
}) {
  const { t } = useTranslation();
  if (s.lines.length === 0) return <p className="muted">{t('changes.receiptless.empty')}</p>;
  return (
    <table className="receiptless__lines">
      <thead>
        <tr>
          <th>{t('changes.receiptless.product')}</th>
          <th>{t('changes.receiptless.qty')}</th>
          <th>{t('changes.receiptless.amount')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {s.lines.map((l) => {
          const amount = lineAmount(l);
          return (
            <tr key={l.productId} data-testid="receiptless-line">
              <td>
                {l.name} <span className="muted small">{money(l.price)}</span>
              </td>
              <td>
                <input
                  className="history__qty"
                  data-testid="receiptless-qty"
                  inputMode="numeric"
                  aria-label={t('changes.history.returnQty', { name: l.name })}
                  value={l.qtyText}
                  onChange={(e) => dispatch({ type: 'qty', productId: l.productId, text: e.target.value })}
                />
              </td>
              <td>
                <input
                  className="receiptless__amount"
                  data-testid="receiptless-amount"
                  inputMode="decimal"
                  aria-label={t('changes.receiptless.amountOf', { name: l.name })}
                  placeholder={amount === null ? '' : plainYuan(amount)}
                  value={l.amountText ?? ''}
                  onChange={(e) => dispatch({ type: 'amount', productId: l.productId, text: e.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="ghost"
                  aria-label={t('changes.receiptless.remove', { name: l.name })}
                  onClick={() => dispatch({ type: 'remove', productId: l.productId })}
                >
                  ×
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
