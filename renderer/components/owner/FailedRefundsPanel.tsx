// Runtime: DOM. 退款失败: refunds to a payment code that the provider accepted and then failed (owner.failedRefunds →
// GET /v1/payments/refunds/failed). The till had committed those returns; the customer has not had the money, so
// each row is a customer the owner must pay back — in cash, or from the provider's merchant console (the hint
// says which; the cloud e-mails the owner the same). Newest first; an empty list says so.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/api/contract';
import { money, when } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';

type Failure = MethodOutput<'owner.failedRefunds'>['failures'][number];

export function FailedRefundsPanel() {
  const { t } = useTranslation();
  const pos = usePos();
  const [failures, setFailures] = useState<Failure[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await pos.try('owner.failedRefunds', {});
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setFailures(r.value.failures);
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="owner-panel owner-panel--wide owner-panel--table" data-testid="failed-refunds-panel">
      <h2>
        {t('ownerFailedRefunds.title')}
        <button type="button" className="link" onClick={() => void load()} data-testid="failed-refunds-refresh">
          {t('ownerFailedRefunds.refresh')}
        </button>
      </h2>
      <p className="muted small">{t('ownerFailedRefunds.hint')}</p>
      {error && (
        <div className="error" role="alert" data-testid="failed-refunds-error">
          {error}
        </div>
      )}
      {failures && failures.length === 0 && (
        <p className="muted" data-testid="failed-refunds-empty">
          {t('ownerFailedRefunds.empty')}
        </p>
      )}
      {failures && failures.length > 0 && (
        <table className="owner-table" data-testid="failed-refunds-table">
          <thead>
            <tr>
              <th>{t('ownerFailedRefunds.time')}</th>
              <th>{t('ownerFailedRefunds.till')}</th>
              <th>{t('ownerFailedRefunds.return')}</th>
              <th className="num">{t('ownerFailedRefunds.amount')}</th>
              <th>{t('ownerFailedRefunds.method')}</th>
              <th>{t('ownerFailedRefunds.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <tr key={f.refundId} data-testid="failed-refund" data-amount={f.amountFen}>
                <td className="nowrap">{when(f.failedAt, 'dateTimeMinute')}</td>
                <td className="nowrap">{f.deviceName ?? '—'}</td>
                <td>
                  {f.returnNumber ?? t('ownerFailedRefunds.returnPending')}
                  {f.employeeName && <span className="muted small"> · {f.employeeName}</span>}
                </td>
                <td className="num nowrap">
                  <strong>{money(f.amountFen)}</strong>
                </td>
                <td className="nowrap">{t(`changes.method.${f.method}`)}</td>
                <td className="small">
                  {f.reason}
                  <br />
                  <span className="muted">{t(`ownerFailedRefunds.console.${f.provider}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
