// Runtime: DOM. 安全提醒: the alert e-mails the cloud sent for this outlet (new device, new IP, money
// movement over the threshold, permission changes, lockouts, password recovery), newest first.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertEmail } from '../../../shared/api/owner-methods';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';

export function AlertsTab() {
  const { t } = useTranslation();
  const pos = usePos();
  const [emails, setEmails] = useState<AlertEmail[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await pos.try('owner.alerts', {});
    if (r.ok) {
      // verification codes are sent through the same channel; they are not alerts
      setEmails(r.value.emails.filter((m) => m.kind !== 'verification'));
      setError(null);
    } else setError(errorText(r.error));
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="owner-panel owner-panel--wide">
      <div className="owner-panel__head">
        <h2>{t('owner.alerts.title')}</h2>
        <button type="button" className="primary" onClick={() => void load()}>
          {t('owner.refresh')}
        </button>
      </div>
      <p className="muted small">{t('owner.alerts.hint')}</p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <ul className="alert-list" data-testid="alert-list">
        {emails.map((m) => (
          <li key={m.id} data-testid="alert-item" data-kind={m.kind}>
            <button
              type="button"
              className="alert-list__head"
              aria-expanded={open === m.id}
              onClick={() => setOpen(open === m.id ? null : m.id)}
            >
              <span className={`tag tag--${m.kind}`}>{t(`owner.alerts.kind_${m.kind}`, { defaultValue: m.kind })}</span>
              <span className="alert-list__subject">{m.subject}</span>
              <span className="muted small">
                {fmtTime(m.created_at)} · {m.to_address}
              </span>
            </button>
            {open === m.id && <p className="alert-list__body">{m.body}</p>}
          </li>
        ))}
        {emails.length === 0 && <li className="muted">{t('owner.alerts.none')}</li>}
      </ul>
    </section>
  );
}
