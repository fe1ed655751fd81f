// Runtime: DOM. The supervisor approves one act on the cashier's screen (override.grant): by scanning their staff
// card — the card field has the focus when the dialog opens, a reader types the number and Enter submits — or by
// typing their username and password. A filled card field wins; the field is masked so the cashier cannot read the
// number off the screen. Works offline (cards from the employee feed; passwords of an online login within the window).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverrideAct } from '../../../shared/sale/overrides';
import { checkStaffCard } from '../../../shared/staff-card';
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
  const [card, setCard] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const scanned = card.trim() !== '';
    const c = checkStaffCard(card);
    if (scanned && c.problem) {
      setCard('');
      return setError(t(`changes.override.cardProblem.${c.problem}`));
    }
    setBusy(true);
    setError(null);
    const r = await pos.try(
      'override.grant',
      scanned ? { act, card: c.card } : { act, username: username.trim(), password },
    );
    setBusy(false);
    if (r.ok) onDone(r.value.overrideId);
    else {
      setPassword('');
      setCard('');
      setError(errorText(r.error));
    }
  };
  const ready = card.trim() !== '' || (username.trim() !== '' && password !== '');

  return (
    <div
      className="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="override-title"
      data-testid="override-dialog"
    >
      <form
        className="modal__body card modal__fields"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="override-title">{t('changes.override.title')}</h2>
        <p className="notice">{errorText(reason)}</p>
        <p className="muted small">{t(`changes.override.act.${act}`)}</p>
        <p className="small">{t('changes.override.cardHint')}</p>
        <label>
          {t('changes.override.card')}
          <input
            autoFocus
            type="password"
            autoComplete="off"
            data-testid="override-card"
            placeholder={t('changes.override.cardPlaceholder')}
            value={card}
            onChange={(e) => setCard(e.target.value)}
          />
        </label>
        <p className="muted small">{t('changes.override.or')}</p>
        <label>
          {t('changes.override.username')}
          <input
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
          <button type="submit" className="primary" data-testid="override-submit" disabled={busy || !ready}>
            {t('changes.override.approve')}
          </button>
        </div>
      </form>
    </div>
  );
}
