// Runtime: DOM. Total, cash tendered (quick buttons), live change, and Pay. The cash is read by
// state/tender.ts: an empty field means exact cash; above ¥10,000 or 50× the total the panel asks "is that
// right?" and the first press of Pay (F9 / Enter) answers yes, the next one pays; beyond ¥100,000 it says
// "too large". The keys are shown on the controls (F4 cash, F9 pay, F8 pay from the member's balance).
// With a split tender under way (parts taken: member balance, a static code, a payment code) the panel shows
// what is still due — the total less what has ARRIVED (a payment code still waiting is not paid) — and the
// cash is read against that; cash waits while a payment code waits. `children` (the payment-code panel) sits
// between the total and the cash.
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { TENDER_MAX_FEN } from '../../shared/limits';
import type { Fen } from '../../shared/money';
import { money, plainYuan } from '../format';
import { tenderAccepted, tenderOf } from '../state/tender';

interface Props {
  total: Fen;
  itemCount: number;
  text: string;
  onText: (text: string) => void;
  onPay: () => void;
  busy: boolean;
  /** a large amount of cash was confirmed */
  confirmed: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  /** a member is attached: their discount (already taken off total) and "余额支付" from their stored value */
  member?: { discount: number; balance: number; onPayMember: () => void };
  /** the parts of a split tender: taken already, and a payment code still waiting */
  parts?: { paid: number; waiting: number };
  children?: ReactNode;
}

const QUICK_FEN = [5000, 10000];

export function TenderPanel(props: Props) {
  const { total, itemCount, text, onText, onPay, busy, confirmed, inputRef, member, children } = props;
  const { t } = useTranslation();
  const paid = props.parts?.paid ?? 0;
  const waitingCode = (props.parts?.waiting ?? 0) > 0;
  /** what cash must cover: the total less the parts that arrived */
  const due = Math.max(0, total - paid) as Fen;
  const tender = tenderOf(text, due);
  const change = tender.kind === 'ok' || tender.kind === 'confirm' ? tender.change : null;
  const shortBy = tender.kind === 'short' ? due - tender.tendered : null;
  const asking = tender.kind === 'confirm' && !confirmed;
  const canPay = itemCount > 0 && !busy && !waitingCode && (tenderAccepted(tender, confirmed) || asking);
  return (
    <section className={member ? 'tender tender--member' : 'tender'}>
      <div className="tender__row tender__total">
        <span>{t('sale.total')}</span>
        <span className="muted small">{t('sale.items', { count: itemCount })}</span>
        <strong data-testid="cart-total" data-fen={total}>
          {money(total)}
        </strong>
      </div>
      {member && member.discount > 0 && (
        <div className="tender__row muted" data-testid="member-discount" data-fen={member.discount}>
          <span>{t('member.discountLine')}</span>
          <span>-{money(member.discount)}</span>
        </div>
      )}
      {paid > 0 && (
        <div className="tender__row tender__due" data-testid="still-due" data-fen={due}>
          <span>{t('pay.stillDue')}</span>
          <span className="muted small">{t('pay.paidSoFar', { amount: money(paid) })}</span>
          <strong>{money(due)}</strong>
        </div>
      )}
      {children}
      {/* cash waits while a payment code waits: its field would only take room from the code's state */}
      {!waitingCode && (
        <>
          <label className="tender__label">
            <span>
              {t('sale.tendered')} <kbd>F4</kbd>
            </span>
            <input
              ref={inputRef}
              data-testid="tendered-input"
              className="tender__input"
              inputMode="decimal"
              autoComplete="off"
              placeholder={waitingCode ? t('pay.cashWaits') : t('sale.tenderedPlaceholder')}
              value={text}
              onChange={(e) => onText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  onPay();
                }
              }}
            />
          </label>
          <div className="tender__quick">
            <button type="button" tabIndex={-1} data-testid="tender-exact" onClick={() => onText(plainYuan(due))}>
              {t('sale.exact')}
            </button>
            {QUICK_FEN.map((f) => (
              <button
                type="button"
                tabIndex={-1}
                key={f}
                data-testid={`tender-${f / 100}`}
                onClick={() => onText(plainYuan(f))}
              >
                {money(f)}
              </button>
            ))}
          </div>
          <div
            className={`tender__row tender__change${shortBy !== null || tender.kind === 'format' || tender.kind === 'tooLarge' ? ' short' : ''}`}
          >
            <span data-testid="tender-state" data-state={tender.kind}>
              {tender.kind === 'format'
                ? t('sale.invalidAmount')
                : tender.kind === 'tooLarge'
                  ? t('sale.tooLarge', { max: money(TENDER_MAX_FEN) })
                  : shortBy !== null
                    ? t('sale.short')
                    : t('sale.change')}
            </span>
            <strong data-testid="change-amount" data-fen={change ?? (shortBy !== null ? -shortBy : '')}>
              {change !== null ? money(change) : shortBy !== null ? money(shortBy) : '—'}
            </strong>
          </div>
        </>
      )}
      {tender.kind === 'confirm' && (
        <div className="notice" role="alert" data-testid="large-tender">
          {confirmed
            ? t('sale.largeTenderConfirmed', { amount: money(tender.tendered) })
            : t('sale.largeTenderAsk', { amount: money(tender.tendered) })}
        </div>
      )}
      <div className="tender__pays">
        <button type="button" className="pay big" data-testid="pay-button" disabled={!canPay} onClick={onPay}>
          {busy ? t('sale.paying') : asking ? t('sale.largeTenderOk') : t('sale.pay')}
          <span className="pay__hint">{t('sale.payHint')}</span>
        </button>
        {member && (
          <button
            type="button"
            className="pay pay--member"
            data-testid="pay-member"
            disabled={itemCount === 0 || busy || waitingCode}
            onClick={member.onPayMember}
          >
            {t('member.payByBalance')} <kbd>F8</kbd>
            <span className="pay__hint">
              {member.balance >= due
                ? t('member.balanceAfter', { amount: money(member.balance - due) })
                : t('pay.balanceCovers', { amount: money(Math.max(0, member.balance)) })}
            </span>
          </button>
        )}
      </div>
    </section>
  );
}
