// Runtime: DOM. Paying beyond cash, inside the tender panel: the parts taken so far (split tender) with what
// each is doing, the payment code's state in words (sending → 等待顾客在手机上确认 → paid | the reason it
// failed | 已撤销，顾客未被扣款), the payment-code field (F7; a code scanned into the search box works too), an
// optional amount for this part only, and the shop's static QR code (收款码) behind its permission, confirmed
// by the cashier seeing the money arrive. The state is payFlow.ts; every act goes to the backend's tender.
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { STATIC_METHODS } from '../../shared/api/contract';
import { parseYuan, type Fen } from '../../shared/money';
import { money } from '../format';
import { codePhase, codeWaiting, openTender, partState, type PayState, type StaticMethod } from '../state/payFlow';
import { useMissing } from '../state/session';

interface Props {
  ps: PayState;
  /** what is still due (the cart's total less the parts taken) */
  stillDue: Fen;
  itemCount: number;
  codeRef: RefObject<HTMLInputElement | null>;
  /** amount: this part only (split tender); undefined = all that remains */
  onCode: (code: string, amount: number | undefined) => void;
  onStatic: (method: StaticMethod, amount: number) => void;
  onConfirmStatic: () => void;
  onDropStatic: () => void;
  onRemove: (partId: string) => void;
  onCancelAll: () => void;
  /** Esc in the code field while a code waits */
  onCancelWaiting: () => void;
}

export function CodePayPanel(p: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState('');
  const staticMissing = useMissing('sale.static_code');
  const open = openTender(p.ps);
  const waiting = codeWaiting(p.ps);
  const phase = codePhase(p.ps);
  const offline = p.ps.options !== null && !p.ps.options.online;
  const amountFen = amount.trim() === '' ? undefined : (parseYuan(amount) ?? Number.NaN);
  const amountBad =
    amountFen !== undefined && (!Number.isInteger(amountFen) || amountFen <= 0 || amountFen > p.stillDue);
  const blocked = p.itemCount === 0 || waiting || p.ps.cancelling || p.stillDue <= 0;
  const partAmount = amountBad ? undefined : amountFen;
  const failure = p.ps.failure;
  return (
    <div className="codepay" data-testid="codepay" data-phase={phase}>
      {open && open.parts.length > 0 && (
        <ul className="codepay__parts" data-testid="tender-parts">
          {open.parts.map((x) => {
            const state = partState(x);
            return (
              <li key={x.id} data-testid="tender-part" data-method={x.method} data-state={state}>
                <span>{t(`changes.method.${x.method}`)}</span>
                <span className={`part__state part--${state}`}>{t(`pay.state.${state}`)}</span>
                <strong data-fen={x.amount}>{money(x.amount)}</strong>
                <button
                  type="button"
                  className="link"
                  tabIndex={-1}
                  data-testid="part-remove"
                  disabled={p.ps.cancelling}
                  onClick={() => p.onRemove(x.id)}
                >
                  {t('pay.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {phase !== 'idle' && phase !== 'failed' && (
        <div className={`codepay__status codepay__status--${phase}`} role="status" data-testid="pay-status">
          <span>{t(`pay.phase.${phase}`)}</span>
          {(phase === 'waiting' || phase === 'confirmOnPhone') && (
            <button type="button" className="link" tabIndex={-1} data-testid="code-cancel" onClick={p.onCancelWaiting}>
              {t('pay.cancelWaiting')} <kbd>Esc</kbd>
            </button>
          )}
        </div>
      )}
      {failure && (
        <div className="codepay__status error" role="alert" data-testid="pay-failure" data-reason={failure.reason}>
          {t('pay.failed', {
            method: t(`changes.method.${failure.method}`),
            amount: money(failure.amount),
            reason: t(`pay.failure.${failure.reason}`),
          })}
        </div>
      )}
      {p.ps.error && (
        <div className="codepay__status error" role="alert" data-testid="pay-error">
          {p.ps.error}
        </div>
      )}
      {open?.commitError && (
        <div className="codepay__status error" role="alert" data-testid="pay-commit-error">
          {t('pay.commitError', { message: open.commitError.message })}
        </div>
      )}
      {p.ps.staticAsk ? (
        <div className="codepay__confirm" role="alert" data-testid="static-confirm">
          <span>
            {t('pay.staticAsk', {
              method: t(`changes.method.${p.ps.staticAsk.method}`),
              amount: money(p.ps.staticAsk.amount),
            })}
          </span>
          <button type="button" className="primary" data-testid="static-ok" onClick={p.onConfirmStatic}>
            {t('pay.staticOk')}
          </button>
          <button type="button" data-testid="static-no" onClick={p.onDropStatic}>
            {t('pay.staticNo')}
          </button>
        </div>
      ) : (
        <div className="codepay__row">
          <label className="codepay__code">
            <span>
              {t('pay.codeLabel')} <kbd>F7</kbd>
            </span>
            <input
              ref={p.codeRef}
              data-testid="code-input"
              inputMode="numeric"
              autoComplete="off"
              placeholder={offline ? t('pay.offline') : t('pay.codePlaceholder')}
              value={code}
              disabled={p.itemCount === 0}
              onChange={(e) => setCode(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && waiting) {
                  e.preventDefault();
                  p.onCancelWaiting();
                }
                if (e.key !== 'Enter') return;
                e.preventDefault();
                if (!code.trim() || blocked || amountBad) return;
                p.onCode(code, partAmount);
                setCode('');
                setAmount('');
              }}
            />
          </label>
          <input
            data-testid="part-amount"
            className={`codepay__amount${amountBad ? ' bad' : ''}`}
            inputMode="decimal"
            autoComplete="off"
            aria-label={t('pay.partAmount')}
            placeholder={t('pay.partAmountPlaceholder', { amount: money(p.stillDue) })}
            title={t('pay.partAmountHint')}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
      )}
      <div className="codepay__others">
        {STATIC_METHODS.map((m) => (
          <button
            key={m}
            type="button"
            tabIndex={-1}
            data-testid={`static-${m}`}
            disabled={blocked || amountBad || staticMissing !== null}
            title={staticMissing ?? t('pay.staticHint')}
            onClick={() => p.onStatic(m, partAmount ?? p.stillDue)}
          >
            {t(`pay.static.${m}`)}
          </button>
        ))}
        {open && (
          <button
            type="button"
            tabIndex={-1}
            data-testid="tender-cancel"
            disabled={p.ps.cancelling}
            onClick={p.onCancelAll}
          >
            {t('pay.cancelAll')}
          </button>
        )}
      </div>
      {staticMissing && (
        <div className="muted small" data-testid="static-missing">
          {t('pay.staticMissing', { why: staticMissing })}
        </div>
      )}
    </div>
  );
}
