// Runtime: DOM. Total, cash tendered (typed with parseYuan, quick buttons), live change, and Pay.
// An empty tendered field means exact cash.
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { parseYuan, type Fen } from '../../shared/money';
import { money, plainYuan } from '../format';

export interface Tender {
  /** fen the customer handed over, or null when the text is not an amount */
  tendered: Fen | null;
  change: number | null;
}

export function readTender(text: string, total: Fen): Tender {
  const tendered = text.trim() === '' ? total : parseYuan(text);
  return { tendered, change: tendered === null ? null : tendered - total };
}

interface Props {
  total: Fen;
  itemCount: number;
  text: string;
  onText: (text: string) => void;
  onPay: () => void;
  busy: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  /** a member is attached: their discount (already taken off total) and "余额支付" from their stored value */
  member?: { discount: number; balance: number; onPayMember: () => void };
}

const QUICK_FEN = [5000, 10000];

export function TenderPanel({ total, itemCount, text, onText, onPay, busy, inputRef, member }: Props) {
  const { t } = useTranslation();
  const { tendered, change } = readTender(text, total);
  const canPay = itemCount > 0 && change !== null && change >= 0 && !busy;
  return (
    <section className="tender">
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
      <label className="tender__label">
        {t('sale.tendered')}
        <input
          ref={inputRef}
          data-testid="tendered-input"
          className="tender__input"
          inputMode="decimal"
          autoComplete="off"
          placeholder={t('sale.tenderedPlaceholder')}
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
        <button type="button" tabIndex={-1} data-testid="tender-exact" onClick={() => onText(plainYuan(total))}>
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
      <div className={`tender__row tender__change${change !== null && change < 0 ? ' short' : ''}`}>
        <span>
          {tendered === null
            ? t('sale.invalidAmount')
            : change !== null && change < 0
              ? t('sale.short')
              : t('sale.change')}
        </span>
        <strong data-testid="change-amount" data-fen={change ?? ''}>
          {change === null ? '—' : money(Math.abs(change))}
        </strong>
      </div>
      <div className="tender__pays">
        <button type="button" className="pay big" data-testid="pay-button" disabled={!canPay} onClick={onPay}>
          {busy ? t('sale.paying') : t('sale.pay')}
          <span className="pay__hint">{t('sale.payHint')}</span>
        </button>
        {member && (
          <button
            type="button"
            className="pay pay--member"
            data-testid="pay-member"
            disabled={itemCount === 0 || busy}
            onClick={member.onPayMember}
          >
            {t('member.payByBalance')}
            <span className="pay__hint">{t('member.balanceAfter', { amount: money(member.balance - total) })}</span>
          </button>
        )}
      </div>
    </section>
  );
}
