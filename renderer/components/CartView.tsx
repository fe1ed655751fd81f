// Runtime: DOM. The cart: one row per product with − qty + and remove; totals are the backend's.
import { useTranslation } from 'react-i18next';
import type { Cart } from '../../shared/api/contract';
import { money } from '../format';

export function CartView({ cart, onSetQty }: { cart: Cart; onSetQty: (productId: string, qty: number) => void }) {
  const { t } = useTranslation();
  if (cart.lines.length === 0) {
    return (
      <div className="cart cart--empty" data-testid="cart-empty">
        {t('sale.emptyCart')}
      </div>
    );
  }
  return (
    <table className="cart">
      <thead>
        <tr>
          <th className="cart__name">{t('sale.cart')}</th>
          <th className="num">{t('sale.price')}</th>
          <th className="cart__qty">{t('sale.qty')}</th>
          <th className="num">{t('sale.amount')}</th>
          <th aria-label={t('sale.remove')} />
        </tr>
      </thead>
      <tbody>
        {cart.lines.map((line) => (
          <tr key={line.productId} data-testid="cart-line" data-product-id={line.productId}>
            <td className="cart__name">
              <div className="cart__title">{line.name}</div>
              <div className="muted small">{line.sku}</div>
              {line.listPrice !== undefined && line.listPrice !== line.unitPrice && (
                <div className="small" data-testid="cart-line-changed">
                  <s className="muted">{money(line.listPrice)}</s> {t('changes.changedPrice')}
                </div>
              )}
              {(line.discount ?? 0) > 0 && (
                <div className="small warn" data-testid="cart-line-discount">
                  {t('changes.lineDiscount', { amount: money(line.discount!) })}
                </div>
              )}
              {line.stockWarning && (
                <div className="small warn" role="status" data-testid="cart-line-stock-warning">
                  {t('sale.belowStock', { available: line.stockWarning.available })}
                </div>
              )}
            </td>
            <td className="num">{money(line.unitPrice)}</td>
            <td className="cart__qty">
              <button
                type="button"
                className="qty-btn"
                tabIndex={-1}
                aria-label={t('sale.decrease')}
                data-testid="qty-decrease"
                onClick={() => onSetQty(line.productId, line.qty - 1)}
              >
                −
              </button>
              <span className="qty" data-testid="cart-line-qty">
                {line.qty}
              </span>
              <button
                type="button"
                className="qty-btn"
                tabIndex={-1}
                aria-label={t('sale.increase')}
                data-testid="qty-increase"
                onClick={() => onSetQty(line.productId, line.qty + 1)}
              >
                +
              </button>
            </td>
            <td className="num strong" data-testid="cart-line-total">
              {money(line.lineTotal)}
            </td>
            <td>
              <button
                type="button"
                className="remove-btn"
                tabIndex={-1}
                aria-label={t('sale.remove')}
                title={t('sale.remove')}
                data-testid="cart-line-remove"
                onClick={() => onSetQty(line.productId, 0)}
              >
                ✕
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
