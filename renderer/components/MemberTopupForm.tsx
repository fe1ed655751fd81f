// Runtime: DOM. 会员充值: the amount (at most the outlet's maximum for one top-up, which the form names), the
// cash received and the change; above ¥1,000, or with a large amount of cash, the cashier confirms first. One
// clientId per opened form, reused by "try again", so a lost answer never books the top-up twice. The daily
// money-movement cap is the backend's and the cloud's to enforce; their refusal is shown in words. Or the
// customer pays the top-up by payment code instead of cash (MemberTopupByCode); while a code is being charged the
// cash top-up and 返回 wait, so one ¥50 is never booked twice (once in cash, once by the code).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberView } from '../../shared/api/contract';
import { DEFAULT_MEMBER_TOPUP_MAX_FEN, TENDER_MAX_FEN } from '../../shared/limits';
import { money } from '../format';
import { errorText } from '../i18n';
import { memberTopupReady, readMemberTopup } from '../state/memberTopup';
import { usePos } from '../state/pos';
import { MemberTopupByCode } from './MemberTopupByCode';

interface Props {
  member: MemberView;
  clientId: string;
  onDone: (member: MemberView, text: string) => void;
  onCancel: () => void;
  /** a payment code is being charged (true) or has settled (false): the member box holds the member meanwhile */
  onMoving?: (moving: boolean) => void;
}

export function MemberTopupForm({ member, clientId, onDone, onCancel, onMoving }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  const [amountText, setAmountText] = useState('');
  const [tenderedText, setTenderedText] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** a payment code is being charged for this top-up: no cash top-up (nor leaving) until it settles */
  const [codeMoving, setCodeMoving] = useState(false);
  const [maxFen, setMaxFen] = useState(DEFAULT_MEMBER_TOPUP_MAX_FEN);
  useEffect(() => {
    void pos.try('app.status', {}).then((r) => r.ok && r.value.limits && setMaxFen(r.value.limits.memberTopupMaxFen));
  }, [pos]);

  const r = readMemberTopup(amountText, tenderedText, maxFen);
  const ready = memberTopupReady(r, confirmed);
  const asking = r.kind === 'amount' && r.confirm.length > 0 && !confirmed && r.tender.kind !== 'short';

  const submit = async () => {
    if (codeMoving) return;
    if (asking) return setConfirmed(true);
    if (!ready || r.kind !== 'amount' || busy) return;
    if (r.tender.kind !== 'ok' && r.tender.kind !== 'confirm') return;
    setBusy(true);
    setError(null);
    try {
      const done = await pos.call('member.topup', {
        memberId: member.id,
        amount: r.amount,
        tendered: r.tender.tendered,
        clientId,
      });
      onDone(done.member, t('member.topupDone', { amount: money(done.amount), change: money(done.change) }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setConfirmed(false);
    setError(null);
  };

  return (
    <div className="member__topup" data-testid="member-topup-form">
      <label>
        {t('member.topupAmount')}
        <input
          data-testid="member-topup-amount"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          placeholder={t('member.topupMax', { max: money(maxFen) })}
          value={amountText}
          onChange={(e) => edit(setAmountText)(e.target.value)}
        />
      </label>
      <label>
        {t('member.topupTendered')}
        <input
          data-testid="member-topup-tendered"
          inputMode="decimal"
          autoComplete="off"
          placeholder={t('sale.tenderedPlaceholder')}
          value={tenderedText}
          onChange={(e) => edit(setTenderedText)(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void submit()}
        />
      </label>
      <div className="member__row" data-testid="member-topup-reading">
        {r.kind === 'tooLarge' ? (
          <span className="short">{t('member.topupTooLarge', { max: money(r.maxFen) })}</span>
        ) : r.kind === 'format' ? (
          <span className="short">{t('sale.invalidAmount')}</span>
        ) : r.kind === 'amount' && r.tender.kind === 'tooLarge' ? (
          <span className="short">{t('sale.tooLarge', { max: money(TENDER_MAX_FEN) })}</span>
        ) : r.kind === 'amount' && r.tender.kind === 'format' ? (
          <span className="short">{t('sale.invalidAmount')}</span>
        ) : (
          <>
            <span>{r.kind === 'amount' && r.tender.kind === 'short' ? t('sale.short') : t('sale.change')}</span>
            <strong data-testid="member-topup-change">
              {r.kind !== 'amount'
                ? '—'
                : r.tender.kind === 'short'
                  ? money(r.amount - r.tender.tendered)
                  : r.tender.kind === 'ok' || r.tender.kind === 'confirm'
                    ? money(r.tender.change)
                    : '—'}
            </strong>
          </>
        )}
      </div>
      {asking && r.kind === 'amount' && (
        <div className="notice" role="alert" data-testid="member-topup-ask">
          {r.confirm.includes('amount') && <div>{t('member.topupLarge', { amount: money(r.amount) })}</div>}
          {r.confirm.includes('tender') && r.tender.kind === 'confirm' && (
            <div>{t('sale.largeTender', { amount: money(r.tender.tendered) })}</div>
          )}
        </div>
      )}
      {error && (
        <div className="topup__error" role="alert" data-testid="member-topup-error">
          {error}
        </div>
      )}
      <MemberTopupByCode
        member={member}
        amount={r.kind === 'amount' ? r.amount : null}
        onAsk={() => {
          if (r.kind !== 'amount' || !r.confirm.includes('amount') || confirmed) return true;
          setConfirmed(true);
          return false;
        }}
        onDone={onDone}
        onMoving={(moving) => {
          setCodeMoving(moving);
          onMoving?.(moving);
        }}
      />
      <div className="member__actions">
        <button type="button" data-testid="member-topup-back" disabled={codeMoving} onClick={onCancel}>
          {t('topup.back')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="member-topup-confirm"
          disabled={busy || codeMoving || !(ready || asking)}
          onClick={() => void submit()}
        >
          {asking ? t('member.topupConfirmLarge') : t('member.topupConfirm')}
        </button>
      </div>
    </div>
  );
}
