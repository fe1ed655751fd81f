// Runtime: DOM. The pick step of the top-up panel: the tabs (话费 / 点卡 / 缴费) and, per tab, the phone number
// with its carrier and face values; the game cards; or the biller, account number (户号) and amount. Choosing
// a face value or card moves focus to 下一步 (Enter goes on), a biller to the account number, never back to
// product search.
// Long on purpose: three tabs of one form (the state lives in renderer/state/topupFlow.ts, tested); each tab is
// markup only, split they would share the same props and focus handling.
import { useEffect, useRef, type Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_MAX, checkAccount, checkMobile, PHONE_INPUT_MAX } from '../../../shared/input';
import { UTILITY_AMOUNT_MAX_FEN, UTILITY_AMOUNT_MIN_FEN } from '../../../shared/limits';
import { money } from '../../format';
import {
  accountOk,
  billAmount,
  canConfirm,
  digitsOf,
  type TopupAction,
  type TopupFlow,
  type TopupMode,
  type TopupProduct,
} from '../../state/topupFlow';
import { FaceValues } from './FaceValues';
import type { Biller, Carrier, CarrierHit } from './useTopupCatalog';

interface Props {
  s: TopupFlow;
  dispatch: Dispatch<TopupAction>;
  hit: CarrierHit | null;
  products: TopupProduct[];
  cards: TopupProduct[];
  billers: Biller[];
  offline: boolean;
  onConfirm: () => void;
}

const MODES: { mode: TopupMode; label: string }[] = [
  { mode: 'topup', label: 'topup.modeTopup' },
  { mode: 'card', label: 'topup.modeCard' },
  { mode: 'bill', label: 'bills.mode' },
];

