// Runtime: DOM. 改价 and discounts: a line's new unit price and/or its discount (% off or an amount), or a
// discount on the whole order. The backend checks the cashier's limits; beyond them a supervisor approves on
// this screen (useOverride).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cart } from '../../../shared/api/contract';
import { parseYuan } from '../../../shared/money';
import { parsePercent, type Discount } from '../../../shared/sale/pricing';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { useOverride } from '../../state/useOverride';
import { useEscapeToClose } from '../../state/useEscapeToClose';

/** "10" → 10 % off; "" → none; anything else → undefined (refused) */
function readPercent(text: string): number | null | undefined {
  if (!text.trim()) return null;
  const bps = parsePercent(text);
  return bps !== null && bps >= 1 ? bps : undefined;
}

export function AdjustDialog({
  cart,
  onCart,
  onClose,
}: {
  cart: Cart;
  onCart: (c: Cart) => void;
  onClose: () => void;
}) {
  useEscapeToClose(onClose);
  const { t } = useTranslation();
  const pos = usePos();
  const { withOverride, dialog } = useOverride();
  const [target, setTarget] = useState<string>(cart.lines.at(-1)?.productId ?? 'order');
  const [price, setPrice] = useState('');
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const line = cart.lines.find((l) => l.productId === target);

  const submit = async () => {
    setError(null);
    let discount: Discount | null = null;
    if (value.trim()) {
      if (kind === 'percent') {
        const bps = readPercent(value);
        if (bps === undefined || bps === null) return setError(t('changes.adjust.badPercent'));
        discount = { kind: 'percent', bps };
      } else {
        const f = parseYuan(value);
        if (f === null || f === 0) return setError(t('sale.invalidAmount'));
        discount = { kind: 'amount', fen: f };
      }
    }
    const newPrice = price.trim() ? parseYuan(price) : null;
    if (price.trim() && newPrice === null) return setError(t('sale.invalidAmount'));
    try {
      const next = await withOverride((overrideId) =>
        target === 'order'
          ? pos.call('cart.discountOrder', { discount, ...(overrideId ? { overrideId } : {}) })
          : pos.call('cart.adjustLine', {
              productId: target,
              price: newPrice,
              discount,
              ...(overrideId ? { overrideId } : {}),
            }),
      );
      onCart(next);
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="adjust-title" data-testid="adjust-dialog">
      <form
        className="modal__body card"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="adjust-title">{t('changes.adjust.title')}</h2>
        <label>
          {t('changes.adjust.target')}
          <select data-testid="adjust-target" value={target} onChange={(e) => setTarget(e.target.value)}>
            {cart.lines.map((l) => (
              <option key={l.productId} value={l.productId}>
                {l.name} × {l.qty}
              </option>
            ))}
            <option value="order">{t('changes.adjust.wholeOrder')}</option>
          </select>
        </label>
        {line && (
          <label>
            {t('changes.adjust.price', { list: money(line.listPrice ?? line.unitPrice) })}
            <input
              data-testid="adjust-price"
              inputMode="decimal"
              autoComplete="off"
              placeholder={t('changes.adjust.pricePlaceholder')}
              value={price}
              onChange={(e) => setPrice(e.target.value)}
            />
          </label>
        )}
        <div className="adjust__discount">
          <label>
            {t('changes.adjust.discount')}
            <select
              data-testid="adjust-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as 'percent' | 'amount')}
            >
              <option value="percent">{t('changes.adjust.percent')}</option>
              <option value="amount">{t('changes.adjust.amount')}</option>
            </select>
          </label>
          <input
            autoFocus
            data-testid="adjust-value"
            inputMode="decimal"
            autoComplete="off"
            aria-label={t('changes.adjust.discount')}
            placeholder={kind === 'percent' ? '10' : '5.00'}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <p className="muted small">{t('changes.adjust.hint')}</p>
        {error && (
          <p className="error" role="alert" data-testid="adjust-error">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="ghost" onClick={onClose}>
            {t('changes.cancel')}
          </button>
          <button type="submit" data-testid="adjust-submit">
            {t('changes.apply')}
          </button>
        </div>
      </form>
      {dialog}
    </div>
  );
}
