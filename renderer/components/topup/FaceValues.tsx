// Runtime: DOM. The face values to pick from (top-ups of one carrier, or one biller's amounts), each with its
// price; two sources of one face value (e.g. a province-only offer) show their names to tell them apart.
import { useTranslation } from 'react-i18next';
import { money } from '../../format';
import type { TopupProduct } from '../../state/topupFlow';

export function FaceValues({
  items,
  chosen,
  onChoose,
  testId,
  showPrice = true,
}: {
  items: TopupProduct[];
  chosen: TopupProduct | null;
  onChoose: (p: TopupProduct) => void;
  testId: string;
  showPrice?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="topup__faces">
      {items.map((p) => (
        <button
          key={p.id}
          type="button"
          className={`topup__face${chosen?.id === p.id ? ' on' : ''}`}
          data-testid={`${testId}-${p.faceValue / 100}`}
          onClick={() => onChoose(p)}
        >
          <strong>{money(p.faceValue)}</strong>
          {items.filter((x) => x.faceValue === p.faceValue).length > 1 && <span className="small">{p.name}</span>}
          {showPrice && <span className="small">{t('topup.price', { price: money(p.price) })}</span>}
        </button>
      ))}
    </div>
  );
}
