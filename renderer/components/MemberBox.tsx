// Runtime: DOM. The member box of the sale screen (internet cafés): find a member by card number (a card
// reader types the number and Enter, like a barcode scanner), phone or its last digits, or name; show the
// name, level, discount and balance; top up their stored value with cash (change shown); the seat number
// the order goes to. Paying from stored value is the TenderPanel's "余额支付", enabled by this member.
// Top-ups are online only; one clientId per confirmed top-up, reused by "try again" (never booked twice).
// 办卡 (MemberIssue) when a search finds nobody, prefilled with what was typed, then straight to the first
// cash top-up; 记录 / 退款 (MemberHistory) for the member attached. Both online only.
// Long on purpose: find, show and top up share the attached member and the one clientId of a top-up in flight;
// the top-up's phases are renderer/state/memberTopup.ts (tested). Next split: the cash top-up form on its own.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberView } from '../../shared/api/contract';
import { checkSeat, SEAT_MAX } from '../../shared/input';
import { money } from '../format';
import { errorText } from '../i18n';
import { memberLevel } from '../i18n/labels';
import { usePos } from '../state/pos';
import { useMissing } from '../state/session';
import { MemberHistory } from './MemberHistory';
import { MemberIssue } from './MemberIssue';
import { MemberTopupForm } from './MemberTopupForm';

interface Props {
  member: MemberView | null;
  onMember: (m: MemberView | null) => void;
  seat: string;
  onSeat: (seat: string) => void;
}

export function MemberBox({ member, onMember, seat, onSeat }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<MemberView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** the open top-up form's retry key (null: closed) */
  const [topup, setTopup] = useState<{ clientId: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** the search text the 办卡 form was opened with (null: form closed) */
  const [issuing, setIssuing] = useState<string | null>(null);
  const [history, setHistory] = useState(false);
  /** a payment code is being charged for this member's top-up: the member stays attached until it settles, so
   *  the cashier sees how it ended (the top-up is booked to this member either way) */
  const [codeMoving, setCodeMoving] = useState(false);
  /** members need 会员 (member.manage); the seat belongs to the sale and stays */
  const locked = useMissing('member.manage');

  const find = async () => {
    const q = query.trim();
    if (!q || busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { members } = await pos.call('member.find', { query: q });
      if (members.length === 1) {
        onMember(members[0]!);
        setQuery('');
        setHits(null);
      } else setHits(members);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="member" data-testid="member-box">
      {member ? (
        <div className="member__card" data-testid="member-card">
          <div className="member__head">
            <strong data-testid="member-name">{member.name}</strong>
            <span className="member__level" data-testid="member-level">
              {memberLevel(t, member.level)}
            </span>
            {member.discountBps < 10000 && (
              <span className="member__discount">
                {t('member.discount', { rate: (member.discountBps / 1000).toFixed(1).replace(/\.0$/, '') })}
              </span>
            )}
            <button
              type="button"
              className="member__clear"
              data-testid="member-clear"
              disabled={codeMoving}
              title={codeMoving ? t('member.clearWhileCode') : undefined}
              onClick={() => {
                onMember(null);
                setTopup(null);
                setDone(null);
                setHistory(false);
              }}
            >
              {t('member.clear')}
            </button>
          </div>
          <div className="member__row">
            <span className="muted small">{t('member.card', { card: member.cardNo })}</span>
            <span>
              {t('member.balance')}{' '}
              <strong
                data-testid="member-balance"
                data-fen={member.balance}
                className={member.balance < 0 ? 'short' : ''}
              >
                {money(member.balance)}
              </strong>
            </span>
          </div>
          {member.unsyncedSpend > 0 && (
            <div className="muted small">{t('member.unsynced', { amount: money(member.unsyncedSpend) })}</div>
          )}
          {/* above the form: 办卡's notice tells the cashier to fill in the top-up below it */}
          {done && (
            <div className="notice" data-testid="member-topup-done">
              {done}
            </div>
          )}
          {topup ? (
            <MemberTopupForm
              member={member}
              clientId={topup.clientId}
              onCancel={() => setTopup(null)}
              onMoving={setCodeMoving}
              onDone={(m, text) => {
                setCodeMoving(false);
                onMember(m);
                setTopup(null);
                setDone(text);
              }}
            />
          ) : (
            <div className="member__actions member__actions--start">
              <button
                type="button"
                data-testid="member-topup"
                onClick={() => {
                  setDone(null);
                  setHistory(false);
                  setTopup({ clientId: crypto.randomUUID() });
                }}
              >
                {t('member.topup')}
              </button>
              {!history && (
                <button
                  type="button"
                  data-testid="member-history-open"
                  onClick={() => {
                    setDone(null);
                    setHistory(true);
                  }}
                >
                  {t('member.history')}
                </button>
              )}
            </div>
          )}
          {history && !topup && <MemberHistory member={member} onMember={onMember} onClose={() => setHistory(false)} />}
        </div>
      ) : locked ? (
        <div className="member__find">
          <input data-testid="member-input" aria-label={t('member.findLabel')} disabled title={locked} />
          <span className="muted small" data-testid="member-locked">
            {locked}
          </span>
        </div>
      ) : (
        <div className="member__find">
          <input
            data-testid="member-input"
            aria-label={t('member.findLabel')}
            placeholder={t('member.findPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setHits(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void find();
              }
            }}
          />
          {issuing !== null ? (
            <MemberIssue
              typed={issuing}
              onCancel={() => setIssuing(null)}
              onIssued={(m) => {
                setIssuing(null);
                setHits(null);
                setQuery('');
                onMember(m);
                setDone(t('member.issued', { name: m.name, card: m.cardNo }));
                setTopup({ clientId: crypto.randomUUID() });
              }}
            />
          ) : (
            hits &&
            (hits.length === 0 ? (
              <div className="member__row">
                <span className="muted small" data-testid="member-none">
                  {t('member.none', { query: query.trim() })}
                </span>
                <button
                  type="button"
                  data-testid="member-issue"
                  onClick={() => {
                    setError(null);
                    setIssuing(query.trim());
                  }}
                >
                  {t('member.issue')}
                </button>
              </div>
            ) : (
              <ul className="member__hits">
                {hits.map((m) => (
                  <li key={m.id}>
                    <button
                      type="button"
                      onClick={() => {
                        onMember(m);
                        setHits(null);
                        setQuery('');
                      }}
                    >
                      {m.name} · {m.cardNo} · {money(m.balance)}
                    </button>
                  </li>
                ))}
              </ul>
            ))
          )}
        </div>
      )}
      <label className="member__seat">
        {t('member.seat')}
        <input
          data-testid="seat-input"
          maxLength={SEAT_MAX}
          autoComplete="off"
          placeholder={t('member.seatPlaceholder')}
          value={seat}
          onChange={(e) => onSeat(e.target.value)}
        />
      </label>
      {checkSeat(seat) && (
        <div className="field-error small" data-testid="seat-problem">
          {t('validation.field', { field: t('member.seat'), rule: t('validation.formatOf.seat') })}
        </div>
      )}
      {error && (
        <div className="topup__error" role="alert" data-testid="member-error">
          {error}
        </div>
      )}
    </section>
  );
}
