// Runtime: DOM. The sale screen's keys on screen (state/saleKeys.ts SALE_KEYS, the same list the handler
// reads), and the bar that puts back the line removed last (Ctrl+Z).
import { useTranslation } from 'react-i18next';
import { SALE_KEYS } from '../state/saleKeys';

export function SaleKeys() {
  const { t } = useTranslation();
  return (
    <div className="sale__keys muted small" data-testid="sale-keys">
      {SALE_KEYS.map((k) => (
        <span key={k.key}>
          <kbd>{k.key}</kbd> {t(`sale.keys.${k.label}`)}
        </span>
      ))}
    </div>
  );
}

export function UndoBar({ name, qty, onUndo }: { name: string; qty: number; onUndo: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="undo-bar" role="status" data-testid="undo-bar">
      <span>{t('sale.removed', { name, qty })}</span>
      <button
        type="button"
        className="ghost"
        data-testid="undo"
        onMouseDown={(e) => e.preventDefault()}
        onClick={onUndo}
      >
        {t('sale.undo')} <kbd>Ctrl+Z</kbd>
      </button>
    </div>
  );
}