export function TopupPick({ s, dispatch, hit, products, cards, billers, offline, onConfirm }: Props) {
  const { t } = useTranslation();
  const goRef = useRef<HTMLButtonElement>(null);
  const accountRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const choose = (p: TopupProduct) => {
    dispatch({ type: 'choose', product: p });
    // after the render that enables 下一步
    setTimeout(() => (s.mode === 'bill' && !accountOk(s) ? accountRef.current : goRef.current)?.focus(), 0);
  };
  useEffect(() => {
    if (s.mode === 'topup') phoneRef.current?.focus();
  }, [s.mode]);
  // keep the cashier's biller while it is still sold, else the first one
  useEffect(() => {
    if (s.mode !== 'bill' || billers.length === 0) return;
    if (!s.biller || !billers.some((b) => b.biller === s.biller))
      dispatch({ type: 'biller', biller: billers[0]!.biller });
  }, [s.mode, s.biller, billers, dispatch]);

  const carrierName = (c: Carrier) => t(`topup.carriers.${c}`);
  const digits = digitsOf(s.phone);
  const billItems = billers.find((b) => b.biller === s.biller)?.items ?? [];
  const amount = billAmount(s);
  const mobile = checkMobile(s.phone);
  const account = checkAccount(s.account);

  return (
    <>
      <div className="topup__modes" role="tablist">
        {MODES.map(({ mode, label }) => (
          <button
            key={mode}
            type="button"
            role="tab"
            aria-selected={s.mode === mode}
            className={s.mode === mode ? 'on' : ''}
            data-testid={`topup-mode-${mode}`}
            onClick={() => dispatch({ type: 'mode', mode })}
          >
            {t(label)}
          </button>
        ))}
      </div>

      {s.mode === 'bill' ? (
        <div className="topup__bills" data-testid="bill-form">
          {billers.length === 0 ? (
            <p className="muted" data-testid="bill-none">
              {t('bills.noBillers')}
            </p>
          ) : (
            <>
              <div className="topup__label">{t('bills.biller')}</div>
              <div className="topup__modes topup__billers">
                {billers.map((b) => (
                  <button
                    key={b.biller}
                    type="button"
                    className={s.biller === b.biller ? 'on' : ''}
                    data-testid="bill-biller"
                    data-biller={b.biller}
                    aria-pressed={s.biller === b.biller}
                    onClick={() => {
                      dispatch({ type: 'biller', biller: b.biller });
                      setTimeout(() => accountRef.current?.focus(), 0);
                    }}
                  >
                    {b.biller}
                  </button>
                ))}
              </div>
              <label className="topup__label">
                {t('bills.account')}
                <input
                  ref={accountRef}
                  data-testid="bill-account"
                  className="topup__phone"
                  autoComplete="off"
                  maxLength={ACCOUNT_MAX + 2}
                  placeholder={t('bills.accountPlaceholder')}
                  value={s.account}
                  onChange={(e) => dispatch({ type: 'account', account: e.target.value })}
                  onKeyDown={(e) => e.key === 'Enter' && canConfirm(s, offline) && onConfirm()}
                />
              </label>
              {account.problem && (
                <p className="small topup__error" data-testid="bill-account-invalid" data-problem={account.problem}>
                  {t(`input.account.${account.problem}`)}
                </p>
              )}
              <label className="topup__label">
                {t('bills.amount')}
                <input
                  data-testid="bill-amount"
                  className="topup__phone"
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder={t('bills.amountPlaceholder', {
                    min: money(UTILITY_AMOUNT_MIN_FEN),
                    max: money(UTILITY_AMOUNT_MAX_FEN),
                  })}
                  value={s.billAmountText}
                  onChange={(e) =>
                    dispatch({
                      type: 'billAmount',
                      text: e.target.value,
                      base: billItems.find((p) => s.chosen?.id === p.id) ?? billItems[0] ?? null,
                    })
                  }
                  onKeyDown={(e) => e.key === 'Enter' && canConfirm(s, offline) && onConfirm()}
                />
              </label>
              {!amount.ok && amount.reason !== 'empty' && (
                <p className="small topup__error" data-testid="bill-amount-invalid">
                  {t(`bills.amountInvalid.${amount.reason}`, {
                    min: money(UTILITY_AMOUNT_MIN_FEN),
                    max: money(UTILITY_AMOUNT_MAX_FEN),
                  })}
                </p>
              )}
              <FaceValues
                items={billItems}
                chosen={amount.ok && s.chosen?.faceValue === amount.fen ? s.chosen : null}
                onChoose={choose}
                testId="bill-amount"
              />
            </>
          )}
        </div>
      ) : s.mode === 'topup' ? (
        <>
          <label className="topup__label">
            {t('topup.phone')}
            <input
              ref={phoneRef}
              data-testid="topup-phone"
              className="topup__phone"
              inputMode="numeric"
              autoComplete="off"
              maxLength={PHONE_INPUT_MAX}
              placeholder={t('topup.phonePlaceholder')}
              value={s.phone}
              onChange={(e) => dispatch({ type: 'phone', phone: e.target.value })}
            />
          </label>
          {/* a letter or too many digits at once; too few only once the carrier is known (still typing before) */}
          {mobile.problem && (mobile.problem !== 'short' || mobile.digits.length >= 7) && (
            <p className="small topup__error" data-testid="topup-phone-problem" data-problem={mobile.problem}>
              {t(`input.phone.${mobile.problem}`, { count: mobile.digits.length })}
            </p>
          )}
          <div className="topup__carrier" data-testid="topup-carrier" data-carrier={hit?.carrier ?? ''}>
            {hit?.carrier ? (
              <>
                <strong>{carrierName(hit.carrier)}</strong>
                {(hit.province || hit.city) && (
                  <span>
                    {' '}
                    · {[hit.province, hit.city !== hit.province ? hit.city : null].filter(Boolean).join(' ')}
                  </span>
                )}
              </>
            ) : digits.length >= 3 && hit ? (
              <span className="muted">{hit.tableLoaded ? t('topup.carrierUnknown') : t('topup.tableNotLoaded')}</span>
            ) : (
              <span className="muted">{t('topup.typeNumber')}</span>
            )}
          </div>
          <p className="topup__hint muted small">{t('topup.portabilityHint')}</p>
          <FaceValues items={products} chosen={s.chosen} onChoose={choose} testId="topup-face" />
        </>
      ) : (
        <div className="topup__cards">
          {cards.map((p) => (
            <button
              key={p.id}
              type="button"
              className={`topup__card${s.chosen?.id === p.id ? ' on' : ''}`}
              data-testid="card-product"
              onClick={() => choose(p)}
            >
              <span>{p.name}</span>
              <strong>{money(p.price)}</strong>
            </button>
          ))}
        </div>
      )}

      <button
        ref={goRef}
        type="button"
        className="btn btn--primary topup__go"
        data-testid="topup-confirm"
        disabled={!canConfirm(s, offline)}
        onClick={onConfirm}
      >
        {t('topup.toConfirm')}
      </button>
    </>
  );
}
