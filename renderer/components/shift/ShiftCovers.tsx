// Runtime: DOM. Who covered (代班) a shift of another, since when, and what they did in it: the shift dialog
// shows it for the open shift and the closed one, as the 交班单 prints it (electron/backend/shifts/report.ts).
import { useTranslation } from 'react-i18next';
import type { ShiftSummary } from '../../../shared/api/shift-methods';
import { money, when } from '../../format';

export function ShiftCovers({ shift }: { shift: ShiftSummary }) {
  const { t } = useTranslation();
  if (!shift.covers?.length) return null;
  return (
    <table className="owner-table" data-testid="shift-covers">
      <caption className="small">{t('shiftGate.coversTitle')}</caption>
      <tbody>
        {shift.covers.map((c) => (
          <tr key={c.employeeId} data-testid="shift-cover-row">
            <td>{c.name ?? c.employeeId.slice(0, 8)}</td>
            <td className="small">{t('shiftGate.coverSince', { time: when(c.at, 'dateTimeMinute') })}</td>
            <td className="num">{t('shiftGate.coverSales', { count: c.salesCount, total: money(c.salesTotal) })}</td>
            <td className="num">{t('shiftGate.coverCash', { amount: money(c.cash) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
