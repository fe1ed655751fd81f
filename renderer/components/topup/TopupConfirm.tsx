// Runtime: DOM. The confirm step: what is sold to whom, what is due, the customer's cash and the change.
// Cash above ¥10,000 or 50× what is due asks "is that right?" first (a typo, a barcode in the cash field);
// an amount beyond what a till takes says "too large", not "not an amount".
import { useTranslation } from 'react-i18next';
import { TENDER_MAX_FEN } from '../../../shared/limits';
import type { Fen } from '../../../shared/money';
import { money } from '../../format';
import { canSubmit, digitsOf, tenderOf, type TopupAction, type TopupFlow } from '../../state/topupFlow';
import type { Carrier } from './useTopupCatalog';

interface Props {
  s: TopupFlow;
  due: Fen;
  carrier: Carrier | null;
  offline: boolean;
  dispatch: (a: TopupAction) => void;
  onSubmit: () => void;
}

export function TopupConfirm({ s, due, carrier, offline, dispatch, onSubmit }: Props) {
  const { t } = useTranslation();
  const tender = tenderOf(s.tenderText, due);
  const largeAsked = tender.kind === 'confirm' && s.step.kind === 'confirm' && !s.step.largeConfirmed;
  const enter = () => {
    if (largeAsked) dispatch({ type: 'confirmLarge' });
    else if (canSubmit(s, offline)) onSubmit();
  };
  return (
    <div className="topup__confirm" data-testid="topup-confirm-step">
      <h3>{t('topup.confirmTitle')}</h3>
      <dl className="topup__summary">
        <dt>{t('topup.product')}</dt>
        <dd>{s.chosen?.name}</dd>
        {s.mode === 'topup' && (
          <>
            <dt>{t('topup.phone')}</dt>
            <dd data-testid="topup-confirm-phone">
              {digitsOf(s.phone).replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3')}
              {carrier ? ` · ${t(`topup.carriers.${carrier}`)}` : ''}
            </dd>
          </>
        )}
        {s.mode === 'bill' && (
          <>
            <dt>{t('bills.biller')}</dt>
            <dd>{s.biller}</dd>
            <dt>{t('bills.account')}</dt>
            <dd data-testid="bill-confirm-account">{s.account.trim()}</dd>
          </>
        )}
        <dt>{t('topup.due')}</dt>
        <dd className="topup__due" data-testid="topup-due">
          {money(due)}
        </dd>
      </dl>
      <label className="topup__label">
        {t('sale.tendered')}
        <input
          data-testid="topup-tendered"
          className="tender__input"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          placeholder={t('sale.tenderedPlaceholder')}
          value={s.tenderText}
          onChange={(e) => dispatch({ type: 'tender', text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') enter();
            if (e.key === 'Escape') dispatch({ type: 'back' });
          }}
        />
      </label>
      <div className="tender__row">
        <span>
          {tender.kind === 'format'
            ? t('sale.invalidAmount')
            : tender.kind === 'tooLarge'
              ? t('sale.tooLarge', { max: money(TENDER_MAX_FEN) })
              : tender.kind === 'short'
                ? t('sale.short')
                : t('sale.change')}
        </span>
        <strong data-testid="topup-change">
          {tender.kind === 'ok' || tender.kind === 'confirm' ? money(tender.change) : '—'}
        </strong>
      </div>
      {largeAsked && (
        <div className="notice" role="alert" data-testid="topup-large-tender">
          {t('sale.largeTender', { amount: money(tender.tendered) })}
          <button
            type="button"
            className="btn"
            data-testid="topup-large-ok"
            onClick={() => dispatch({ type: 'confirmLarge' })}
          >
            {t('sale.largeTenderOk')}
          </button>
        </div>
      )}
      <div className="topup__actions">
        <button
          type="button"
          className="btn"
          data-testid="topup-back"
          disabled={s.busy}
          onClick={() => dispatch({ type: 'back' })}
        >
          {t('topup.back')}
        </button>
        <button
          type="button"
          className="btn btn--primary"
          data-testid="topup-submit"
          disabled={!canSubmit(s, offline)}
          onClick={onSubmit}
        >
          {s.busy ? t('topup.submitting') : s.error ? t('topup.retry') : t('topup.submit')}
        </button>
      </div>
    </div>
  );
}
