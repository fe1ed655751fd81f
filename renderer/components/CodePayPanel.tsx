// Runtime: DOM. Paying beyond cash, under the cash field: the customer's payment code (scanned here, or into
// the search box — a payment code is never a product), the shop's own QR code confirmed by the cashier, the
// member's balance first, and the parts taken so far with their state ("请在手机上确认" while the customer
// enters the password). Every change goes to the backend's tender (payments/tender.ts); this only shows it.
import type { RefObject } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PayOptions, TenderView } from '../../shared/api/contract';
import { parseYuan } from '../../shared/money';
import { money } from '../format';
import { useMissing } from '../state/session';
import { codeWaiting, partState, tenderOpen } from '../state/payFlow';

interface Props {
  tender: TenderView | null;
  options: PayOptions | null;
  itemCount: number;
  busy: boolean;
  codeRef: RefObject<HTMLInputElement | null>;
  /** amountFen: this part only (split tender); undefined = what remains */
  onCode: (code: string, amountFen: number | undefined) => void;
  onStatic: (method: 'wechat_static' | 'alipay_static', amountFen: number | undefined) => void;
  /** the member's balance first (a member is attached) */
  onMember?: (() => void) | undefined;
  onRemove: (partId: string) => void;
  onCancel: () => void;
}

export function CodePayPanel(p: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState('');
  const staticMissing = useMissing('sale.static_code');
  const open = tenderOpen(p.tender) ? p.tender : null;
  const waiting = codeWaiting(p.tender);
  const amountFen = amount.trim() === '' ? undefined : (parseYuan(amount) ?? Number.NaN);
  const amountBad = amountFen !== undefined && (!Number.isFinite(amountFen) || amountFen <= 0);
  const offline = p.options !== null && !p.options.online;
  const disabled = p.itemCount === 0 || p.busy || waiting || amountBad;
  const part = amountBad ? undefined : amountFen;
  const failure = p.tender?.failure ?? null;
  return (
    <section className="codepay" data-testid="codepay">
      <div className="codepay__scan">
        <input
          ref={p.codeRef}
          data-testid="code-input"
          className="codepay__code"
          inputMode="numeric"
          autoComplete="off"
          aria-label={t('pay.codeLabel')}
          placeholder={offline ? t('pay.offline') : t('pay.codePlaceholder')}
          value={code}
          disabled={p.itemCount === 0 || offline}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            if (!code.trim() || disabled) return;
            p.onCode(code, part);
            setCode('');
            setAmount('');
          }}
        />
        <input
          data-testid="part-amount"
          className={`codepay__amount${amountBad ? ' bad' : ''}`}
          inputMode="decimal"
          autoComplete="off"
          aria-label={t('pay.partAmount')}
          placeholder={t('pay.partAmount')}
          title={t('pay.partAmountHint')}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </div>
      {open && (
        <ul className="codepay__parts" data-testid="tender-parts">
          {open.parts.map((x) => {
            const state = partState(x);
            return (
              <li key={x.id} data-testid="tender-part" data-state={state} className={`part part--${state}`}>
                <span className="part__method">{t(`pay.method.${x.method}`)}</span>
                <span className="part__amount">{money(x.amount)}</span>
                <span className="part__state" data-testid={`part-state-${state}`}>
                  {t(`pay.state.${state}`)}
                </span>
                <button type="button" className="link" data-testid="part-remove" onClick={() => p.onRemove(x.id)}>
                  {t('pay.remove')}
                </button>
              </li>
            );
          })}
          <li className="part part--due">
            <span>{t('pay.remaining')}</span>
            <strong data-testid="tender-remaining" data-fen={open.remaining}>
              {money(open.remaining)}
            </strong>
            <button type="button" className="link" data-testid="tender-cancel" onClick={p.onCancel}>
              {t('pay.cancel')}
            </button>
          </li>
        </ul>
      )}
      {failure && (
        <div className="codepay__failure error" role="alert" data-testid="pay-failure" data-reason={failure.reason}>
          {t('pay.failed', {
            method: t(`pay.method.${failure.method}`),
            amount: money(failure.amount),
            reason: t(`pay.failure.${failure.reason}`),
          })}
        </div>
      )}
      {p.tender?.commitError && (
        <div className="codepay__failure error" role="alert" data-testid="pay-commit-error">
          {t('pay.commitError', { message: p.tender.commitError.message })}
        </div>
      )}
      <div className="codepay__others">
        {(['wechat_static', 'alipay_static'] as const).map((m) => (
          <button
            key={m}
            type="button"
            tabIndex={-1}
            data-testid={`static-${m}`}
            disabled={disabled || staticMissing !== null}
            title={staticMissing ?? t('pay.staticHint')}
            onClick={() => p.onStatic(m, part)}
          >
            {t(`pay.static.${m}`)}
          </button>
        ))}
        {p.onMember && (
          <button type="button" tabIndex={-1} data-testid="tender-member" disabled={disabled} onClick={p.onMember}>
            {t('pay.memberFirst')}
          </button>
        )}
      </div>
    </section>
  );
}
