// Runtime: DOM. Search results under the search box; the highlighted row is what Enter adds.
import { useTranslation } from 'react-i18next';
import type { CatalogItem } from '../../shared/api/contract';
import { money } from '../format';

export function SearchResults({
  items,
  selected,
  onPick,
}: {
  items: CatalogItem[];
  selected: number;
  onPick: (item: CatalogItem) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="results" data-testid="search-results">
      <div className="results__hint muted small">{t('sale.resultsHint')}</div>
      <ul role="listbox">
        {items.map((item, i) => (
          <li
            key={item.id}
            role="option"
            aria-selected={i === selected}
            className={i === selected ? 'selected' : undefined}
            data-testid="search-result"
            onMouseDown={(e) => e.preventDefault() /* keep focus in the search box */}
            onClick={() => onPick(item)}
          >
            <span className="results__name">
              {item.name}
              {item.kind !== 'physical' && <span className="tag">{t(`kind.${item.kind}`)}</span>}
            </span>
            <span className="muted small">{item.barcode ?? item.sku}</span>
            {item.stock !== null && (
              <span className={item.stock > 0 ? 'muted small' : 'small warn'} data-testid="search-result-stock">
                {item.stock > 0 ? t('sale.stock', { count: item.stock }) : t('sale.stockOut')}
              </span>
            )}
            <span className="results__price">{money(item.price)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
