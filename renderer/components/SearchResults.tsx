// Runtime: DOM. Search results under the search box; the highlighted row is what Enter adds. Beyond the first
// page a "more" row (PgDn, or ↓ past the last row) brings the next results.
import { useTranslation } from 'react-i18next';
import type { CatalogItem } from '../../shared/api/contract';
import { money } from '../format';

export function SearchResults({
  items,
  selected,
  hasMore,
  onPick,
  onMore,
}: {
  items: CatalogItem[];
  selected: number;
  hasMore: boolean;
  onPick: (item: CatalogItem) => void;
  onMore: () => void;
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
            ref={i === selected ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
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
        {hasMore && (
          <li
            className="results__more"
            data-testid="search-more"
            onMouseDown={(e) => e.preventDefault()}
            onClick={onMore}
          >
            {t('sale.moreResults', { count: items.length })} <kbd>PgDn</kbd>
          </li>
        )}
      </ul>
    </div>
  );
}
