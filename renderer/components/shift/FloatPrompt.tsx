// Runtime: DOM. The float (备用金) of a shift a sale opened by itself (float ¥0): the till asks for it without
// stopping the counter — a notice in the footer from the moment the shift opened, and a small dialog to count
// it in. Given once (shift.setFloat); "later" puts the question off for this shift on this screen, and it is
// asked again at the next login while the float is still not given.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readAmount, TENDER_MAX_FEN } from '../../../shared/limits';
import { money, when } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { useEscapeToClose } from '../../state/useEscapeToClose';

/** The footer's notice: the shift has no float yet. */
export function FloatNotice({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="link warn" data-testid="float-notice" onClick={onOpen}>
      {t('shiftGate.floatNotice')}
    </button>
  );
}

interface Props {
  openedAt: number;
  onDone: () => void;
  onLater: () => void;
}

export function FloatPrompt({ openedAt, onDone, onLater }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  useEscapeToClose(onLater);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reading = text.trim() === '' ? null : readAmount(text, TENDER_MAX_FEN);

  const save = async (fen: number) => {
    setBusy(true);
    setError(null);
    const r = await pos.try('shift.setFloat', { openingFloat: fen });
    setBusy(false);
    if (r.ok) onDone();
    else setError(errorText(r.error));
  };

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="float-title" data-testid="float-prompt">
      <form
        className="modal__body card modal__fields"
        onSubmit={(e) => {
          e.preventDefault();
          if (reading?.ok) void save(reading.fen);
        }}
      >
        <h2 id="float-title">{t('shiftGate.floatTitle')}</h2>
        <p className="muted small">{t('shiftGate.floatWhy', { time: when(openedAt, 'dateTimeMinute') })}</p>
        <label>
          {t('shift.floatLabel')}
          <input
            data-testid="float-amount"
            inputMode="decimal"
            autoFocus
            value={text}
            placeholder="0.00"
            maxLength={12}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        {reading && !reading.ok && (
          <p className="error-text small" data-testid="float-invalid">
            {reading.reason === 'tooLarge'
              ? t('shiftGate.floatTooLarge', { max: money(TENDER_MAX_FEN) })
              : t('sale.invalidAmount')}
          </p>
        )}
        {error && (
          <p className="error-text" role="alert" data-testid="float-error">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="ghost" data-testid="float-later" onClick={onLater}>
            {t('shiftGate.later')}
          </button>
          <button type="button" className="ghost" data-testid="float-none" disabled={busy} onClick={() => void save(0)}>
            {t('shiftGate.noFloat')}
          </button>
          <button type="submit" className="primary" data-testid="float-save" disabled={busy || !reading?.ok}>
            {t('shiftGate.floatSave')}
          </button>
        </div>
      </form>
    </div>
  );
}
