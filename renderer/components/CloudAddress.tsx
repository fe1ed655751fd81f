// Runtime: DOM. The first-run screen's cloud address: the build's (or the one stored before) is shown; an
// installer of a private deployment may type another, checked as typed (shared/net/cloud-url.ts: HTTPS, or
// HTTP only on this PC or the shop's network) and checked again by the backend, which keeps it in the data
// folder. Only before registration: afterwards the device key belongs to that cloud.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkCloudUrl } from '../../shared/net/cloud-url';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { ErrorBanner } from './ErrorBanner';

/** The line under the registration form: which cloud this PC registers with, and the way to change it. */
export function CloudAddressLine({ current, onEdit }: { current: string; onEdit: () => void }) {
  const { t } = useTranslation();
  return (
    <p className="muted cloud-address" data-testid="cloud-address">
      {t('cloudAddress.label')}：<span data-testid="cloud-address-current">{current}</span>{' '}
      <button type="button" className="link" data-testid="cloud-address-change" onClick={onEdit}>
        {t('cloudAddress.change')}
      </button>
    </p>
  );
}

/** Typing another cloud's address (in place of the registration form while it is open). */
export function CloudAddressForm({ current, onDone }: { current: string; onDone: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [text, setText] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const check = text.trim() ? checkCloudUrl(text) : null;
  const problem = check && !check.ok ? t(`cloudAddress.problems.${check.problem}`) : null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!check?.ok) return;
    setError(null);
    const r = await pos.try('device.setCloud', { cloudUrl: check.url });
    if (r.ok) onDone(true);
    else setError(errorText(r.error));
  };

  return (
    <form className="card form cloud-address--editing" onSubmit={save} data-testid="cloud-address-form">
      <h1>{t('cloudAddress.label')}</h1>
      <p className="muted">{t('cloudAddress.hint')}</p>
      <label>
        {t('cloudAddress.label')}
        <input
          data-testid="cloud-address-input"
          autoFocus
          inputMode="url"
          placeholder={t('cloudAddress.placeholder')}
          value={text}
          maxLength={300}
          aria-invalid={!!problem}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {problem && (
        <p className="field-error" data-testid="cloud-address-problem">
          {problem}
        </p>
      )}
      <ErrorBanner text={error} />
      <div className="modal__actions">
        <button type="button" className="ghost" data-testid="cloud-address-cancel" onClick={() => onDone(false)}>
          {t('cloudAddress.cancel')}
        </button>
        <button type="submit" className="primary" data-testid="cloud-address-save" disabled={!check?.ok}>
          {t('cloudAddress.save')}
        </button>
      </div>
    </form>
  );
}
