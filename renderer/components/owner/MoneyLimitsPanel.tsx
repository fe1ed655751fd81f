// Runtime: DOM. 资金 → 会员充值上限: the outlet's maximum for one member top-up (shared/limits.ts; default
// ¥5,000). Changing it needs the super password; every till learns the new figure at its next login.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MEMBER_TOPUP_MAX_CEILING_FEN, readAmount } from '../../../shared/limits';
import { money, plainYuan } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

export function MoneyLimitsPanel() {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [current, setCurrent] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    void pos.try('owner.moneyLimits', {}).then((r) => {
      if (r.ok) {
        setCurrent(r.value.memberTopupMaxFen);
        setText(plainYuan(r.value.memberTopupMaxFen));
      } else setError(errorText(r.error));
    });
  }, [pos]);

  const reading = readAmount(text, MEMBER_TOPUP_MAX_CEILING_FEN);
  const save = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    if (!reading.ok || reading.fen <= 0) return;
    const next = reading.fen;
    prompt.ask({
      title: t('owner.limits.confirmTitle'),
      body: <p>{t('owner.limits.confirmBody', { amount: money(next) })}</p>,
      required: true,
      run: (f) => pos.try('owner.setMoneyLimits', { memberTopupMaxFen: next, ...requiredFactors(f) }),
      done: () => {
        setCurrent(next);
        setNotice(t('owner.limits.saved', { amount: money(next) }));
      },
    });
  };

  return (
    <section className="owner-panel" data-testid="money-limits">
      <h2>{t('owner.limits.title')}</h2>
      <p className="muted small">{t('owner.limits.hint')}</p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok-text" role="status" data-testid="money-limits-notice">
          {notice}
        </div>
      )}
      {current !== null && (
        <form className="owner-row" onSubmit={save}>
          <label>
            {t('owner.limits.memberTopupMax')}
            <input
              data-testid="money-limits-max"
              inputMode="decimal"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          <button type="submit" data-testid="money-limits-save" disabled={!reading.ok || reading.fen <= 0}>
            {t('owner.limits.save')}
          </button>
          {!reading.ok && (
            <span className="error-text small">
              {reading.reason === 'tooLarge'
                ? t('owner.limits.tooLarge', { max: money(MEMBER_TOPUP_MAX_CEILING_FEN) })
                : t('owner.badAmount')}
            </span>
          )}
        </form>
      )}
      {prompt.dialog}
    </section>
  );
}
