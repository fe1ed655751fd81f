// Runtime: DOM. "This shift is another's" (issue 9 item 4): someone logs in while another employee's shift is
// open. Before anything is sold they hand over (交班: the shift dialog — count, close and print, then open their
// own), or, holding shift.manage, act within the open shift (代班: recorded on every movement), or log out.
// Not closed by Esc: it is a decision the till needs. The backend refuses cash acts in another's shift anyway.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { when } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import type { ShiftQuestion } from '../../state/shiftGate';

interface Props {
  question: Extract<ShiftQuestion, { kind: 'another' }>;
  /** 交班: open the shift dialog (count, close, print, open my shift) */
  onHandover: () => void;
  /** after 代班 was recorded */
  onCovered: () => void;
  onLogout: () => void;
}

export function ShiftGate({ question: q, onHandover, onCovered, onLogout }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = q.ownerName ?? '—';

  const cover = async () => {
    setBusy(true);
    setError(null);
    const r = await pos.try('shift.cover', {});
    setBusy(false);
    if (r.ok) onCovered();
    else setError(errorText(r.error));
  };

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="shift-gate-title" data-testid="shift-gate">
      <div className="modal__body card modal__fields">
        <h2 id="shift-gate-title">{t('shiftGate.title')}</h2>
        <p data-testid="shift-gate-owner">{t('shiftGate.owner', { name, time: when(q.openedAt, 'dateTimeMinute') })}</p>
        <p className="muted small">{t('shiftGate.why')}</p>
        {!q.mayCover && (
          <p className="warn small" data-testid="shift-gate-cannot">
            {t('shiftGate.cannot', { name })}
          </p>
        )}
        {error && (
          <p className="error-text" role="alert" data-testid="shift-gate-error">
            {error}
          </p>
        )}
        <div className="shift-gate__choices">
          {q.mayCover && (
            <>
              <button type="button" className="primary" data-testid="shift-gate-handover" onClick={onHandover}>
                {t('shiftGate.handover')}
              </button>
              <button
                type="button"
                className="ghost"
                data-testid="shift-gate-cover"
                disabled={busy}
                onClick={() => void cover()}
              >
                {t('shiftGate.cover', { name })}
              </button>
            </>
          )}
          <button type="button" className="ghost" data-testid="shift-gate-logout" onClick={onLogout}>
            {t('app.logout')}
          </button>
        </div>
      </div>
    </div>
  );
}
