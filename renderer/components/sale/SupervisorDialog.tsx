// Runtime: DOM. The supervisor types their username and password on the cashier's screen to approve one act
// (override.grant). Works offline for a supervisor who logged in online on this till within the window.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverrideAct } from '../../../shared/sale/overrides';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { useEscapeToClose } from '../../state/useEscapeToClose';

export function SupervisorDialog({
  act,
  reason,
  onDone,
}: {
  act: OverrideAct;
  reason: unknown;
  onDone: (overrideId: string | null) => void;
}) {
  useEscapeToClose(() => onDone(null));
  const { t } = useTranslation();
  const pos = usePos();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await pos.try('override.grant', { act, username: username.trim(), password });
    setBusy(false);
    if (r.ok) onDone(r.value.overrideId);
    else {
      setPassword('');
      setError(errorText(r.error));
    }
  };

  return (
    <div
      className="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="override-title"
      data-testid="override-dialog"
    >
      <form
        className="modal__body card"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="override-title">{t('changes.override.title')}</h2>
        <p className="notice">{errorText(reason)}</p>
        <p className="muted small">{t(`changes.override.act.${act}`)}</p>
        <label>
          {t('changes.override.username')}
          <input
            autoFocus
            data-testid="override-username"
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('changes.override.password')}
          <input
            type="password"
            data-testid="override-password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="override-error">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="ghost" onClick={() => onDone(null)}>
            {t('changes.cancel')}
          </button>
          <button type="submit" data-testid="override-submit" disabled={busy || !username.trim() || !password}>
            {t('changes.override.approve')}
          </button>
        </div>
      </form>
    </div>
  );
}
