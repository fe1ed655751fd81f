// Runtime: DOM. 记录 of the member attached at the counter (inside MemberBox): the cloud's money movements,
// newest first — kind, amount (+ onto the card, − off it), the balance after it, and when. A payment from
// the card (消费) that is not fully refunded offers 退款: (part of) it goes back onto the card's stored value,
// no cash moves (a snack returned, a seat session cut short); at most what the payment has left. Online only;
// one clientId per open refund form, reused by "try again", so a lost answer never refunds twice.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberHistoryEntry, MemberView } from '../../shared/api/contract';
import { parseYuan } from '../../shared/money';
import { money, plainYuan, when } from '../format';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';

const signed = (fen: number) => (fen > 0 ? `+${money(fen)}` : fen < 0 ? `−${money(-fen)}` : money(0));

interface Props {
  member: MemberView;
  onMember: (m: MemberView) => void;
  onClose: () => void;
}

export function MemberHistory({ member, onMember, onClose }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  const [entries, setEntries] = useState<MemberHistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refund, setRefund] = useState<{ spend: MemberHistoryEntry; amount: string; clientId: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const h = await pos.call('member.history', { memberId: member.id });
      setEntries(h.entries);
      onMember(h.member);
    } catch (e) {
      setError(errorText(e));
    }
    // onMember is the parent's setter: the member's id is what the list depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pos, member.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const amount = refund ? parseYuan(refund.amount) : null;
  const amountOk = refund !== null && amount !== null && amount > 0 && amount <= (refund.spend.refundable ?? 0);

  const confirmRefund = async () => {
    if (!refund || !amountOk || amount === null || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await pos.call('member.refund', {
        memberId: member.id,
        spendId: refund.spend.id,
        amount,
        clientId: refund.clientId,
      });
      onMember(r.member);
      setRefund(null);
      setDone(t('member.refundDone', { amount: money(amount) }));
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="member__history" data-testid="member-history">
      <div className="member__head">
        <strong>{t('member.historyTitle')}</strong>
        <button type="button" className="member__clear" data-testid="member-history-close" onClick={onClose}>
          {t('member.historyClose')}
        </button>
      </div>
      {done && (
        <div className="notice" data-testid="member-refund-done">
          {done}
        </div>
      )}
      {error && (
        <div className="topup__error" role="alert" data-testid="member-history-error">
          {error}
        </div>
      )}
      {entries && entries.length === 0 && (
        <div className="muted small" data-testid="member-history-empty">
          {t('member.historyEmpty')}
        </div>
      )}
      {entries && entries.length > 0 && (
        <ul className="member__entries">
          {entries.map((e) => (
            <li key={e.id} data-testid="member-history-entry" data-kind={e.kind} data-fen={e.amount}>
              <div className="member__row">
                <span>{t(`member.kind.${e.kind}`)}</span>
                <strong className={e.amount < 0 ? 'short' : ''}>{signed(e.amount)}</strong>
              </div>
              <div className="member__row muted small">
                <span>{when(e.at)}</span>
                <span data-testid="member-history-balance">
                  {t('member.historyBalance', { amount: money(e.balanceAfter) })}
                </span>
              </div>
              {e.kind === 'spend' &&
                (e.refundable === 0 ? (
                  <div className="muted small">{t('member.refundedAll')}</div>
                ) : refund?.spend.id === e.id ? (
                  <div className="member__topup" data-testid="member-refund-form">
                    <label>
                      {t('member.refundTitle', { amount: money(e.refundable ?? 0) })}
                      <input
                        data-testid="member-refund-amount"
                        inputMode="decimal"
                        autoComplete="off"
                        aria-label={t('member.refundAmount')}
                        value={refund.amount}
                        onChange={(ev) => setRefund({ ...refund, amount: ev.target.value })}
                        onKeyDown={(ev) => ev.key === 'Enter' && void confirmRefund()}
                      />
                    </label>
                    <div className="member__actions">
                      <button type="button" onClick={() => setRefund(null)}>
                        {t('topup.back')}
                      </button>
                      <button
                        type="button"
                        className="primary"
                        data-testid="member-refund-confirm"
                        disabled={busy || !amountOk}
                        onClick={() => void confirmRefund()}
                      >
                        {t('member.refundConfirm')}
                      </button>
                    </div>
                  </div>
                ) : (
                  <button
                    type="button"
                    data-testid="member-refund"
                    onClick={() => {
                      setDone(null);
                      setRefund({ spend: e, amount: plainYuan(e.refundable ?? 0), clientId: crypto.randomUUID() });
                    }}
                  >
                    {t('member.refund')}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
