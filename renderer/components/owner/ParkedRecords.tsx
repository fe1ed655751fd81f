// Runtime: DOM. 未能上传的记录 — records the cloud refused (or this till could not send as they are), parked
// in this till's outbox: each with what it is, why, and what to do. They hold nothing back (the records
// behind them were sent) and never keep a cashier from logging out; only a device reset waits for them.
// A record parked for the cloud's own fault can be tried again here; one refused for what it is cannot.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParkedRecord } from '../../../shared/api/contract';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';

/** What to do about a parked record, by the refusal's code. */
export function adviceKey(r: Pick<ParkedRecord, 'reason' | 'retryable'>): string {
  if (r.reason.code === 'VALIDATION') return 'owner.parked.adviceInvalid';
  if (r.reason.code === 'CONFLICT') return 'owner.parked.adviceConflict';
  if (!r.retryable) return 'owner.parked.adviceSupport';
  return 'owner.parked.adviceRetry';
}

export function ParkedRecords() {
  const { t } = useTranslation();
  const pos = usePos();
  const [records, setRecords] = useState<ParkedRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await pos.try('sync.parked', {});
    if (r.ok) setRecords(r.value.records);
    else setError(errorText(r.error));
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load]);

  const retry = async (id: number) => {
    setError(null);
    const r = await pos.try('sync.retryParked', { id });
    if (!r.ok) setError(errorText(r.error));
    void load();
  };

  return (
    <section className="owner-panel owner-panel--wide" data-testid="parked-records">
      <h2>{t('owner.parked.title')}</h2>
      <p className="small">{t('owner.parked.hint')}</p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {records && records.length === 0 && <p className="ok-text">{t('owner.parked.none')}</p>}
      {records && records.length > 0 && (
        <table className="owner-table">
          <thead>
            <tr>
              <th>{t('owner.parked.what')}</th>
              <th>{t('owner.parked.when')}</th>
              <th>{t('owner.parked.reason')}</th>
              <th>{t('owner.parked.todo')}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id} data-testid="parked-record">
                <td>
                  {t(`owner.parked.kind_${r.kind === 'order' || r.kind === 'shift' ? r.kind : 'other'}`, {
                    kind: r.kind,
                  })}
                  <div className="small">{r.number ?? r.ref}</div>
                </td>
                <td className="small">{fmtTime(r.createdAt)}</td>
                <td className="small">{r.reason.message}</td>
                <td>
                  {t(adviceKey(r))}
                  {r.retryable && (
                    <button type="button" data-testid="parked-retry" onClick={() => void retry(r.id)}>
                      {t('owner.parked.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
