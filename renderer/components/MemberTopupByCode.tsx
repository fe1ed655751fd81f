// Runtime: DOM. A member top-up paid by the customer's payment code instead of cash (inside 会员充值): the
// code is charged through the cloud, then the top-up is booked with that payment, once (each scan has its own
// top-up id, reused if the answer is lost). The form follows the payment (event 'pay.changed', and pay.get as
// the safety net) until the top-up is booked or the payment failed; 撤销 while it waits sends the money back.
// Online only, like every payment code (the backend refuses it offline with the reason).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodePaymentView, MemberView } from '../../shared/api/contract';
import { newId } from '../../shared/ids';
import { money } from '../format';
import { errorText } from '../i18n';
import { paymentCodeOf } from '../state/payFlow';
import { usePos } from '../state/pos';
import { codeTopupOpen, codeTopupPhase } from '../state/topupByCode';

interface Props {
  member: MemberView;
  /** the amount read by the form, when it may be charged now (null: not yet, `onAsk` says why) */
  amount: number | null;
  /** the form's own "is that right?" for a large amount: answered before any code is charged */
  onAsk: () => boolean;
  onDone: (member: MemberView, text: string) => void;
  /** a code is being charged (true) or settled (false): the form's cash top-up and 返回 wait meanwhile */
  onMoving: (moving: boolean) => void;
}

export function MemberTopupByCode({ member, amount, onAsk, onDone, onMoving }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  const [code, setCode] = useState('');
  const [payment, setPayment] = useState<CodePaymentView | null>(null);
  const [started, setStarted] = useState(false);
  const [booked, setBooked] = useState<MemberView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const phase = started ? codeTopupPhase(payment, booked !== null) : null;
  const moving = phase !== null && codeTopupOpen(phase);

  useEffect(() => {
    if (!payment || !moving) return;
    const id = payment.paymentId;
    const look = () =>
      void pos.try('pay.get', { paymentId: id }).then((r) => {
        if (!r.ok) return;
        setPayment(r.value.payment);
        if (r.value.member) setBooked(r.value.member);
      });
    const off = pos.on('pay.changed', (p) => p.paymentId === id && look());
    const timer = setInterval(look, 1_000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [pos, payment?.paymentId, moving]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => onMoving(moving), [moving]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (booked && payment) onDone(booked, t('pay.topupDone', { amount: money(payment.amount) }));
  }, [booked]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async () => {
    if (moving || amount === null) return;
    const c = paymentCodeOf(code);
    if (!c) return setError(t('pay.notCode'));
    if (!onAsk()) return; // a large amount: the form asked; the next Enter charges
    setError(null);
    setStarted(true);
    setPayment(null);
    setBooked(null);
    const input = { memberId: member.id, amount, code: c.code, clientId: newId() };
    const r = await pos.try('member.topupByCode', input);
    setCode('');
    if (r.ok) setPayment(r.value.payment);
    else {
      setStarted(false);
      setError(errorText(r.error));
    }
  };
  const cancel = async () => {
    if (!payment) return;
    const r = await pos.try('pay.cancel', { paymentId: payment.paymentId });
    if (r.ok) setPayment(r.value.payment);
    else setError(errorText(r.error));
  };

  return (
    <div className="member__bycode" data-testid="member-topup-bycode" data-phase={phase ?? 'idle'}>
      <label>
        {t('pay.topupByCode')}
        <input
          data-testid="member-topup-code"
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('pay.codePlaceholder')}
          value={code}
          disabled={moving || amount === null}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            void submit();
          }}
        />
      </label>
      {phase && phase !== 'booked' && phase !== 'failed' && (
        <div className="codepay__status" role="status" data-testid="member-topup-code-status">
          <span>{t(`pay.phase.${phase}`)}</span>
          {payment && phase !== 'cancelling' && (
            <button type="button" className="link" onClick={() => void cancel()}>
              {t('pay.cancelWaiting')}
            </button>
          )}
        </div>
      )}
      {phase === 'failed' && payment && (
        <div className="codepay__status error" role="alert" data-testid="member-topup-code-failed">
          {t('pay.failed', {
            method: t(`changes.method.${payment.method}`),
            amount: money(payment.amount),
            reason: t(`pay.failure.${payment.failure?.reason ?? 'cancelled'}`),
          })}
        </div>
      )}
      {error && (
        <div className="codepay__status error" role="alert" data-testid="member-topup-code-error">
          {error}
        </div>
      )}
    </div>
  );
}
