// Runtime: DOM. The cart: one row per product with − qty + and remove; totals are the backend's. The
// highlighted line (↑↓ from an empty search box) is the one +, −, Del and F2 act on; clicking the quantity or
// F2 types a new one (Enter sets it, Esc leaves it). − at 1 removes the line: the undo bar puts it back.
import { useTranslation } from 'react-i18next';
import { stockWarning } from '../i18n/labels';
import type { Cart, CartLine } from '../../shared/api/contract';
import { money } from '../format';

interface Props {
  cart: Cart;
  /** highlighted line index (-1: the last) */
  line: number;
  editing: { productId: string; text: string } | null;
  onQty: (line: CartLine, qty: number) => void;
  onRemove: (line: CartLine) => void;
  onEdit: (productId: string) => void;
  onEditText: (text: string) => void;
  onEditDone: (commit: boolean) => void;
  onSelect: (index: number) => void;
}

export function CartView({ cart, line, editing, onQty, onRemove, onEdit, onEditText, onEditDone, onSelect }: Props) {
  const { t } = useTranslation();
  if (cart.lines.length === 0) {
    return (
      <div className="cart cart--empty" data-testid="cart-empty">
        {t('sale.emptyCart')}
      </div>
    );
  }
  const current = line < 0 || line >= cart.lines.length ? cart.lines.length - 1 : line;
  return (
    <table className="cart">
      <thead>
        <tr>
          <th className="cart__name">{t('sale.cart')}</th>
          <th className="num">{t('sale.price')}</th>
          <th className="cart__qty">
            {t('sale.qty')} <kbd>F2</kbd>
          </th>
          <th className="num">{t('sale.amount')}</th>
          <th aria-label={t('sale.remove')}>
            <kbd>Del</kbd>
          </th>
        </tr>
      </thead>
      <tbody>
        {cart.lines.map((l, i) => (
          <tr
            key={l.productId}
            data-testid="cart-line"
            data-product-id={l.productId}
            aria-selected={i === current}
            className={i === current ? 'selected' : undefined}
            onMouseDown={() => onSelect(i)}
          >
            <td className="cart__name">
              <div className="cart__title">{l.name}</div>
              <div className="muted small">{l.sku}</div>
              {l.listPrice !== undefined && l.listPrice !== l.unitPrice && (
                <div className="small" data-testid="cart-line-changed">
                  <s className="muted">{money(l.listPrice)}</s> {t('changes.changedPrice')}
                </div>
              )}
              {(l.discount ?? 0) > 0 && (
                <div className="small warn" data-testid="cart-line-discount">
                  {t('changes.lineDiscount', { amount: money(l.discount!) })}
                </div>
              )}
              {l.stockWarning && (
                <div className="small warn" role="status" data-testid="cart-line-stock-warning">
                  {stockWarning(t, l.stockWarning.available)}
                </div>
              )}
            </td>
            <td className="num">{money(l.unitPrice)}</td>
            <td className="cart__qty">
              <button
                type="button"
                className="qty-btn"
                tabIndex={-1}
                aria-label={t('sale.decrease')}
                title={l.qty === 1 ? t('sale.decreaseRemoves') : t('sale.decrease')}
                data-testid="qty-decrease"
                onClick={() => onQty(l, l.qty - 1)}
              >
                −
              </button>
              {editing?.productId === l.productId ? (
                <input
                  className="qty qty--edit"
                  data-testid="cart-line-qty-input"
                  inputMode="numeric"
                  autoFocus
                  aria-label={t('sale.qty')}
                  value={editing.text}
                  onChange={(e) => onEditText(e.target.value)}
                  onBlur={() => onEditDone(false)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === 'Escape') {
                      e.preventDefault();
                      onEditDone(e.key === 'Enter');
                    }
                  }}
                />
              ) : (
                <button
                  type="button"
                  className="qty"
                  tabIndex={-1}
                  data-testid="cart-line-qty"
                  title={t('sale.typeQty')}
                  onClick={() => onEdit(l.productId)}
                >
                  {l.qty}
                </button>
              )}
              <button
                type="button"
                className="qty-btn"
                tabIndex={-1}
                aria-label={t('sale.increase')}
                data-testid="qty-increase"
                onClick={() => onQty(l, l.qty + 1)}
              >
                +
              </button>
            </td>
            <td className="num strong" data-testid="cart-line-total">
              {money(l.lineTotal)}
            </td>
            <td>
              <button
                type="button"
                className="remove-btn"
                tabIndex={-1}
                aria-label={t('sale.remove')}
                title={t('sale.remove')}
                data-testid="cart-line-remove"
                onClick={() => onRemove(l)}
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
