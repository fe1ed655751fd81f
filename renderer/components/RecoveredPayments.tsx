// Runtime: DOM. Tells the cashier how the payments left unfinished by the last run (the till closed or crashed
// while a payment code was under way) were settled at start: which became a sale (its receipt number) and which
// were abandoned with the customer's money sent back. Shown until the cashier acknowledges it; acknowledged
// payments are remembered on this till so a reload does not show them again.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { money } from '../format';
import { recoveredLine, unacknowledged, type Recovered } from '../state/recoveredPayments';

const ACK_KEY = 'pos.recoveredPayments.acknowledged';

function loadAck(): Set<string> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(ACK_KEY) ?? '[]');
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

export function RecoveredPayments({ recovered }: { recovered: readonly Recovered[] }) {
  const { t } = useTranslation();
  const [ack, setAck] = useState(loadAck);
  const shown = unacknowledged(recovered, ack);
  if (shown.length === 0) return null;
  const acknowledge = () => {
    // only this run's payments are kept: the list cannot grow without bound
    const next = new Set(recovered.map((r) => r.tenderId));
    localStorage.setItem(ACK_KEY, JSON.stringify([...next]));
    setAck(next);
  };
  return (
    <div className="notice recovered" role="status" data-testid="recovered-payments">
      <strong>{t('pay.recoveredTitle')}</strong>
      <ul>
        {shown.map((r) => {
          const line = recoveredLine(r);
          return (
            <li key={r.tenderId} data-testid="recovered-payment" data-outcome={r.outcome}>
              {t(line.key, { ...line.values, total: money(r.total), reversed: money(r.reversed) })}
            </li>
          );
        })}
      </ul>
      <button type="button" data-testid="recovered-ok" onClick={acknowledge}>
        {t('pay.recoveredOk')}
      </button>
    </div>
  );
}
