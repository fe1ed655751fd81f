// Runtime: DOM. The reason a cashier gives for a return (退货原因), from the one list in shared/sale/returns.ts —
// all but 'void', which only 作废 sets. Shared by a sale's return (HistoryDetail) and 无单退货 (ReceiptlessReturn).
import { useTranslation } from 'react-i18next';
import { RETURN_REASONS } from '../../../shared/sale/returns';
import type { ShopReason } from '../../state/historyDialog';

const REASONS = RETURN_REASONS.filter((r): r is ShopReason => r !== 'void');

export function ReturnReasonSelect({
  value,
  onChange,
  testId,
}: {
  value: ShopReason;
  onChange: (reason: ShopReason) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <select
      data-testid={testId}
      aria-label={t('changes.history.reason')}
      value={value}
      onChange={(e) => onChange(e.target.value as ShopReason)}
    >
      {REASONS.map((r) => (
        <option key={r} value={r}>
          {t(`changes.reason.${r}`)}
        </option>
      ))}
    </select>
  );
}
